"""Layers you can see: the core imports no Qt, ``ui/`` never touches SQL, nothing imports upwards.

The layers, bottom to top: the low-level modules at the top of ``safeguarding/``
(errors, model, forms, timeutil...); the folders of ``safeguarding/`` (store,
reports, workflows...); ``ui/``; ``app/``. Checked here:

* the core imports no Qt, no ``ui`` and no ``app``; ``ui`` imports no ``app``;
* a low-level module imports no folder of the core (type-only imports under
  ``if TYPE_CHECKING:`` are allowed: they never run);
* ``ui/`` runs no SQL and uses only the public names of ``safeguarding.store``;
* no import cycle at run time: the module-level imports of ``safeguarding``,
  ``ui`` and ``app`` (importing ``a.b.c`` also runs ``a`` and ``a.b``) form no cycle.

Every rule is checked by parsing every ``.py`` file with :mod:`ast` (nothing is
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
APP = ROOT / "app"
CORE_FOLDERS = frozenset(path.parent.name for path in CORE.glob("*/__init__.py"))

QT_PACKAGES = frozenset({"PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "qtpy", "pytestqt"})
DB_PACKAGES = frozenset({"sqlite3", "sqlite_utils", "sqlcipher3", "apsw"})
STORE_PACKAGE = "safeguarding.store"
STORE_PUBLIC = frozenset(safeguarding.store.__all__)
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b.*\b(FROM|INTO|SET)\b", re.DOTALL)


def python_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def module_name(path: Path, base: Path = ROOT) -> str:
    parts = list(path.relative_to(base).with_suffix("").parts)
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
    """Problems in a core module: any import of Qt, ``ui`` or ``app``."""
    tree = ast.parse(source)
    banned = QT_PACKAGES | {"ui", "app"}
    return [f"line {line}: imports {name}" for line, name in imports(tree, module) if name.split(".")[0] in banned]


def _is_type_checking(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


def runtime_imports(tree: ast.Module, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Like :func:`imports`, without the type-only imports under ``if TYPE_CHECKING:`` (they never run)."""
    kept: list[ast.stmt] = []

    def keep(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If) and _is_type_checking(node):
                keep(node.orelse)
            else:
                kept.append(node)

    keep(tree.body)
    return [found for node in kept for found in imports(node, module, is_package)]


def module_level_imports(tree: ast.Module, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """The imports that run when the module is imported: not inside functions, not under TYPE_CHECKING.

    Statements inside ``if``/``try``/``with`` and class bodies at module level run at import, so they count.
    """
    found: list[tuple[int, str]] = []

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                found.extend(imports(node, module, is_package))
            elif isinstance(node, ast.If):
                visit(node.orelse if _is_type_checking(node) else node.body + node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body + node.orelse + node.finalbody + [s for h in node.handlers for s in h.body])
            elif isinstance(node, (ast.With, ast.ClassDef)):
                visit(node.body)

    visit(tree.body)
    return found


def low_level_violations(source: str, module: str = "safeguarding.example") -> list[str]:
    """Problems in a low-level module (top of ``safeguarding/``): a run-time import of a folder of the core."""
    problems = []
    for line, name in runtime_imports(ast.parse(source), module):
        parts = name.split(".")
        if parts[0] == "safeguarding" and len(parts) > 1 and parts[1] in CORE_FOLDERS:
            problems.append(f"line {line}: imports {name} (a folder above the low-level modules)")
    return problems


def import_graph(roots: list[Path], base: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the modules of ``roots`` (packages under ``base``) its module-level imports run (with parents)."""
    files = {module_name(path, base): path for root in roots for path in python_files(root)}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        deps: set[str] = set()
        for _, imported in module_level_imports(tree, name, path.name == "__init__.py"):
            parts = imported.split(".")
            deps.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
        graph[name] = {dep for dep in deps if dep in files and dep != name}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def strong(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                strong(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            strong(node)
    return groups


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


def test_ui_imports_no_app() -> None:
    found = {
        module_name(path): [name for _, name in imports(ast.parse(path.read_text(encoding="utf-8")), module_name(path))]
        for path in python_files(UI)
    }
    assert {module: names for module, names in found.items() if any(n.split(".")[0] == "app" for n in names)} == {}


def test_low_level_modules_import_no_folder_of_the_core() -> None:
    low_level = [path for path in CORE.glob("*.py") if path.name != "__init__.py"]
    assert {"errors.py", "model.py", "timeutil.py"} <= {path.name for path in low_level}
    assert {"store", "plan", "workflows", "protection", "demo"} <= CORE_FOLDERS
    problems = {
        path.name: low_level_violations(path.read_text(encoding="utf-8"), module_name(path)) for path in low_level
    }
    assert {name: found for name, found in problems.items() if found} == {}


def test_no_import_cycle_at_run_time() -> None:
    graph = import_graph([CORE, UI, APP])
    assert {"app.cli", "ui.main_window", "safeguarding.store.repositories"} <= set(graph)
    assert "safeguarding.store.database" in graph["safeguarding.store.repositories"]  # edges are found
    assert import_cycles(graph) == []


def test_ui_runs_no_sql_and_uses_only_the_public_store_api() -> None:
    # ui/ may still be small; the negative tests below prove the checker itself works.
    assert _scan(UI, ui_violations) == {}


def test_ui_checker_flags_the_real_store_code() -> None:
    # The store's opening modules are exactly what ui/ must not be: the checker must say so.
    problems = [
        problem
        for name in ("database.py", "database_file.py")
        for problem in ui_violations((CORE / "store" / name).read_text(encoding="utf-8"), "ui.pretend")
    ]
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


@pytest.mark.parametrize(
    "snippet",
    ["from ui.main_window import MainWindow", "import app.cli", "def f():\n    from ui import startup", "import ui"],
)
def test_core_checker_flags_ui_and_app(snippet: str) -> None:
    assert core_violations(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        "from safeguarding.store import open_store",
        "import safeguarding.plan.records",
        "def f():\n    from safeguarding.reports.export import export_assessment_report",
        "from safeguarding.workflows import export",
    ],
)
def test_low_level_checker_flags_imports_of_folders(snippet: str) -> None:
    assert low_level_violations(snippet, "safeguarding.example")


def test_low_level_checker_allows_low_level_and_type_only_imports() -> None:
    snippet = (
        "from typing import TYPE_CHECKING\nfrom safeguarding.errors import StorageError\nimport safeguarding\n"
        "if TYPE_CHECKING:\n    from safeguarding.plan.records import AssessmentPlan\n"
    )
    assert low_level_violations(snippet, "safeguarding.example") == []


def test_module_level_imports_leave_out_functions_and_type_checking() -> None:
    snippet = (
        "import a\nif TYPE_CHECKING:\n    import b\nelse:\n    import c\n"
        "try:\n    import d\nexcept ImportError:\n    import e\n"
        "def f():\n    import g\nclass K:\n    import h\n"
    )
    names = {name for _, name in module_level_imports(ast.parse(snippet), "x")}
    assert names == {"a", "c", "d", "e", "h"}


def test_the_cycle_finder_finds_cycles_and_only_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"f"}, "f": set(), "p": {"p.q"}, "p.q": {"p"}}
    assert import_cycles(graph) == [["a", "b", "c"], ["p", "p.q"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_a_package_init_importing_its_modules_is_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from pkg.one import x\n")
    (package / "one.py").write_text("from pkg.two import y\nx = 1\n")
    (package / "two.py").write_text("y = 2\n")
    graph = import_graph([package], base=tmp_path)
    assert graph == {"pkg": {"pkg.one"}, "pkg.one": {"pkg", "pkg.two"}, "pkg.two": set()}
    assert import_cycles(graph) == [["pkg", "pkg.one"]]  # importing pkg.one first re-enters pkg, half loaded


def test_core_checker_allows_ordinary_core_code() -> None:
    snippet = "import sqlite3\nfrom safeguarding.model import Location\nQUERY = 'SELECT id FROM locations'"
    assert core_violations(snippet) == []


def test_relative_imports_are_resolved() -> None:
    tree = ast.parse("from . import database\nfrom ..errors import StorageError")
    names = {name for _, name in imports(tree, "safeguarding.store.locations")}
    assert {"safeguarding.store.database", "safeguarding.errors.StorageError"} <= names
    package = {name for _, name in imports(ast.parse("from .locations import X"), "safeguarding.store", True)}
    assert "safeguarding.store.locations" in package
