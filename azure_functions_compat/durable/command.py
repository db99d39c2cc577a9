"""``python -m azure_functions_compat durable APP ORCHESTRATOR``: run one orchestration.

The task hub lives in the process, so the command starts the orchestration, raises the
events given (in order, right after the start), waits for it on the virtual clock and
prints its final status; the exit status is 0 when it completed, 1 otherwise. With
``--storage`` the hub keeps its instances in that storage, and ``--instance ID`` without
ORCHESTRATOR drives an instance kept there (raises the events, waits, prints its status).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_command(commands: Any) -> None:
    """Add the ``durable`` command to the subparsers of the command line."""
    durable = commands.add_parser("durable", help="run an orchestration to its end")
    durable.add_argument("app", metavar="APP", help="the function app folder")
    durable.add_argument(
        "orchestrator",
        metavar="ORCHESTRATOR",
        nargs="?",
        help="the orchestrator to start (omitted: drive the instance --instance names)",
    )
    durable.add_argument(
        "--instance",
        metavar="ID",
        help="the instance id: the new instance's, or, without ORCHESTRATOR, that of an "
        "instance kept in --storage to raise the events to, wait for and show",
    )
    durable.add_argument("--input", metavar="JSON", help="the orchestration's input (JSON)")
    durable.add_argument(
        "--event",
        action="append",
        default=[],
        metavar="NAME=JSON",
        help="raise this event right after the start (repeatable)",
    )
    durable.add_argument("--timeout", type=float, default=60.0, help="seconds to wait (60)")
    durable.add_argument("--history", action="store_true", help="print the history events too")
    durable.add_argument("--storage", metavar="DIR", help=_STORAGE_HELP)
    durable.set_defaults(run=run_command)


_STORAGE_HELP = (
    "keep the task hub's instances and entities in DIR, between runs (default: in memory); "
    "or 'azure' (the account in the app's AzureWebJobsStorage), or a storage connection string"
)


def _json_option(option: str, text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ValueError(f"{option} must be JSON ({exc}), got {text!r}") from None


def run_command(args: argparse.Namespace) -> int:
    """Carry out ``durable``: 0 when the orchestration completed, 1 when not."""
    from ..host import load_app

    events = []
    for item in args.event:
        name, equals, value = item.partition("=")
        if not equals or not name:
            raise ValueError(f"--event must be NAME=JSON, got {item!r}")
        events.append((name, _json_option("--event", value)))
    if args.orchestrator is None:
        if args.instance is None:
            raise ValueError(
                "give ORCHESTRATOR to start an orchestration, or --instance ID (with "
                "--storage) to drive one kept there"
            )
        if args.input is not None:
            raise ValueError("--input starts an orchestration: give ORCHESTRATOR with it")
    value = None if args.input is None else _json_option("--input", args.input)
    app = load_app(args.app, storage=args.storage)
    hub = app.durable
    try:
        if args.orchestrator is None:
            instance_id = args.instance
            hub.status(instance_id)  # InstanceNotFoundError, before any event is raised
        else:
            instance_id = hub.start(args.orchestrator, value, instance_id=args.instance)
        for name, data in events:
            hub.raise_event(instance_id, name, data)
        try:
            status = hub.wait(instance_id, timeout=args.timeout)
        except TimeoutError as exc:
            sys.stderr.write(f"{exc}\n")
            status = hub.status(instance_id)
        if args.history:
            status = hub.status(instance_id, show_history=True, show_history_output=True)
        sys.stdout.write(json.dumps(status.to_json(), indent=2, default=str) + "\n")
        return 0 if status.runtime_status == "Completed" else 1
    finally:
        hub.close()
        app.close()


__all__ = ["add_command", "run_command"]
