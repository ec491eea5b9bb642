"""Check an installation: does everything the app loads at run time work on this computer?

``LocationAssessmentTool check`` runs these so IT can verify a council laptop
after installing, and ``scripts/smoke_frozen.sh`` can verify the frozen build.
First :func:`check_data_folder` looks at the user's real data folder (can it be
created and written?) without touching anything in it, and :func:`check_audit_trail`
checks the audit trail of the user's database, read-only. Every other check uses
the app's own code paths on throw-away data in a temporary folder, never the
user's database: the forms, UK time zone rules, a demo database, an encrypted
database (SQLCipher) opened again with its passphrase, a DCSM report (reportlab
with the bundled fonts) and photo decoding (JPEG and iPhone HEIC).

The Map page check (:mod:`app.map_check`) starts Qt and its web engine
(Chromium), which abort the whole process when a part is missing. So
:func:`check_map_in_child` runs it in a child process (the hidden command
``check-map``) and turns a crash, a timeout or a Qt that cannot load into a
failed result; the child's Chromium chatter on stderr is shown only then.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from safeguarding.errors import AuditTrailBrokenError, ReadOnlyError, SafeguardingError

PASSPHRASE = "installation check: correct horse battery staple"
"""Passphrase of the throw-away encrypted database (never used for real data)."""

DATA_FOLDER = "Data folder"
"""Name of the check on the user's real data folder."""

QT_BINDING = "Qt binding"
"""Name of the check that the installed PySide6 keeps Python's reference counts steady."""

MAP_PAGE = "Map page (offline)"
"""Name of the Map page check (run in a child process by :func:`check_map_in_child`)."""

MAP_CHILD_TIMEOUT_S = 120.0
"""Seconds the Map page child may run in all (start Qt, open the window, draw; it gives up drawing after 60)."""

MAP_RESULT_FILE = "map-check.json"
"""File, beside the demo database, where the child writes its result (a windowed Windows app has no stdout)."""


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


def check_data_folder(folder: Path | None = None) -> CheckResult:
    """Check that the app could keep its data in the user's data folder; change nothing in it.

    Run it before anything points ``LAT_DATA_DIR`` at a temporary folder: it
    looks at the folder the app would use (:func:`safeguarding.paths.user_data_dir`,
    ``LAT_DATA_DIR`` if set). Missing folders are created, a small temporary file
    is written and deleted, and the folders it created are removed again; existing
    files are never opened (an existing database is only checked for write access).

    Args:
        folder: The folder to check; default the user's data folder.

    Returns:
        The "Data folder" result, naming the folder; when it fails, the message
        the app itself shows when it cannot create or write its database there.
    """
    from safeguarding.paths import user_data_dir

    if folder is not None:
        return _check(DATA_FOLDER, lambda: _data_folder(folder))
    where = " (set by LAT_DATA_DIR)" if os.environ.get("LAT_DATA_DIR") else ""
    return _check(DATA_FOLDER, lambda: _data_folder(user_data_dir(), where))


def _data_folder(folder: Path, where: str = "") -> str:
    from safeguarding.paths import DATABASE_NAME
    from safeguarding.store.database import _check_writable  # the test open_store runs: the app's own messages

    database = folder / DATABASE_NAME
    created = [parent for parent in (folder, *folder.parents) if not parent.exists()]
    try:
        _check_writable(database, database.exists())
        try:  # os.access says yes to root even on a read-only disk: really write
            handle, probe = tempfile.mkstemp(prefix=".lat-check-", dir=folder)
            os.close(handle)
            os.remove(probe)
        except OSError as error:
            raise ReadOnlyError(
                f"The data folder {folder} is read-only, so assessments could not be saved there "
                f"({error.strerror or error}). Choose a folder you can write to, or ask IT to give you write access."
            ) from error
    finally:
        for parent in created:  # deepest first; leave the folder as it was found
            try:
                parent.rmdir()
            except OSError:
                break
    found = "holds a database" if database.exists() else "has no database yet"
    return f"{folder}{where} can be written; it {found}"


def check_binding() -> CheckResult:
    """Check the Qt binding: its version, and that void calls and signals leave ``None`` and ``True`` alone.

    PySide6 6.12.0 on Python 3.11 lowers those reference counts on every call, and a
    long session then stops with a fatal error (:mod:`ui.binding`). Only QtCore is
    loaded: no window, no screen. The line names PySide6, Qt and Python, e.g.
    ``ok     Qt binding: PySide6 6.11.3 (Qt 6.11.3) on Python 3.11.7: reference counts steady ...``.
    """

    def probe() -> str:
        from ui.binding import describe, measure_drift

        return describe(measure_drift())

    return _check(QT_BINDING, probe)


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
    from safeguarding.store.database_file import has_plain_header

    database = folder / "encrypted.sqlite3"
    store = open_store(database, key=create_keyfile(database, PASSPHRASE))
    store.close()
    if has_plain_header(database):
        raise RuntimeError("the database file was written unencrypted")
    open_store(database, key=unlock(database, PASSPHRASE)).close()
    return "SQLCipher: a database was encrypted and opened again with its passphrase"


def _report(database: Path, folder: Path) -> str:
    from safeguarding.forms import FormLibrary
    from safeguarding.store import open_store
    from safeguarding.workflows.export import read_report, write_report

    store = open_store(database)
    try:
        (location,) = store.locations.find_by_name("Brenchley Gardens")
        assessment = store.assessments.latest_for_location(location.id)
        if assessment is None:
            raise RuntimeError("the demo database has no assessment to report on")
        request = read_report(store, FormLibrary.load(), assessment.id, demo=True)
    finally:
        store.close()
    out = write_report(request, folder / "report.pdf")
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
    for kind in ("JPEG", "HEIC"):
        out = io.BytesIO()
        if kind == "HEIC":
            pillow_heif.from_pillow(picture).save(out, quality=80)  # as an iPhone writes them
        else:
            picture.save(out, "JPEG")
        photo = import_photo(out.getvalue(), f"check.{kind.lower()}")
        if (photo.width, photo.height) != (320, 240):
            raise RuntimeError(f"a {kind} photo was read at the wrong size")
        kinds.append(kind)
    return " and ".join(kinds) + " photos decoded"


def _audit_seals(database: Path, folder: Path) -> str:
    """The audit trail's seals check out on the demo, and a changed entry in a copy of it is found."""
    import shutil

    from safeguarding.store import open_store
    from safeguarding.store.audit_chain import verify_chain

    copy = folder / "audit-check.sqlite3"
    shutil.copyfile(database, copy)
    store = open_store(copy)
    try:
        report = verify_chain(store.db)
        if not report.intact:
            raise RuntimeError("the demo's audit trail does not check out: " + " ".join(report.lines()))
        store.db.execute("DROP TRIGGER audit_log_no_update")
        store.db.execute("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2")
        changed = verify_chain(store.db)
    finally:
        store.close()
    if not any(item.seq == 2 for item in changed.breaks):
        raise RuntimeError("a changed entry of the audit trail was not found by the check")
    return f"SHA-256 seals of {report.entries:,} entries check out, and a changed entry is found"


def check_audit_trail(database: Path, passphrase: str | None = None) -> CheckResult:
    """Check the audit trail of the user's own database, read-only (nothing is written, the anchor included).

    Args:
        database: The database the window opens (the default one, or ``check --db``).
        passphrase: Its passphrase if it is encrypted (``--passphrase-file`` or the environment).

    Returns:
        ok with "intact" (or "nothing to check"), a failure naming every break in words, or
        ok with "not checked" when an encrypted database's passphrase was not given.
    """
    name = "Audit trail of your database"

    def run() -> str:
        from safeguarding.security.keys import unlock
        from safeguarding.store import is_encrypted, open_store
        from safeguarding.store.audit_anchor import read_anchor
        from safeguarding.store.audit_chain import database_id, verify_chain

        if not database.is_file() or database.stat().st_size == 0:
            return f"no database at {database} yet: nothing to check"
        key = None
        if is_encrypted(database):
            if passphrase is None:
                return (
                    f"not checked: {database.name} is encrypted (give its passphrase with check --passphrase-file "
                    "FILE, or LAT_PASSPHRASE_FILE, to check it)"
                )
            key = unlock(database, passphrase)
        store = open_store(database, read_only=True, key=key)
        try:
            anchor = read_anchor(database)
            if anchor is not None and anchor.database_id != database_id(store.db):
                anchor = None
            report = verify_chain(store.db, anchor=anchor)
        finally:
            store.close()
        if not report.intact:
            raise AuditTrailBrokenError(" ".join(report.lines()), report)
        return f"{database.name}: {report.summary()}"

    return _check(name, run)


def run_checks(folder: Path) -> Iterator[CheckResult]:
    """Run the checks that need no window, using ``folder`` (empty, temporary) for throw-away files.

    Yields:
        One :class:`CheckResult` per check, as it finishes: forms, UK time,
        demo database, encryption, report, the audit trail's seals, photos. A failed check never stops
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
        yield _check("Audit trail seals", lambda: _audit_seals(database, folder))
    else:
        yield CheckResult("DCSM report and fonts", False, "not checked: the demo database could not be built")
        yield CheckResult("Audit trail seals", False, "not checked: the demo database could not be built")
    yield _check("Photos", _photos)


def map_not_checked() -> CheckResult:
    """The Map page result when there is no demo database to draw."""
    return CheckResult(MAP_PAGE, False, "not checked: the demo database could not be built")


def map_child_command(database: Path, result_file: Path) -> list[str]:
    """The command line that runs the Map page check on ``database`` in a new process of this app.

    Frozen (PyInstaller), the program itself; from source, this Python with the
    project's ``main.py``. The hidden command ``check-map`` writes its result as
    JSON to ``result_file``.

    Raises:
        FileNotFoundError: run from source but ``main.py`` cannot be found.
    """
    arguments = ["check-map", str(database), "--result", str(result_file)]
    if getattr(sys, "frozen", False):
        return [sys.executable, *arguments]
    import safeguarding

    script = Path(safeguarding.__file__).resolve().parents[1] / "main.py"
    if not script.is_file() and sys.argv and sys.argv[0].endswith(".py") and Path(sys.argv[0]).is_file():
        script = Path(sys.argv[0]).resolve()
    if not script.is_file():
        raise FileNotFoundError(f"the app's main.py was not found beside {Path(safeguarding.__file__).parent}")
    return [sys.executable, str(script), *arguments]


def check_map_in_child(
    database: Path, *, timeout: float = MAP_CHILD_TIMEOUT_S, command: Sequence[str] | None = None
) -> CheckResult:
    """Run the Map page check on the demo ``database`` in a child process and report what happened.

    The child (``check-map``, see :func:`app.map_check.run_map_check`) writes
    its result to :data:`MAP_RESULT_FILE` beside ``database``. Its stdout and
    stderr are captured, never shown on success.

    Args:
        database: The demo database built by :func:`run_checks`.
        timeout: Seconds before the child is stopped and the check fails.
        command: The child's command line (tests); default :func:`map_child_command`.

    Returns:
        The child's own result; or, if it crashed, exited without a result,
        timed out or could not start, a failed result saying so in plain English
        with the exit code or signal and the last meaningful line it wrote on stderr.
    """
    result_file = database.parent / MAP_RESULT_FILE
    result_file.unlink(missing_ok=True)
    try:
        argv = list(command) if command is not None else map_child_command(database, result_file)
        child = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # Windows: no console window flashes up
        )
    except subprocess.TimeoutExpired:
        return CheckResult(MAP_PAGE, False, f"the Map page did not finish within {timeout:g} seconds and was stopped")
    except OSError as error:
        return CheckResult(MAP_PAGE, False, f"the Map page check could not be started ({error.strerror or error})")
    stderr = child.stderr.decode("utf-8", "replace")
    reported = _read_child_result(result_file)
    if reported is not None and child.returncode == (0 if reported.ok else 1):
        return reported
    reason = _child_ending(child.returncode, last_error_line(stderr))
    if reported is not None and reported.ok:
        return CheckResult(MAP_PAGE, False, f"the map was drawn, but then {reason}")
    if reported is not None:
        return CheckResult(MAP_PAGE, False, f"{reported.detail}; then {reason}")
    return CheckResult(MAP_PAGE, False, reason)


def _read_child_result(result_file: Path) -> CheckResult | None:
    try:
        data = json.loads(result_file.read_text(encoding="utf-8"))
        return CheckResult(MAP_PAGE, bool(data["ok"]), str(data["detail"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _child_ending(returncode: int, line: str) -> str:
    """How the child ended, in plain English: ``returncode`` from :mod:`subprocess`, ``line`` from its stderr."""
    said = f": {line}" if line else ""
    if returncode < 0:
        try:
            name = f", {signal.Signals(-returncode).name}"
        except ValueError:
            name = ""
        return f"the web engine stopped the program (signal {-returncode}{name}){said}"
    if returncode >= 0xC0000000:  # a Windows crash (NTSTATUS), e.g. 0xC0000005 access violation
        return f"the web engine stopped the program (exit code 0x{returncode:08X}){said}"
    return f"the Map page check ended without a result (exit code {returncode}){said}"


_NOISE = re.compile(
    r"propagateSizeHints|Sandboxing disabled|QRhi|Failed to create RHI|Vulkan|GBM is not supported|dbus|"
    r"GPUInfo|Fontconfig|Release of profile requested"
)
_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b")


def last_error_line(stderr: str, limit: int = 300) -> str:
    """The last meaningful thing a child wrote on ``stderr``, on one line of at most ``limit`` characters.

    Known harmless chatter of Qt and Chromium (D-Bus, Vulkan, RHI, GPU, sandbox)
    is skipped. A Python traceback gives its final exception line; otherwise the
    last paragraph (up to three lines, e.g. "The following paths were searched
    for Qt WebEngine Process: /nonexistent but could not find it.") is joined.
    """
    lines = stderr.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    paragraph: list[str] = []
    for line in reversed(lines):
        if not line.strip():
            if paragraph:
                break
            continue
        if _NOISE.search(line):
            continue
        if _EXCEPTION_LINE.match(line.strip()) and not paragraph:
            return _shorten(line.strip(), limit)
        paragraph.insert(0, line.strip())
        if len(paragraph) == 3:
            break
    return _shorten(" ".join(paragraph), limit)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
