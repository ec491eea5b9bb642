"""The "Retention and deletion" window: the rule, what is due, and permanent deletion after confirmation."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError
from safeguarding.protection.history import table_label
from safeguarding.protection.retention_rule import MAX_YEARS, DueAssessment, RetentionRule
from safeguarding.store import Store
from safeguarding.timeutil import format_uk_date
from safeguarding.words import counted
from ui.interaction import Interaction
from ui.protection.rows_model import TextRowsModel
from ui.widgets.tab_keys import tab_leaves_tables

CLOSED_RULE = (
    "An assessment counts as <b>closed</b> on the date of its last finalised DCSM review whose decision was "
    "<b>close</b>, or on the day it was deleted in the app. The retention period comes from your local "
    "authority's records retention schedule. Nothing is deleted without your confirmation. "
    "<b>Backups</b> made before a deletion still hold the assessment until they are rotated out."
)


def describe_due(item: DueAssessment) -> str:
    """One line: location, dates and why it is due."""
    start = format_uk_date(item.start_date) or "no start date"
    return (
        f"{item.location_name} (started {start}): closed {format_uk_date(item.closed_on)} – {item.reason.lower()}; "
        f"due {format_uk_date(item.due_on)}"
    )


def describe_rows(rows: dict[str, list[str]]) -> str:
    """What will be deleted, in words, e.g. "Visit: 7, Photo: 2"."""
    return ", ".join(f"{table_label(table)}: {len(ids)}" for table, ids in sorted(rows.items()))


class RetentionDialog(QDialog):
    """Sets the retention period, lists what is due and deletes it permanently after confirmation.

    Args:
        store: The open database.
        interaction: Asks for confirmation.
    """

    def __init__(self, store: Store, interaction: Interaction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Retention and deletion")
        self.resize(980, 520)
        self._store, self._interaction = store, interaction
        self.due: list[DueAssessment] = []
        layout = QVBoxLayout(self)
        rule_row = QHBoxLayout()
        rule_row.addWidget(QLabel("Delete closed assessments", self))
        self.years = QSpinBox(self)
        self.years.setRange(0, MAX_YEARS)
        self.years.setSpecialValueText("never (not set)")
        self.years.setSuffix(" years after closure")
        self.years.valueChanged.connect(
            lambda years: self.years.setSuffix(" year after closure" if years == 1 else " years after closure")
        )
        self.years.setAccessibleName("Retention period in years")
        rule_row.addWidget(self.years)
        self.save_rule_button = QPushButton("Save rule", self)
        rule_row.addWidget(self.save_rule_button)
        rule_row.addStretch(1)
        layout.addLayout(rule_row)
        explain = QLabel(CLOSED_RULE, self)
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = TextRowsModel(["Location", "Started", "Closed", "Why closed", "Due for deletion", "What goes"])
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Assessments due for deletion")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        tab_leaves_tables(self.table)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.delete_button = QPushButton("Delete permanently…", self)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.save_rule_button.clicked.connect(self.save_rule)
        self.delete_button.clicked.connect(self.delete_due)
        rule = store.retention.rule()
        self.years.setValue(rule.years or 0)
        self.refresh()

    def refresh(self) -> None:
        """Reload the rule's list of assessments due for deletion."""
        rule = self._store.retention.rule()
        self.due = self._store.retention.due()
        self.model.set_rows(
            [
                [
                    item.location_name,
                    format_uk_date(item.start_date) or "—",
                    format_uk_date(item.closed_on),
                    item.reason,
                    format_uk_date(item.due_on),
                    describe_rows(item.rows),
                ]
                for item in self.due
            ],
            [item.assessment_id for item in self.due],
        )
        count = len(self.due)
        due_words = "Nothing is due for deletion." if not count else f"{counted(count, 'assessment')} due for deletion."
        self.summary.setText(f"{rule.describe()} {due_words}" if rule.years else rule.describe())
        self.delete_button.setEnabled(bool(count))

    def save_rule(self) -> None:
        """Store the period shown (0 = not set)."""
        value = self.years.value()
        try:
            self._store.retention.set_rule(RetentionRule(value or None))
        except SafeguardingError as error:
            self._interaction.error(self, "Rule not saved", str(error))
            return
        self.refresh()

    def delete_due(self) -> bool:
        """Confirm the exact list, then delete it permanently; return True if deleted."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        chosen = [self.due[row] for row in rows] or list(self.due)
        if not chosen:
            return False
        store = self._store
        plan = store.retention.plan([item.assessment_id for item in chosen])
        listing = "\n".join(f"• {describe_due(item)}" for item in chosen)
        cut = f"\nLinks cut from kept records: {describe_rows(plan.unlinked)}." if plan.unlinked else ""
        text = (
            f"Permanently delete these {counted(len(chosen), 'assessment')} and everything recorded in "
            f"them?\n\n{listing}\n\n"
            f"Records deleted: {describe_rows(plan.rows)} ({plan.total} in all).{cut}\n\n"
            "This cannot be undone. The audit trail records the deletion (who and when) but keeps none of the "
            "deleted text. Backups made before today still hold these assessments until they are rotated out."
        )
        if not self._interaction.confirm(self, "Delete permanently", text, yes="Delete permanently", no="Cancel"):
            return False
        try:
            store.retention.purge(plan)
        except SafeguardingError as error:
            self._interaction.error(self, "Nothing deleted", str(error))
            self.refresh()
            return False
        self._interaction.inform(self, "Deleted", f"{plan.total} records were deleted permanently.")
        self.refresh()
        return True
