"""Where files live: bundled resources, and the user's data and log folders.

One helper, :func:`resource_path`, finds files shipped with the app both when
run from source and when frozen by PyInstaller (``sys._MEIPASS``). User folders
come from ``platformdirs``; ``LAT_DATA_DIR`` overrides the data folder (tests
and portable installs use it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_DIR_NAME = "LocationAssessmentTool"
APP_AUTHOR = "LocationAssessmentTool"
DATABASE_NAME = "assessments.sqlite3"


def project_root() -> Path:
    """Return the folder that holds ``forms/`` and ``resources/`` (frozen or source)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """Return the path of a bundled file, e.g. ``resource_path("forms")``."""
    return project_root().joinpath(*parts)


def user_data_dir() -> Path:
    """Return the user's data folder for this app (not created here).

    ``LAT_DATA_DIR`` in the environment takes precedence over the platform folder
    (on Windows ``%LOCALAPPDATA%\\LocationAssessmentTool``).
    """
    override = os.environ.get("LAT_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, APP_AUTHOR))


def user_log_dir() -> Path:
    """Return the user's log folder for this app (not created here)."""
    override = os.environ.get("LAT_DATA_DIR")
    if override:
        return Path(override) / "logs"
    return Path(platformdirs.user_log_dir(APP_DIR_NAME, APP_AUTHOR))


def default_database_path() -> Path:
    """Return the default database file in the user's data folder."""
    return user_data_dir() / DATABASE_NAME
