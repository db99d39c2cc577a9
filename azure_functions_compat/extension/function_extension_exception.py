"""The error an extension raises when it is set up or used wrongly."""

from __future__ import annotations


class FunctionExtensionException(Exception):
    """Raised when an extension cannot be registered: an app-level extension instantiated,
    a function-level one created outside a function folder or without
    ``AzureWebJobsScriptRoot``, a class that derives from neither base.
    """
