"""Layers you can see: the core imports no Qt, and ``ui/`` never touches SQL.

Both rules are checked by parsing every ``.py`` file with :mod:`ast` (nothing is
imported or run). Each checker also has negative tests on small snippets that
prove it flags what it should, so a checker that silently passes everything fails.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import safeguarding.store

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "safeguarding"
UI = ROOT / "ui"

QT_PACKAGES = frozenset({"PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "qtpy", "pytestqt"})
DB_PACKAGES = frozenset({"sqlite3", "sqlite_utils", "sqlcipher3", "apsw"})
STORE_PACKAGE = "safeguarding.store"
STORE_PUBLIC = frozenset(safeguarding.store.__all__)
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b.*\b(FROM|INTO|SET)\b", re.DOTALL)


def python_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(tree: ast.AST, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Every module name a file imports, with line numbers.

    ``from a.b import c`` yields both ``a.b`` and ``a.b.c`` (``c`` may be a
    submodule); relative imports are resolved against ``module``; calls to
    ``importlib.import_module("x")`` and ``__import__("x")`` with a literal count too.
    """
    found: list[tuple[int, str]] = []
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)] if node.level > 1 else anchor
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            first = node.args[0]
            is_literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
            if name in {"import_module", "__import__"} and is_literal:
                found.append((node.lineno, first.value))  # type: ignore[attr-defined]
    return found


def core_violations(source: str, module: str = "safeguarding.example") -> list[str]:
    """Problems in a core module: any Qt import."""
    tree = ast.parse(source)
    return [f"line {line}: imports {name}" for line, name in imports(tree, module) if name.split(".")[0] in QT_PACKAGES]


def ui_violations(source: str, module: str = "ui.example") -> list[str]:
    """Problems in a ui module: database drivers, store internals, SQL text."""
    tree = ast.parse(source)
    problems: list[str] = []
    for line, name in imports(tree, module):
        if name.split(".")[0] in DB_PACKAGES:
            problems.append(f"line {line}: imports {name}")
        elif name.startswith(STORE_PACKAGE + "."):
            rest = name[len(STORE_PACKAGE) + 1 :]
            if rest.split(".")[0] not in STORE_PUBLIC:
                problems.append(f"line {line}: imports store internals {name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            problems.append(f"line {node.lineno}: SQL text {node.value.strip()[:40]!r}")
    return problems


def _scan(folder: Path, checker: object) -> dict[str, list[str]]:
    results: dict[str, list[str]] = {}
    for path in python_files(folder):
        source = path.read_text(encoding="utf-8")
        problems = checker(source, module_name(path))  # type: ignore[operator]
        if problems:
            results[str(path.relative_to(ROOT))] = problems
    return results


# --- The real tree ------------------------------------------------------------------


def test_core_files_are_found() -> None:
    names = {module_name(path) for path in python_files(CORE)}
    assert {"safeguarding", "safeguarding.model", "safeguarding.store.database", "safeguarding.forms"} <= names


def test_core_imports_no_qt() -> None:
    assert _scan(CORE, core_violations) == {}


def test_ui_runs_no_sql_and_uses_only_the_public_store_api() -> None:
    # ui/ may still be small; the negative tests below prove the checker itself works.
    assert _scan(UI, ui_violations) == {}


def test_ui_checker_flags_the_real_store_code() -> None:
    # The store module is exactly what ui/ must not be: the checker must say so.
    source = (CORE / "store" / "database.py").read_text(encoding="utf-8")
    problems = ui_violations(source, "ui.pretend")
    assert any("imports sqlcipher3" in p for p in problems)
    assert any("imports sqlite_utils" in p for p in problems)
    assert any("SQL text" in p for p in problems)


# --- Negative checks: the checkers flag bad snippets ------------------------------------


@pytest.mark.parametrize(
    "snippet",
    [
        "import PySide6",
        "from PySide6.QtWidgets import QWidget",
        "from PySide6 import QtCore",
        "import PyQt6.QtCore as qc",
        "def f():\n    from PySide6.QtGui import QColor\n    return QColor",
        "import importlib\nimportlib.import_module('PySide6.QtWebEngineWidgets')",
        "try:\n    import shiboken6\nexcept ImportError:\n    pass",
    ],
)
def test_core_checker_flags_qt(snippet: str) -> None:
    assert core_violations(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        "import sqlite3",
        "import sqlite_utils",
        "from sqlite_utils import Database",
        "from sqlite_utils.db import Table",
        "from safeguarding.store.database import open_database",
        "from safeguarding.store import database",
        "from safeguarding.store.locations import LocationRepository",
        "import safeguarding.store.migrations",
        "from safeguarding.store import Store, migrations",
        "rows = store.db.execute('SELECT name FROM locations')",
        'store.db.execute("INSERT INTO locations (id) VALUES (?)", [x])',
        "q = f'UPDATE locations SET name = {name!r}'",
        "q = '''\n    DELETE\n    FROM observations\n    WHERE id = ?\n'''",
    ],
)
def test_ui_checker_flags_sql_and_store_internals(snippet: str) -> None:
    assert ui_violations(snippet, "ui.editor.example")


@pytest.mark.parametrize(
    "snippet",
    [
        "from PySide6.QtWidgets import QPushButton\nb = QPushButton('Delete visit')",
        "from safeguarding.store import Store, open_store",
        "import safeguarding.store",
        "from safeguarding import store",
        "from safeguarding.errors import StorageError",
        "label = 'Select the place from the list'",  # ordinary English, not upper-case SQL
        "hint = 'Update the rating, then set the status'",
        "from .models import LocationTableModel",
    ],
)
def test_ui_checker_allows_ordinary_ui_code(snippet: str) -> None:
    assert ui_violations(snippet, "ui.example") == []


def test_core_checker_allows_ordinary_core_code() -> None:
    snippet = "import sqlite3\nfrom safeguarding.model import Location\nQUERY = 'SELECT id FROM locations'"
    assert core_violations(snippet) == []


def test_relative_imports_are_resolved() -> None:
    tree = ast.parse("from . import database\nfrom ..errors import StorageError")
    names = {name for _, name in imports(tree, "safeguarding.store.locations")}
    assert {"safeguarding.store.database", "safeguarding.errors.StorageError"} <= names
    package = {name for _, name in imports(ast.parse("from .locations import X"), "safeguarding.store", True)}
    assert "safeguarding.store.locations" in package
