"""Check an installation: does everything the app loads at run time work on this computer?

``LocationAssessmentTool check`` runs these (and the window's Map page check,
:mod:`ui.installcheck`) so IT can verify a council laptop after installing, and
``scripts/smoke_frozen.sh`` can verify the frozen build. Each check uses the
app's own code paths on throw-away data in a temporary folder, never the user's
database: the forms, UK time zone rules, a demo database, an encrypted database
(SQLCipher) opened again with its passphrase, a DCSM report (reportlab with the
bundled fonts) and photo decoding (JPEG and iPhone HEIC).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from safeguarding.errors import SafeguardingError

PASSPHRASE = "installation check: correct horse battery staple"
"""Passphrase of the throw-away encrypted database (never used for real data)."""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check.

    Attributes:
        name: What was checked, e.g. ``"Report fonts"``.
        ok: True if it works.
        detail: What was found (when ``ok``) or what went wrong, in plain English.
    """

    name: str
    ok: bool
    detail: str


def _check(name: str, run: Callable[[], str]) -> CheckResult:
    """Run one check; any exception becomes a failed result naming it (a check never stops the others)."""
    try:
        return CheckResult(name, True, run())
    except Exception as error:  # the point is to report whatever is broken
        reason = str(error) if isinstance(error, SafeguardingError) else f"{type(error).__name__}: {error}"
        return CheckResult(name, False, reason)


def _forms() -> str:
    from safeguarding.forms import FormLibrary

    form = FormLibrary.load().current()
    return f"{form.title} (version {form.version}), {len(form.sections)} sections"


def _time_zone() -> str:
    from datetime import UTC, datetime

    from safeguarding.timeutil import utc_to_local

    summer = utc_to_local(datetime(2026, 7, 1, 12, tzinfo=UTC))
    winter = utc_to_local(datetime(2026, 1, 1, 12, tzinfo=UTC))
    if (summer.hour, winter.hour) != (13, 12):
        raise RuntimeError(f"UK time is wrong: 12:00 UTC shows as {summer:%H:%M} in July and {winter:%H:%M} in January")
    return "Europe/London: British Summer Time and GMT both correct"


def _demo(database: Path) -> str:
    from safeguarding.demo import build_demo_database
    from safeguarding.store import open_store

    build_demo_database(database)
    store = open_store(database)
    try:
        count = len(store.locations.summaries(include_archived=True))
    finally:
        store.close()
    return f"demo database built and opened ({count} locations)"


def _encryption(folder: Path) -> str:
    from safeguarding.security.keys import create_keyfile, unlock
    from safeguarding.store import open_store
    from safeguarding.store.database import has_plain_header

    database = folder / "encrypted.sqlite3"
    store = open_store(database, key=create_keyfile(database, PASSPHRASE))
    store.close()
    if has_plain_header(database):
        raise RuntimeError("the database file was written unencrypted")
    open_store(database, key=unlock(database, PASSPHRASE)).close()
    return "SQLCipher: a database was encrypted and opened again with its passphrase"


def _report(database: Path, folder: Path) -> str:
    from safeguarding.forms import FormLibrary
    from safeguarding.reports import export_assessment_report
    from safeguarding.store import open_store

    store = open_store(database)
    try:
        (location,) = store.locations.find_by_name("Brenchley Gardens")
        assessment = store.assessments.latest_for_location(location.id)
        if assessment is None:
            raise RuntimeError("the demo database has no assessment to report on")
        form = FormLibrary.load().get(assessment.form_id, assessment.form_version)
    finally:
        store.close()
    out = export_assessment_report(location, assessment, form, folder / "report.pdf", demo=True)
    data = out.read_bytes()
    if not data.startswith(b"%PDF-") or b"/FontFile2" not in data:
        raise RuntimeError("the report was written without its embedded fonts")
    return f"DCSM report written with embedded fonts ({len(data) // 1024} KiB)"


def _photos() -> str:
    import pillow_heif
    from PIL import Image

    from safeguarding.evidence.photos import import_photo

    picture = Image.new("RGB", (320, 240), (40, 90, 160))
    kinds = []
    for kind, save in (("JPEG", lambda out: picture.save(out, "JPEG")), ("HEIC", None)):
        out = io.BytesIO()
        if save is None:
            pillow_heif.from_pillow(picture).save(out, quality=80)  # as an iPhone writes them
        else:
            save(out)
        photo = import_photo(out.getvalue(), f"check.{kind.lower()}")
        if (photo.width, photo.height) != (320, 240):
            raise RuntimeError(f"a {kind} photo was read at the wrong size")
        kinds.append(kind)
    return " and ".join(kinds) + " photos decoded"


def run_checks(folder: Path) -> Iterator[CheckResult]:
    """Run the checks that need no window, using ``folder`` (empty, temporary) for throw-away files.

    Yields:
        One :class:`CheckResult` per check, as it finishes: forms, UK time,
        demo database, encryption, report, photos. A failed check never stops
        the others (the report check needs the demo database).
    """
    database = folder / "demo.sqlite3"
    yield _check("Assessment forms", _forms)
    yield _check("UK time rules", _time_zone)
    demo = _check("Demo database", lambda: _demo(database))
    yield demo
    yield _check("Encryption", lambda: _encryption(folder))
    if demo.ok:
        yield _check("DCSM report and fonts", lambda: _report(database, folder))
    else:
        yield CheckResult("DCSM report and fonts", False, "not checked: the demo database could not be built")
    yield _check("Photos", _photos)
