"""Issue 14: sqlite-utils is imported on the window's path without numpy and without its plugins."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from safeguarding.store import import_sqlite_utils
import_sqlite_utils()
from sqlite_utils import Database
Database(memory=True).execute("SELECT 1")
print("numpy" in sys.modules, "importlib.metadata" in sys.modules)
import numpy  # still importable afterwards (photos need it)
print(numpy.__name__)
"""


def test_sqlite_utils_opens_a_database_without_numpy_or_reading_plugins() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "numpy"]
