"""Make ``import azure.functions`` resolve to this package wherever the real one is absent.

How it works: a finder is appended to the END of ``sys.meta_path``, after the standard
finders. Python asks it only about modules nobody else found, so the real ``azure-functions``
always wins where it is installed. It answers for three kinds of name:

* ``azure``: only when no ``azure`` directory exists anywhere on ``sys.path``; it is then an
  empty namespace package. Where ``azure-core`` and friends are installed, their PEP 420
  namespace package is found first and stays untouched.
* ``azure.functions``: an alias of ``azure_functions_compat`` (the very same module object),
  unless a folder added to ``sys.path`` after ``azure`` was imported holds the real one.
* ``azure.functions.<name>``: an alias of ``azure_functions_compat.<name>`` for every module of
  this package, found by name (``azure.functions.http`` is ``azure_functions_compat.http``),
  while ``azure.functions`` is this package.

Once ``azure.functions`` is our package its ``__path__`` is this package's directory, so the
standard path finder would load ``azure.functions.http`` a second time from ``http.py`` under
a new name, with its own, different classes. A second finder, put at the FRONT of
``sys.meta_path`` when the alias is first made, prevents that; it only answers for
``azure.functions.<name>`` while ``azure.functions`` is this package, so it can never shadow
the real package.

At interpreter start a one-line ``.pth`` file adds a tiny stand-in finder that imports this
module only when someone imports ``azure`` or ``azure.functions`` and the standard finders
found nothing; processes that never do pay about 0.2 ms at start-up (compiling the line).
Setting the environment variable ``AZURE_FUNCTIONS_COMPAT_DROPIN`` to ``0``, ``false``, ``no``
or ``off`` turns the automatic finder off; :func:`install` and :func:`uninstall` do it by hand.

This module imports nothing from the rest of the package, so it stays cheap.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import ModuleSpec

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.abc import Loader
    from types import ModuleType
    from typing import Optional

__all__ = [
    "ENV_VAR",
    "DropinFinder",
    "enabled_by_environment",
    "install",
    "installed",
    "register_virtual_subclasses",
    "uninstall",
]

#: The environment variable that switches the automatic drop-in off (``0``/``false``/...).
ENV_VAR = "AZURE_FUNCTIONS_COMPAT_DROPIN"

_PACKAGE = "azure_functions_compat"
_ALIAS = "azure.functions"
_ALIAS_PREFIX = "azure.functions."
_OFF_VALUES = frozenset({"0", "false", "no", "off"})
# Every finder of ours carries this attribute (the .pth stand-in too), so uninstall() can
# find them all, whichever copy of this module made them.
_MARKER = "_azure_functions_compat_dropin"


def enabled_by_environment() -> bool:
    """Whether the environment allows the automatic drop-in (``AZURE_FUNCTIONS_COMPAT_DROPIN``).

    Unset, empty or any value but ``0``, ``false``, ``no`` and ``off`` (any case) means yes.
    """
    return os.environ.get(ENV_VAR, "").strip().lower() not in _OFF_VALUES


class _AliasLoader:
    """Loads ``azure.functions[.x]`` by handing out the module ``azure_functions_compat[.x]``."""

    __slots__ = ("target",)

    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: ModuleSpec) -> None:
        """Let the import system create a throw-away module; exec_module replaces it."""
        return None

    def exec_module(self, module: ModuleType) -> None:
        """Import the target and put it in ``sys.modules`` under the alias name.

        The import system then returns whatever ``sys.modules`` holds under the name (a
        documented behaviour of ``importlib``), so both names give the same module object
        and its ``__spec__``, ``__name__`` and ``__file__`` stay those of this package.
        """
        from importlib import import_module

        target = import_module(self.target)
        sys.modules[module.__name__] = target
        if module.__name__ == _ALIAS:
            _put_submodule_finder_first()


def _alias_spec(fullname: str) -> Optional[ModuleSpec]:
    """A spec aliasing ``fullname`` (``azure.functions...``) to our module, if that exists."""
    target = _PACKAGE + fullname[len(_ALIAS) :]
    if target not in sys.modules:
        from importlib.util import find_spec

        try:
            if find_spec(target) is None:
                return None
        except (ImportError, ValueError):
            return None
    from typing import cast

    # _AliasLoader has the two methods the import system calls; importlib.abc is not worth
    # importing just to inherit from its Loader.
    return ModuleSpec(fullname, cast("Loader", _AliasLoader(target)))


class DropinFinder:
    """The meta path finder that provides ``azure`` and ``azure.functions`` as a last resort.

    It belongs at the end of ``sys.meta_path`` (``install()`` puts it there): it only sees
    names the standard finders could not find.
    """

    __slots__ = ()
    _azure_functions_compat_dropin = True

    def find_spec(
        self,
        fullname: str,
        path: Optional[Sequence[str]] = None,
        target: Optional[ModuleType] = None,
    ) -> Optional[ModuleSpec]:
        """A spec for ``azure``, ``azure.functions`` or ``azure.functions.<x>``, else None."""
        if fullname == "azure":
            # No azure directory anywhere: an empty namespace package to hang ours under.
            spec = ModuleSpec("azure", None, is_package=True)
            # Marks it as ours, for uninstall().
            spec.loader_state = _MARKER
            return spec
        if fullname == _ALIAS:
            # A real azure.functions put on sys.path after our stand-in "azure" was made
            # (whose __path__ does not follow sys.path) must still win.
            return _late_namespace_spec(fullname) or _alias_spec(fullname)
        if fullname.startswith(_ALIAS_PREFIX):
            # Only below our own azure.functions: the real package's missing submodules
            # stay missing rather than becoming ours.
            if sys.modules.get(_ALIAS) is not sys.modules.get(_PACKAGE):
                return None
            return _alias_spec(fullname)
        if fullname.startswith("azure.") and fullname.count(".") == 1:
            return _late_namespace_spec(fullname)
        return None

    def __repr__(self) -> str:
        return "azure_functions_compat.dropin.DropinFinder()"


def _late_namespace_spec(fullname: str) -> Optional[ModuleSpec]:
    """Find ``azure.<x>`` of a folder put on ``sys.path`` after we made ``azure`` ourselves.

    A real namespace package notices new ``sys.path`` entries by itself; our stand-in's
    ``__path__`` is a plain list, so it is brought up to date here, when an import fails.
    """
    azure = sys.modules.get("azure")
    spec = getattr(azure, "__spec__", None)
    if getattr(spec, "loader_state", None) != _MARKER:
        return None
    search_path = getattr(azure, "__path__", None)
    if not isinstance(search_path, list):
        return None
    for entry in sys.path:
        folder = os.path.join(entry or os.getcwd(), "azure")
        if folder not in search_path and os.path.isdir(folder):
            search_path.append(folder)
    from importlib.machinery import PathFinder

    return PathFinder.find_spec(fullname, search_path)


class _SubmoduleFinder:
    """Front-of-path finder: ``azure.functions.<x>`` while ``azure.functions`` is this package."""

    __slots__ = ()
    _azure_functions_compat_dropin = True

    def find_spec(
        self,
        fullname: str,
        path: Optional[Sequence[str]] = None,
        target: Optional[ModuleType] = None,
    ) -> Optional[ModuleSpec]:
        if not fullname.startswith(_ALIAS_PREFIX):
            return None
        alias = sys.modules.get(_ALIAS)
        if alias is None or alias is not sys.modules.get(_PACKAGE):
            return None
        return _alias_spec(fullname)


def _bootstrap_find_spec(
    fullname: str, path: Optional[Sequence[str]] = None, target: Optional[ModuleType] = None
) -> Optional[ModuleSpec]:
    """Entry point of the ``.pth`` stand-in finder: answer as :class:`DropinFinder` would.

    The stand-in only asks about ``azure`` and ``azure.functions...``; from its first call on,
    a :class:`DropinFinder` takes its place, to answer for the other ``azure.<x>`` as well.
    """
    # Replaced in place, same length: the import system may be iterating over the list now.
    sys.meta_path[:] = [
        DropinFinder() if _ours(finder) and not isinstance(finder, _SubmoduleFinder) else finder
        for finder in sys.meta_path
    ]
    return DropinFinder().find_spec(fullname, path, target)


def _ours(finder: object) -> bool:
    return getattr(finder, _MARKER, False) is True


def _put_submodule_finder_first() -> None:
    if not any(isinstance(finder, _SubmoduleFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SubmoduleFinder())


def installed() -> bool:
    """Whether a drop-in finder (automatic or from :func:`install`) is on ``sys.meta_path``."""
    return any(_ours(finder) for finder in sys.meta_path)


def install() -> None:
    """Make ``import azure.functions`` resolve to this package where the real one is absent.

    Appends a :class:`DropinFinder` to the end of ``sys.meta_path``; calling it again does
    nothing. It works whatever ``AZURE_FUNCTIONS_COMPAT_DROPIN`` says: it is the explicit way
    for those who turned the automatic one off. A real ``azure.functions`` that is installed
    or already imported keeps winning.
    """
    if not installed():
        sys.meta_path.append(DropinFinder())


def uninstall() -> None:
    """Undo :func:`install` and the automatic drop-in.

    Removes our finders from ``sys.meta_path`` and forgets (from ``sys.modules``) the
    ``azure.functions`` names that point at this package, and an ``azure`` namespace package
    made by us, so the next ``import azure.functions`` fails or finds the real package.
    Modules that already hold a reference to them keep it. Calling it again does nothing.
    """
    sys.meta_path[:] = [finder for finder in sys.meta_path if not _ours(finder)]
    for name, module in list(sys.modules.items()):
        if (name == _ALIAS or name.startswith(_ALIAS_PREFIX)) and getattr(
            module, "__name__", ""
        ).startswith(_PACKAGE):
            del sys.modules[name]
    azure = sys.modules.get("azure")
    if azure is None:
        return
    if getattr(azure, "functions", None) is sys.modules.get(_PACKAGE):
        del azure.functions
    if getattr(getattr(azure, "__spec__", None), "loader_state", None) == _MARKER:
        del sys.modules["azure"]


# Our class -> the name of its counterpart in the real azure.functions.
_COUNTERPARTS: dict[str, tuple[str, ...]] = {
    "azure_functions_compat.http": ("HttpRequest", "HttpResponse"),
    "azure_functions_compat.blob": ("InputStream",),
    "azure_functions_compat.queue": ("QueueMessage",),
    "azure_functions_compat.timer": ("TimerRequest",),
    "azure_functions_compat.out": ("Out",),
    "azure_functions_compat.context": ("Context",),
    "azure_functions_compat.servicebus": ("ServiceBusMessage",),
    "azure_functions_compat.eventhub": ("EventHubEvent",),
    "azure_functions_compat.eventgrid": ("EventGridEvent", "EventGridOutputEvent", "CloudEvent"),
    "azure_functions_compat.cosmosdb": ("Document", "DocumentList"),
    "azure_functions_compat.sql": ("SqlRow", "SqlRowList"),
    "azure_functions_compat.mysql": ("MySqlRow", "MySqlRowList"),
    "azure_functions_compat.kafka": ("KafkaEvent",),
}


def register_virtual_subclasses() -> int:
    """Register our binding types as virtual subclasses of the real ``azure.functions`` ones.

    Afterwards ``isinstance(our_request, azure.functions.HttpRequest)`` holds, so code typed
    against the real package accepts our objects. Only acts when the real package is the
    imported ``azure.functions``, and only for our modules already imported (it imports
    nothing); call it again after importing more. Returns how many classes it registered.
    """
    from abc import ABCMeta

    real = sys.modules.get(_ALIAS)
    if real is None or real is sys.modules.get(_PACKAGE):
        return 0
    count = 0
    for module_name, names in _COUNTERPARTS.items():
        ours = sys.modules.get(module_name)
        if ours is None:
            continue
        for name in names:
            our_class = getattr(ours, name, None)
            real_class = getattr(real, name, None)
            if (
                isinstance(our_class, type)
                and isinstance(real_class, ABCMeta)
                and not issubclass(our_class, real_class)
            ):
                real_class.register(our_class)
                count += 1
    return count
