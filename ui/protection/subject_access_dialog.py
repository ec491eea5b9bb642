"""Records → Subject access request…: every record that names a registered person, and its export.

The search runs on the thread pool with a read-only connection of its own (a large
database has hundreds of thousands of texts, earlier versions included); the window
keeps working meanwhile. See :mod:`safeguarding.protection.subject_access`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError
from safeguarding.file_names import safe_file_stem, with_suffix
from safeguarding.model import Person
from safeguarding.protection.name_matching import fold_name
from safeguarding.protection.sharing import SharingDetails
from safeguarding.protection.subject_access import CSV_HEADERS, Mention, same_person, write_subject_access_csv
from safeguarding.store import Store
from safeguarding.timeutil import utc_now, utc_to_local
from safeguarding.words import counted
from ui.interaction import Interaction
from ui.protection.rows_model import TextRowsModel, read_only_table
from ui.protection.sharing_log import record_export

if TYPE_CHECKING:
    from safeguarding.progress import Progress
    from ui.tasks import Task


def _excerpt(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class SubjectAccessDialog(QDialog):
    """Choose a registered person, find every record naming them, export the records (full or redacted).

    Args:
        store: The open database.
        interaction: Asks where to save, and for whom and why.
    """

    def __init__(self, store: Store, interaction: Interaction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Subject access request")
        self.resize(1100, 560)
        self._store, self._interaction = store, interaction
        self.everyone: list[Person] = store.people.everyone()
        self.mentions: list[Mention] = []
        self.person: list[Person] = []
        self.task: Task | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Find every record that names a person registered on a People (for redaction) page, in every "
            "assessment, earlier versions kept by the audit trail included, to answer their request for their "
            "data. The full copy is as recorded; the redacted copy replaces every other registered person's "
            "name with their pseudonym and keeps this person's own.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        label = QLabel("&Person:", self)
        self.people = QComboBox(self)
        label.setBuddy(self.people)
        seen: set[str] = set()
        for person in self.everyone:
            key = fold_name(person.real_name)
            if key in seen:
                continue
            seen.add(key)
            count = len(same_person(person, self.everyone))
            where = f", registered in {count} assessments" if count > 1 else ""
            self.people.addItem(f"{person.real_name} ({person.pseudonym}{where})", person.id)
        self.find_button = QPushButton("&Find their records", self)
        self.find_button.clicked.connect(self.search)
        self.find_button.setEnabled(bool(self.everyone))
        row.addWidget(label)
        row.addWidget(self.people, 1)
        row.addWidget(self.find_button)
        layout.addLayout(row)
        self.summary = QLabel(
            "Choose a person, then Find." if self.everyone else "Nobody is registered for redaction yet.", self
        )
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = TextRowsModel(CSV_HEADERS)
        self.table = read_only_table(self, self.model, "Records that name the person")
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.full_button = QPushButton("Export full copy (CSV)…", self)
        self.redacted_button = QPushButton("Export redacted copy (CSV)…", self)
        for button in (self.full_button, self.redacted_button):
            button.setEnabled(False)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.full_button.clicked.connect(lambda: self.export(redacted=False))
        self.redacted_button.clicked.connect(lambda: self.export(redacted=True))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> list[Person]:
        """Every registration of the person chosen (same name, any assessment)."""
        person = next((item for item in self.everyone if item.id == self.people.currentData()), None)
        return same_person(person, self.everyone) if person is not None else []

    def search(self) -> Task | None:
        """Search every text for the chosen person on the thread pool; the table fills when done."""
        from safeguarding.protection.subject_access import find_mentions
        from safeguarding.store import open_store
        from ui.tasks import run_with_progress

        person = self.chosen()
        if not person:
            return None
        path, key, everyone = self._store.path, self._store.opened.key, list(self.everyone)

        def work(progress: Progress) -> list[Mention]:
            progress(0.0, "Reading the records…")
            reader = open_store(path, read_only=True, key=key)
            try:
                return find_mentions(
                    reader.texts.all(),
                    person,
                    lambda done: progress(0.5, f"Searched {done:,} texts…"),
                    others=everyone,
                )
            finally:
                reader.close()

        def found(mentions: list[Mention]) -> None:
            self.task = None
            self.person, self.mentions = person, mentions
            self.model.set_rows([[*mention.row()[:-1], _excerpt(mention.record.text)] for mention in mentions])
            self.table.resizeColumnsToContents()
            places = len({mention.record.assessment_id for mention in mentions if mention.record.assessment_id})
            earlier = sum(1 for mention in mentions if not mention.record.current)
            self.summary.setText(
                f"{counted(len(mentions), 'text')} {'names' if len(mentions) == 1 else 'name'} "
                f"{person[0].pseudonym}, in "
                f"{counted(places, 'assessment')}; {earlier} of them "
                "are earlier versions kept by the audit trail. Check each before sending: a match the redaction "
                "preview would ask about is listed too."
            )
            for button in (self.full_button, self.redacted_button):
                button.setEnabled(bool(mentions))

        def failed(error: BaseException) -> None:
            self.task = None
            if isinstance(error, SafeguardingError):
                self._interaction.error(self, "Records not searched", str(error))
                return
            import sys

            sys.excepthook(type(error), error, error.__traceback__)

        def cancelled() -> None:
            self.task = None
            self.summary.setText("Search cancelled.")

        self.summary.setText("Searching…")
        self.task = run_with_progress(
            self, "Finding the records", work, succeeded=found, failed=failed, cancelled=cancelled, label="Reading…"
        )
        return self.task

    def export(self, *, redacted: bool) -> Path | None:
        """Ask where and for whom, then write the records found as CSV and log the export."""
        if not self.mentions:
            return None
        kind = "redacted" if redacted else "full"
        day = utc_to_local(utc_now()).strftime("%Y-%m-%d")
        label = safe_file_stem(self.person[0].pseudonym, "person")
        suggested = f"Subject access - {label} ({kind}) - {day}.csv"
        path = self._interaction.save_export(self, "Export the records", suggested, "CSV files (*.csv)")
        if path is None:
            return None
        path = with_suffix(path, ".csv")
        what = f"The {kind} copy of {counted(len(self.mentions), 'record text')} naming {self.person[0].pseudonym}."
        details = self._interaction.ask_sharing(self, what, SharingDetails(lawful_basis="subject_access"))
        if details is None:
            return None
        try:
            written = write_subject_access_csv(
                self.mentions, path, person=self.person, everyone=self.everyone, redacted=redacted
            )
        except SafeguardingError as error:
            self._interaction.error(self, "Records not exported", str(error))
            return None
        record_export(
            self._store,
            self._interaction,
            self,
            "subject_access",
            written,
            details=details,
            redacted=redacted,
            description=(
                f"Subject access export: {counted(len(self.mentions), 'text')} naming {self.person[0].pseudonym}"
            ),
        )
        self._interaction.inform(
            self,
            "Records exported",
            f"The {kind} copy was saved to:\n{written}\n\nIt holds what the records say about a person: keep it "
            "safe and send it only through approved channels.",
        )
        return written
