"""The practitioner profile: who is using this laptop's copy of the app.

Kept in ``profile.json`` in the user's data folder (not in a database, so it
survives switching databases). New assessments take the assessor's name and
agency from it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from safeguarding.errors import StorageError, ValidationError
from safeguarding.os_errors import save_failure
from safeguarding.paths import user_data_dir
from safeguarding.private_files import write_private_atomically

PROFILE_FILE = "profile.json"


@dataclass(frozen=True)
class Profile:
    """The practitioner using the app.

    Attributes:
        name: Full name, as it should appear as assessor. Required.
        agency: Agency or team, e.g. "Youth Outreach Team, Maidstone".
        role: Job title, e.g. "Detached youth worker".
    """

    name: str
    agency: str = ""
    role: str = ""


def profile_path(folder: Path | None = None) -> Path:
    """Return where the profile is kept (default: the user's data folder)."""
    return (folder or user_data_dir()) / PROFILE_FILE


def load_profile(folder: Path | None = None) -> Profile | None:
    """Return the saved profile, or None if there is none or it cannot be read.

    A damaged file is treated as no profile: the welcome asks again and the
    new answer replaces it.
    """
    try:
        data = json.loads(profile_path(folder).read_text(encoding="utf-8"))
        return Profile(name=str(data["name"]), agency=str(data.get("agency", "")), role=str(data.get("role", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_profile(profile: Profile, folder: Path | None = None) -> Path:
    """Validate and save the profile atomically and owner-only (write a temporary file, then rename).

    Raises:
        ValidationError: if the name is empty.
        StorageError: if the folder cannot be written.
    """
    if not profile.name.strip():
        raise ValidationError("Please give your name: it appears as the assessor on new assessments.", "name")
    clean = Profile(profile.name.strip(), profile.agency.strip(), profile.role.strip())
    path = profile_path(folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return write_private_atomically(path, json.dumps(asdict(clean), ensure_ascii=False, indent=2))
    except OSError as error:
        raise StorageError(save_failure(error, "your profile", folder=path.parent)) from error


def who_without_a_profile() -> str:
    """Who the audit trail names when no profile is set: the computer account, in words.

    Issue 16: started with ``--db`` and no profile, every change was recorded as
    "Who: Not recorded". The operating system's user name is the next best record,
    written so a reader knows it is an account, not a name the user gave, e.g.
    ``"sam.example (computer account; no profile set)"``. "" if the platform names none.
    """
    import getpass

    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return ""
    return f"{account} (computer account; no profile set)" if account else ""
