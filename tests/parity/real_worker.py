"""Run parity cases against the real ``azure.functions``, in its own interpreter.

Reads ``{"cases": {id: code}, "classes": [name]}`` as JSON on stdin, writes
``{"results": {id: outcome}, "classes": {name: {attribute: kind}}, "version": "1.26.0"}`` on
stdout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from normalize import describe_class, run_case


def namespace() -> dict[str, object]:
    """The names a case sees: the concrete classes of the real package."""
    import azure.functions as func
    import azure.functions.blob
    import azure.functions.queue
    import azure.functions.timer

    return {
        "func": func,
        "HttpRequest": func.HttpRequest,
        "HttpResponse": func.HttpResponse,
        # The top-level names of these three are abstract; the concrete classes live here.
        "InputStream": azure.functions.blob.InputStream,
        "TimerRequest": azure.functions.timer.TimerRequest,
        "FullQueueMessage": azure.functions.queue.QueueMessage,
        "QueueMessage": func.QueueMessage,
        "Out": func.Out,
        "Context": func.Context,
    }


def main() -> None:
    request = json.load(sys.stdin)
    names = namespace()
    results = {case_id: run_case(code, names) for case_id, code in request["cases"].items()}
    classes = {name: describe_class(getattr(names["func"], name)) for name in request["classes"]}
    from importlib.metadata import version

    json.dump(
        {"results": results, "classes": classes, "version": version("azure-functions")},
        sys.stdout,
    )


if __name__ == "__main__":
    main()
