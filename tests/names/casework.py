"""Run small code cases against a package bound to the name ``func``; report what happened.

The same cases run in this process against our package and, in a child process, against the
real ``azure.functions`` (``python casework.py`` reads the cases as JSON on stdin and writes
the outcomes as JSON on stdout). Kept free of this project's imports for that reason.

A case is Python source that sets ``result`` to something JSON can hold. Its outcome is
``{"value": result}`` or, when it raises, ``{"raises": "<exception class name>"}``. Before
each case the extension registry is emptied, so cases that define extensions do not see
each other's.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

# Set by the cases that create function-level extensions; never left behind.
SCRIPT_ROOT = "AzureWebJobsScriptRoot"


def _reset_extensions(func: Any) -> None:
    meta = func.ExtensionMeta
    meta._func_exts = {}
    meta._app_exts = None
    meta._info = {}


def run_case(func: Any, source: str) -> dict[str, Any]:
    """Execute one case with ``func`` bound; its outcome."""
    _reset_extensions(func)
    saved_root = os.environ.pop(SCRIPT_ROOT, None)
    namespace: dict[str, Any] = {"func": func}
    try:
        exec(source, namespace)
    except Exception as error:
        return {"raises": type(error).__name__}
    finally:
        os.environ.pop(SCRIPT_ROOT, None)
        if saved_root is not None:
            os.environ[SCRIPT_ROOT] = saved_root
        _reset_extensions(func)
    return {"value": json.loads(json.dumps(namespace.get("result"), default=repr))}


def run_cases(func: Any, cases: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The outcome of each case, by name."""
    return {name: run_case(func, source) for name, source in cases.items()}


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore")
    import azure.functions

    json.dump(run_cases(azure.functions, json.load(sys.stdin)), sys.stdout)
