"""Import sqlite-utils without numpy, which the app never gives it, and without its plugins.

sqlite-utils imports numpy (and pandas) if they are installed, only to map their
number types to column types when a table is created from numpy values. This app
never passes such values, but numpy is installed (``simplejpeg`` needs it for
photos), and importing it is the largest single cost on the way to the window's
locations list (about 0.1 s of a 0.3 s budget, issue 14). Import sqlite-utils
through :func:`import_sqlite_utils` first on that path; numpy then loads only
when something that needs it is first used, exactly as before.

sqlite-utils also loads its plugins (every installed package's entry points) when the
first database is opened: about 20 ms spent reading package metadata, for plugins the
app never uses, which could otherwise run code on each of its connections. They are
marked loaded, so none is.
"""

from __future__ import annotations

import importlib
import sys

_NOT_FOR_SQLITE_UTILS = ("numpy", "pandas")
"""Optional modules sqlite-utils looks for at import; it works without them."""


def import_sqlite_utils() -> None:
    """Import ``sqlite_utils`` (once) with numpy and pandas hidden from it, and its plugins off.

    numpy (or pandas) already imported is left visible. The modules are hidden by a
    ``None`` entry in ``sys.modules`` only for the length of the import, then the entries
    are removed, so a later ``import numpy`` (photos) loads it normally. sqlite-utils'
    plugins are then marked loaded (its ``plugins._plugins_loaded``; sqlite-utils is
    pinned, and ``tests/store/test_sqlite_utils_import.py`` checks this still holds).
    """
    if "sqlite_utils" not in sys.modules:
        _import_without_numpy()
    from sqlite_utils import plugins

    plugins._plugins_loaded = True  # no public switch: see the module docstring


def _import_without_numpy() -> None:
    """Import sqlite-utils with numpy and pandas hidden (see :func:`import_sqlite_utils`)."""
    hidden = [name for name in _NOT_FOR_SQLITE_UTILS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # import of it raises ImportError
    try:
        importlib.import_module("sqlite_utils")
    finally:
        for name in hidden:
            if sys.modules.get(name, object()) is None:
                del sys.modules[name]
