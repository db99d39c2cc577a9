"""Durable Functions in process: a task hub that runs orchestrations, activities and entities
written with ``azure-functions-durable``, and serves the Durable HTTP API its client calls.

::

    app = load_app("my_durable_app")
    instance_id = app.durable.start("hello_orchestrator", ["Tokyo", "Seattle"])
    status = app.durable.wait(instance_id)
    status.runtime_status, status.output      # 'Completed', ['Hello Tokyo!', ...]

See ``docs/durable.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .hub import DurableError, DurableHub, InstanceNotFoundError, OrchestrationStatus


def __getattr__(name: str) -> Any:
    # Loaded on first use: the command line imports this package for its parser only.
    if name in __all__:
        from . import hub

        return getattr(hub, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DurableError", "DurableHub", "InstanceNotFoundError", "OrchestrationStatus"]
