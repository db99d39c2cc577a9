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

from .hub import DurableError, DurableHub, InstanceNotFoundError, OrchestrationStatus

__all__ = ["DurableError", "DurableHub", "InstanceNotFoundError", "OrchestrationStatus"]
