"""In the window: a broken audit trail is said in words; exports are logged; the sharing log and subject access
windows; a missing database is located or restored, never recreated; encrypting beside a key file is refused."""

from __future__ import annotations

import csv
import os
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from safeguarding.forms import FormLibrary
from safeguarding.model import Location, Observation, Person
from safeguarding.protection.sharing import SharingDetails
from safeguarding.security import keys
from safeguarding.security.keys import Key, ScryptCost, create_keyfile, keyfile_path
from safeguarding.store import open_store
from safeguarding.store.audit_schema import GUARDS
from tests.ui.conftest import ScriptedInteraction
from ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]
PASSPHRASE = "tulip harbour lantern seven"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "DEFAULT_COST", ScryptCost(n=2**10, r=8, p=1))


def _seed(db_path: Path, form_library: FormLibrary, *, people: bool = False) -> str:
    store = open_store(db_path)
    try:
        location = store.locations.add(Location(name="Brenchley Gardens", latitude=51.2776, longitude=0.5196))
        assessment = store.assessments.create(location.id, form_library.current(), assessor_name="Sam Example")
        start = datetime(2026, 11, 3, 16, 0, tzinfo=UTC)
        for day, notes in enumerate(("Zoë Green by the gate with Will Green.", "Quiet.", "Zoe came back."), 1):
            begin = start + timedelta(days=day)
            store.assessments.save_observation(
                assessment.id, Observation(start=begin, end=begin + timedelta(hours=1), notes=notes)
            )
        if people:
            store.people.save(Person(assessment.id, "Zoë Green", "Young person A"))
            store.people.save(Person(assessment.id, "Will Green", "Young person B"))
        return assessment.id
    finally:
        store.close()


def _tamper(db_path: Path, seq: int) -> None:
    store = open_store(db_path)
    store.db.execute("DROP TRIGGER audit_log_no_update")
    store.db.execute("UPDATE audit_log SET actor = 'Someone else' WHERE seq = ?", [seq])
    store.db.execute(GUARDS["audit_log_no_update"])
    store.close()


def test_a_broken_audit_trail_is_said_in_words_once_and_marked_while_it_lasts(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary, interaction: ScriptedInteraction
) -> None:
    _seed(db_path, form_library)
    _tamper(db_path, 5)
    window = make_window()  # a small trail is checked whole at opening
    qtbot.waitUntil(lambda: bool(interaction.errors))
    title, text = interaction.errors[0]
    assert title == "The audit trail is broken"
    assert "Entry 5 (written " in text and "changed after it was written" in text and "governance officer" in text
    mark = window.records_menu.audit.label
    assert mark.isVisible() and mark.text().startswith("Audit trail broken from entry 5")
    assert window.store is not None
    assert window.store.audit.entries(action="notice")  # noted in the trail as shown
    window.store.close()
    window.store = None
    again = make_window()  # the next start: marked, no message again
    qtbot.wait(50)
    assert len(interaction.errors) == 1
    assert again.records_menu.audit.label.isVisible()
    interaction.errors.clear()
    again.records_menu.check_action.trigger()  # Records → Check the audit trail…
    assert interaction.errors and "(reported before)" in interaction.errors[0][1]


def test_a_break_found_by_a_backup_is_said_and_the_backup_is_kept(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary, interaction: ScriptedInteraction
) -> None:
    _seed(db_path, form_library)
    window = make_window()
    assert window.store is not None and not window.records_menu.audit.label.isVisible()
    window.store.db.execute("DROP TRIGGER audit_log_no_update")
    window.store.db.execute("UPDATE audit_log SET actor = 'Someone else' WHERE seq = 3")
    window.store.db.execute(GUARDS["audit_log_no_update"])
    window.security.backup_scheduler.back_up("periodic")
    qtbot.waitUntil(lambda: bool(interaction.errors), timeout=10000)
    assert interaction.errors[0][0] == "The audit trail is broken" and "Entry 3 (written" in interaction.errors[0][1]
    assert window.store.backups.newest_first() and window.store.backups.newest_first()[0].audit_intact is False


def test_a_dcsm_export_asks_for_whom_and_is_logged_then_the_log_exports_itself(
    qtbot: QtBot,
    make_window: WindowFactory,
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
    tmp_path: Path,
) -> None:
    assessment_id = _seed(db_path, form_library)
    window = make_window()
    page = window.locations_page
    page.table.selectRow(0)
    interaction.save_paths = [tmp_path / "report.pdf"]
    interaction.choices = [0]  # the full copy
    interaction.sharing = [SharingDetails("Kent Police, PC Patel", "crime_disorder", "hotspot review")]
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.last_export is not None, timeout=20000)
    assert interaction.sharing_asked[0][0] == "The full DCSM report of Brenchley Gardens (PDF)."
    assert window.store is not None
    (logged,) = window.store.sharing.entries(assessment_id)
    assert (logged.kind, logged.redacted, logged.details.recipient) == ("dcsm_report", False, "Kent Police, PC Patel")
    window.records_menu.sharing_action.trigger()
    dialog = window.records_menu.sharing_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.model.rowCount() == 1 and dialog.model.text(0, 4) == "Kent Police, PC Patel"
    assert "Brenchley Gardens" in dialog.scope.itemText(0)
    interaction.save_paths = [tmp_path / "log"]
    written = dialog.export_csv()
    assert written == tmp_path / "log.csv"
    with written.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert len(rows) == 2 and rows[1][2] == "DCSM report (PDF) of Brenchley Gardens"
    dialog.scope.setCurrentIndex(1)  # every assessment: the log's own export is there too
    assert dialog.model.rowCount() == 2 and dialog.model.text(0, 2) == "Sharing log (CSV)"


def test_a_subject_access_request_finds_the_records_and_exports_them_redacted(
    qtbot: QtBot,
    make_window: WindowFactory,
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
    tmp_path: Path,
) -> None:
    _seed(db_path, form_library, people=True)
    window = make_window()
    window.records_menu.access_action.trigger()
    dialog = window.records_menu.access_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.people.count() == 2 and dialog.people.itemText(0).startswith("Zoë Green (Young person A")
    task = dialog.search()
    assert task is not None
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10000)
    texts = [dialog.model.text(row, 8) for row in range(dialog.model.rowCount())]
    assert "Zoë Green by the gate with Will Green." in texts and "Zoe came back." in texts and "Quiet." not in texts
    interaction.save_paths = [tmp_path / "sar.csv"]
    written = dialog.export(redacted=True)
    assert written is not None
    assert interaction.sharing_asked[-1][1] == SharingDetails(lawful_basis="subject_access")
    content = written.read_text(encoding="utf-8-sig")
    assert "Zoë Green by the gate with Young person B." in content and "Will Green" not in content
    assert window.store is not None
    (logged,) = window.store.sharing.entries()
    assert logged.kind == "subject_access" and logged.redacted and "Zoë" not in logged.description
    assert logged.details.lawful_basis == "subject_access"


def test_a_database_gone_from_beside_its_backups_is_restored_not_recreated(
    qtbot: QtBot, db_path: Path, form_library: FormLibrary, interaction: ScriptedInteraction
) -> None:
    from ui.startup import open_database

    _seed(db_path, form_library)
    store = open_store(db_path)
    store.backups.take("periodic")
    store.close()
    db_path.write_bytes(b"")  # a crash left it empty
    interaction.choices = [1]  # Restore the latest backup
    interaction.answers = [True]
    store, problem = open_database(db_path, None, interaction)
    assert problem == "" and store is not None
    assert [location.name for location in store.locations.by_name()] == ["Brenchley Gardens"]
    assert interaction.asked[0][0] == "Database missing" and "is empty" in interaction.asked[0][1]
    store.close()


def test_an_encrypted_database_moved_away_is_located_with_its_passphrase(
    qtbot: QtBot, tmp_path: Path, interaction: ScriptedInteraction
) -> None:
    from safeguarding.security.keys import unlock
    from ui.startup import open_database

    path = tmp_path / "data" / "assessments.sqlite3"
    path.parent.mkdir()
    key = create_keyfile(path, PASSPHRASE)
    store = open_store(path, key=key)
    store.locations.add(Location(name="North Week Street"))
    store.close()
    moved = tmp_path / "OneDrive" / "assessments.sqlite3"
    moved.parent.mkdir()
    os.replace(path, moved)
    asked: list[Path] = []

    def ask_key(where: Path) -> Key | None:
        asked.append(where)
        return unlock(where, PASSPHRASE)

    interaction.choices = [0]  # Locate the database…
    interaction.open_paths = [moved]
    store, problem = open_database(path, None, interaction, ask_key)
    assert store is not None and problem == "" and asked == [path]
    assert [location.name for location in store.locations.by_name()] == ["North Week Street"]
    assert path.exists() and not moved.exists() and interaction.infos[0][0] == "Database found"
    store.close()


def test_encrypting_beside_a_key_file_is_refused_with_an_offer(
    qtbot: QtBot, make_window: WindowFactory, db_path: Path, form_library: FormLibrary, interaction: ScriptedInteraction
) -> None:
    _seed(db_path, form_library)
    keyfile_path(db_path).write_text('{"format": "location-assessment-tool/keyfile", "version": 1, "slots": []}')
    before = keyfile_path(db_path).read_bytes()
    window = make_window()
    interaction.choices = [1]  # Locate…, Cancel (no backups to restore)
    window.security.encrypt_action.trigger()
    title, text = interaction.asked[-1]
    assert title == "Not encrypted" and "never replaces it" in text
    assert window.security.dialog is None  # no passphrase was asked
    assert keyfile_path(db_path).read_bytes() == before


def test_the_log_file_is_owner_only(tmp_path: Path) -> None:
    from ui.errors import setup_logging

    old = os.umask(0o022)
    try:
        written = setup_logging(tmp_path / "logs")
    finally:
        os.umask(old)
    assert written is not None and written.exists()
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "logs").stat().st_mode) == 0o700


def test_a_plain_copy_beside_an_encrypted_database_s_key_file_is_swapped_for_its_latest_backup(
    qtbot: QtBot,
    make_window: WindowFactory,
    db_path: Path,
    form_library: FormLibrary,
    interaction: ScriptedInteraction,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from safeguarding.security.keys import unlock

    db_path.parent.mkdir(parents=True, exist_ok=True)
    key = create_keyfile(db_path, PASSPHRASE)
    store = open_store(db_path, key=key)
    store.locations.add(Location(name="North Week Street"))
    store.backups.take("periodic")
    store.close()
    db_path.unlink()
    plain = db_path.with_name("elsewhere.sqlite3")
    _seed(plain, form_library)
    plain.rename(db_path)  # a plain copy put in its place (an old copy brought back by a sync tool)
    window = make_window()
    monkeypatch.setattr(window.security, "ask_key", lambda path: unlock(path, PASSPHRASE))
    interaction.choices = [1]  # Restore the latest backup
    interaction.answers = [True]
    window.security.encrypt_action.trigger()
    qtbot.waitUntil(lambda: window.store is not None and window.store.opened.key is not None, timeout=20000)
    assert [location.name for location in window.store.locations.by_name()] == ["North Week Street"]  # type: ignore[union-attr]
    (kept,) = [path for path in db_path.parent.iterdir() if ".plain-" in path.name and "-wal" not in path.name]
    reader = open_store(kept, read_only=True)
    assert [location.name for location in reader.locations.by_name()] == ["Brenchley Gardens"]  # kept, never lost
    reader.close()
