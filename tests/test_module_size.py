"""No module over 500 lines outside demo data (issue 12: "one layout, one way per job").

A module that grows past 500 lines is nearly always doing more than one job, and the
limit slipped once when nothing checked it: ten modules had grown back over it within a
week. The rule covers everything we write and read: the app (``main.py``,
``safeguarding/``, ``ui/``, ``app/``), the benchmark and data scripts and the tests.
Only the demo data in ``safeguarding/demo/`` is exempt: it is data written as code (the
demo locations, visits and plans), not behaviour.

Lines are counted as ``wc -l`` counts them (newline characters), so the figure here is
the one a newcomer sees.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 500
CHECKED = ("main.py", "safeguarding", "ui", "app", "scripts", "tests")
EXEMPT = (ROOT / "safeguarding" / "demo",)


def line_count(path: Path) -> int:
    """The number of newline characters in ``path`` (what ``wc -l`` prints)."""
    return path.read_bytes().count(b"\n")


def python_modules(root: Path, checked: tuple[str, ...], exempt: tuple[Path, ...]) -> list[Path]:
    """Every ``.py`` file under the ``checked`` names of ``root``, outside ``exempt`` folders."""
    found: list[Path] = []
    for name in checked:
        start = root / name
        candidates = [start] if start.is_file() else sorted(start.rglob("*.py"))
        for path in candidates:
            if "__pycache__" in path.parts or any(path.is_relative_to(folder) for folder in exempt):
                continue
            found.append(path)
    return found


def too_long(root: Path, checked: tuple[str, ...], exempt: tuple[Path, ...], limit: int) -> list[str]:
    """``"path: N lines"`` for each module over ``limit`` lines, longest first."""
    counted = [(line_count(path), path) for path in python_modules(root, checked, exempt)]
    return [
        f"{path.relative_to(root)}: {count} lines"
        for count, path in sorted(counted, key=lambda pair: (-pair[0], str(pair[1])))
        if count > limit
    ]


def test_no_module_is_over_500_lines_outside_demo_data() -> None:
    modules = python_modules(ROOT, CHECKED, EXEMPT)
    assert len(modules) > 300, "the walk found too few modules: is ROOT right?"
    assert too_long(ROOT, CHECKED, EXEMPT, LIMIT) == []


def test_the_check_flags_a_long_module_and_spares_demo_data(tmp_path: Path) -> None:
    (tmp_path / "safeguarding" / "demo").mkdir(parents=True)
    (tmp_path / "ui").mkdir()
    (tmp_path / "main.py").write_text("print('hello')\n")
    (tmp_path / "ui" / "long.py").write_text("x = 1\n" * 501)
    (tmp_path / "ui" / "limit.py").write_text("x = 1\n" * 500)
    (tmp_path / "safeguarding" / "demo" / "data.py").write_text("x = 1\n" * 900)
    (tmp_path / "safeguarding" / "big.py").write_text("x = 1\n" * 700)
    found = too_long(tmp_path, ("main.py", "safeguarding", "ui"), (tmp_path / "safeguarding" / "demo",), LIMIT)
    assert found == ["safeguarding/big.py: 700 lines", "ui/long.py: 501 lines"]
