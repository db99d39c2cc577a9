"""The host beside the real ``azure-functions``: taking its objects, and making ours pass for it.

Most apps list ``azure-functions`` in ``requirements.txt``, so the real package is often
installed next to this one, and then ``import azure.functions`` gives the real package. The
host then meets two families of binding types:

* what the function hands back (a returned ``func.HttpResponse``, a ``func.QueueMessage`` set
  on an ``Out``, an ``EventGridOutputEvent`` ...) may be the real package's. The converters
  recognise a type by name, ours or the real package's (:func:`is_binding_type`), and read it
  through the public API both share (``status_code``, ``headers``, ``get_body()`` ...);
* what the host hands the function (requests, messages, ``Out``, ``Context`` ...) is ours,
  made a virtual subclass of the real class of the same name (:func:`pass_for_real_package`),
  so ``isinstance(req, func.HttpRequest)`` holds whichever ``azure.functions`` the app
  imported. Objects of the real package given to ``App.invoke`` go to the function as they are.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from .errors import BindingError

if TYPE_CHECKING:
    from ..http import HttpResponse

# Module prefixes of the classes that count as binding types: the real package's modules
# (azure.functions._http, azure.functions._abc ...) and ours.
_BINDING_MODULES = ("azure.functions", "azure_functions_compat")
# Our modules holding a class that has a counterpart in the real package (see dropin).
_COUNTERPART_MODULES = (
    "http",
    "blob",
    "queue",
    "timer",
    "out",
    "context",
    "servicebus",
    "eventhub",
    "eventgrid",
    "cosmosdb",
    "sql",
    "mysql",
    "kafka",
)


def is_binding_type(value: object, cls: type) -> bool:
    """Whether ``value`` is a ``cls`` (one of our binding types) or the real package's one.

    A class of the real ``azure.functions`` counts when it, or a class it derives from, has
    the same name (``HttpResponse`` of ``azure.functions._http`` derives from the abstract
    ``HttpResponse`` of ``azure.functions._abc``); so does a user's subclass of either.
    """
    if isinstance(value, cls):
        return True
    name = cls.__name__
    for base in type(value).__mro__:
        if base.__name__ == name and (getattr(base, "__module__", "") or "").startswith(
            _BINDING_MODULES
        ):
            return True
    return False


def http_response(value: Any, where: str) -> HttpResponse:
    """Our HttpResponse for any HttpResponse, read through the public API both packages share.

    ``where`` names the output in the BindingError raised when the response is not one this
    package can send (a status outside 100-599, a header with CR or LF ...).
    """
    from ..http import HttpResponse

    if isinstance(value, HttpResponse):
        return value
    try:
        headers = getattr(value, "headers", None)
        # A werkzeug Headers (the real package's), a multidict or a dict: items() gives every
        # value of a repeated header.
        pairs = list(headers.items()) if headers is not None else None
        return HttpResponse(
            value.get_body(),
            status_code=value.status_code,
            headers=pairs,
            mimetype=getattr(value, "mimetype", None),
            charset=getattr(value, "charset", None),
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise BindingError(
            f"{where}: the {type(value).__name__} returned cannot be sent: {exc}"
        ) from None


def real_package_loaded() -> bool:
    """Whether ``azure.functions`` is imported and is the real package, not this one."""
    real = sys.modules.get("azure.functions")
    return real is not None and real is not sys.modules.get("azure_functions_compat")


def pass_for_real_package() -> int:
    """Make every binding type the host hands out a virtual subclass of the real one.

    Does nothing unless the real ``azure.functions`` is imported; then imports each of our
    modules that has a counterpart there and registers its classes. Returns how many
    classes it registered now.
    """
    if not real_package_loaded():
        return 0
    from importlib import import_module

    from .. import dropin

    for name in _COUNTERPART_MODULES:
        import_module(f"azure_functions_compat.{name}")
    return dropin.register_virtual_subclasses()


__all__ = ["http_response", "is_binding_type", "pass_for_real_package", "real_package_loaded"]
