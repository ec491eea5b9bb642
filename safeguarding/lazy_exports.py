"""Names a package offers from its modules, imported only when first used (PEP 562).

A package ``__init__`` that imports its own modules at load time makes an import
cycle with every one of them that imports a sibling (importing
``safeguarding.store.locations`` first runs ``safeguarding/store/__init__.py``,
which imports ``locations`` again, half-loaded). With :func:`lazy_exports` the
``__init__`` imports nothing: ``from safeguarding.store import open_store`` still
works, and loads ``safeguarding.store.repositories`` at that moment.

Use, in a package's ``__init__.py``::

    from typing import TYPE_CHECKING

    from safeguarding.lazy_exports import lazy_exports

    if TYPE_CHECKING:  # for type checkers and readers; never run
        from safeguarding.store.repositories import Store, open_store

    __getattr__ = lazy_exports(__name__, {"safeguarding.store.repositories": ("Store", "open_store")})
    __all__ = ["Store", "open_store"]
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence


def lazy_exports(package: str, exports: Mapping[str, Sequence[str]]) -> Callable[[str], object]:
    """Return a module ``__getattr__`` that offers ``exports`` lazily.

    Args:
        package: The package's ``__name__`` (for the error message).
        exports: Module name -> the names it offers, e.g.
            ``{"safeguarding.store.repositories": ("Store", "open_store")}``.

    Returns:
        ``__getattr__(name)``, to assign in the package's ``__init__``: it imports the
        module that offers ``name`` and returns ``name`` from there (AttributeError
        for a name not offered).

    Raises:
        ValueError: two modules offer the same name.
    """
    where: dict[str, str] = {}
    for module, names in exports.items():
        for name in names:
            if name in where:
                raise ValueError(f"{package}: {name} is offered by both {where[name]} and {module}")
            where[name] = module

    def attribute(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    return attribute
