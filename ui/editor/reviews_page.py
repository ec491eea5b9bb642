"""The "DCSM reviews" page: the last decision and next review date, the reviews held, and the
comparison with the earlier assessment of the same location.

A new review lists every open action; finalising it records each one in the
action's history. Reviews are saved straight away (``records_changed``). While the
review dialog is open, what is typed is kept as a draft, and a draft review is saved
against the one shown, never over another window's (:mod:`ui.editing.dialog_form`).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguarding.drafts import Draft
from safeguarding.errors import NotFoundError, SafeguardingError, ValidationError
from safeguarding.forms import Section
from safeguarding.model import Assessment, AssessmentStatus, Location, Side
from safeguarding.plan.compare import compare_ratings
from safeguarding.plan.records import AssessmentPlan, Review
from safeguarding.plan.rules import validate_review
from safeguarding.store import editable_values
from ui.editing.dialog_form import DialogEditing
from ui.editing.editable import reveal_page
from ui.editor.registry import PageContext
from ui.plan.common import uk_date
from ui.plan.compare_dialog import CompareDialog
from ui.plan.review_dialog import ReviewDialog, default_next_review
from ui.ratings import BACKGROUND, rating_text
from ui.theme import ON_PALE, message_style


class ReviewsPage(QWidget):
    """DCSM reviews of one assessment's plan."""

    records_changed = Signal()

    def __init__(self, section: Section, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"page_{section.id}")
        self._store = context.store
        self._interaction = context.interaction
        self._keeper = context.drafts
        self._user = context.user
        self.assessment: Assessment | None = None
        self.location: Location | None = None
        self.plan: AssessmentPlan | None = None
        self.review_dialog: ReviewDialog | None = None
        self.compare_dialog: CompareDialog | None = None
        layout = QVBoxLayout(self)
        title = QLabel(section.title, self)
        title.setObjectName("pageTitle")
        intro = QLabel(section.help, self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel(self)
        self.status.setObjectName("lastDecision")
        self.status.setAccessibleName("Last decision and next review")
        self.status.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.status)
        self.table = QTableWidget(0, 4, self)
        self.table.setAccessibleName("DCSM reviews")
        self.table.setHorizontalHeaderLabels(["Meeting date", "Decision", "Next review", "State"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("&New DCSM review…", self)
        self.new_button.setAccessibleName("New DCSM review")
        self.open_button = QPushButton("&Open review…", self)
        self.open_button.setAccessibleName("Open review")
        self.compare_button = QPushButton("&Compare with earlier assessment…", self)
        self.compare_button.setAccessibleName("Compare with earlier assessment")
        for button in (self.new_button, self.open_button, self.compare_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.comparison_title = QLabel(self)
        self.comparison_title.setWordWrap(True)
        self.comparison = QTableWidget(0, 4, self)
        self.comparison.setAccessibleName("Ratings compared with the earlier assessment")
        self.comparison.setHorizontalHeaderLabels(["Side of the triangle", "Then", "Now", "Direction of travel"])
        self.comparison.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.comparison.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.comparison.verticalHeader().hide()
        self.comparison.setMaximumHeight(130)
        layout.addWidget(self.comparison_title)
        layout.addWidget(self.comparison)
        self.message = QLabel(self)
        self.message.setStyleSheet(message_style(bold=False))
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.new_button.clicked.connect(self.new_review)
        self.open_button.clicked.connect(self.open_selected)
        self.compare_button.clicked.connect(self.compare)
        self.table.cellDoubleClicked.connect(lambda *_: self.open_selected())

    def first_editor(self) -> QWidget | None:
        """The button to start a review."""
        return self.new_button

    def load(self, assessment: Assessment, location: Location | None = None) -> None:
        """Show the assessment's reviews and its comparison with the earlier assessment."""
        self.assessment, self.location = assessment, location
        self.refresh(assessment.plan)

    def refresh(self, plan: AssessmentPlan | None = None) -> None:
        """Reload from the database (or show ``plan``)."""
        if self.assessment is None:
            return
        self.plan = plan or self._store.plan.load(self.assessment.id)
        last = self.plan.last_review()
        if last is None:
            self.status.setText("No DCSM review has been finalised for this assessment yet.")
        else:
            assert last.decision is not None
            self.status.setText(
                f"<b>Last decision</b> ({uk_date(last.meeting_date)}): {html.escape(last.decision_words)}. "
                f"<b>Next review:</b> {uk_date(last.next_review_date, 'not set')}."
            )
        self.table.setRowCount(len(self.plan.reviews))
        for row, review in enumerate(self.plan.reviews):
            values = (
                uk_date(review.meeting_date),
                review.decision_words if review.decision else "Not decided yet",
                uk_date(review.next_review_date),
                "Finalised" if review.is_final else "Draft",
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        if self.plan.reviews:
            self.table.selectRow(len(self.plan.reviews) - 1)
        self.open_button.setEnabled(bool(self.plan.reviews))
        self._show_comparison()

    def _show_comparison(self) -> None:
        assert self.plan is not None and self.assessment is not None
        earlier = self.plan.earlier
        self.compare_button.setEnabled(earlier is not None)
        if earlier is None:
            self.comparison_title.setText("There is no earlier assessment of this location to compare with.")
            self.comparison.hide()
            return
        self.comparison_title.setText(f"<b>Compared with the assessment of {uk_date(earlier.on)}</b>")
        rows = compare_ratings(earlier.ratings, {side: self.assessment.rating(side) for side in Side})
        self.comparison.setRowCount(len(rows))
        for row, item in enumerate(rows):
            cells = [
                QTableWidgetItem(item.side.label),
                QTableWidgetItem(rating_text(item.then)),
                QTableWidgetItem(rating_text(item.now)),
                QTableWidgetItem(f"{item.direction.arrow} {item.direction.label}"),
            ]
            for column, cell in enumerate(cells):
                self.comparison.setItem(row, column, cell)
            for column, rating in ((1, item.then), (2, item.now)):
                if rating:
                    cells[column].setBackground(BACKGROUND[rating])
                    cells[column].setForeground(ON_PALE)
        self.comparison.show()

    # -- reviews -------------------------------------------------------------------

    def new_review(self) -> None:
        """Open a new review listing every open action (or the draft already started)."""
        if self.assessment is None or self.plan is None:
            return
        draft = next((review for review in self.plan.reviews if not review.is_final), None)
        if draft is None:
            today = self._store.plan.today()
            draft = Review(self.assessment.id, meeting_date=today, next_review_date=default_next_review(today))
        self._open(draft)

    def open_selected(self) -> None:
        """Open the selected review (a finalised one is shown read-only)."""
        if self.plan is None:
            return
        row = self.table.currentRow()
        if 0 <= row < len(self.plan.reviews):
            self._open(self.plan.reviews[row])

    def _ask_before_finalising(self, review: Review) -> None:
        """Refuse to finalise a review of a Draft assessment, and ask first (finalising cannot be undone).

        Issue 16: "Finalise review" locked the review at once, even on a Draft assessment.
        A DCSM review reviews the plan of a finished assessment; a review of one still being
        written is kept as a draft until the assessment is marked Complete.

        Raises:
            ValidationError: the assessment is a draft, or the user chose not to finalise yet
                (the dialog stays open with its work and says so).
        """
        assert self.assessment is not None
        validate_review(review, finalising=True)  # a review without a decision is refused before any question
        status = self._store.assessments.get(self.assessment.id).status
        if status is AssessmentStatus.DRAFT:
            raise ValidationError(
                "Not finalised: the assessment is still a draft. Mark it Complete on the Summary page first; "
                "meanwhile this review can be saved as a draft."
            )
        when = uk_date(review.meeting_date)
        if not self._interaction.confirm(
            self,
            "Finalise review",
            f"Finalise the DCSM review of {when}? Each action's status is then recorded in its history, "
            "and the review can no longer be changed.",
            yes="Finalise",
            no="Not yet",
        ):
            raise ValidationError("Not finalised: the review is still open. Save it as a draft or finalise it later.")

    def _open(self, review: Review) -> ReviewDialog | None:
        assert self.plan is not None and self.assessment is not None
        try:
            agencies = self._store.plan.agencies()
        except SafeguardingError as error:
            self.message.setText(str(error))
            return None
        if review.is_final:
            reviewed = {item.action_id for item in review.items}
            actions = [a for a in self.plan.actions() if a.id in reviewed]
        else:
            actions = self.plan.open_actions()

        stored = any(r.id == review.id for r in self.plan.reviews)

        def save(entered: Review, finalise: bool) -> None:
            if finalise:
                self._ask_before_finalising(entered)
                self._store.plan.finalise_review(entered)
            else:  # after a choice between two versions the dialog shows the merged review: read it again
                editing.save(lambda base: self._store.plan.save_review(dialog.entered(), base=base))
            self.message.setText("")
            self.refresh()
            self.records_changed.emit()

        def fresh() -> dict[str, object]:
            assert self.assessment is not None
            found = next((r for r in self._store.plan.load(self.assessment.id).reviews if r.id == review.id), None)
            if found is None:
                raise NotFoundError("That review no longer exists.")
            return editable_values(found)

        dialog = ReviewDialog(review, actions, agencies, save, self)
        place = self.location.name if self.location is not None else "the location"
        when = uk_date(review.meeting_date)
        editing = DialogEditing(
            dialog,
            kind="review",
            record_id=review.id,
            assessment_id=self.assessment.id,
            label=f"the DCSM review of {when} for {place}",
            base=editable_values(review) if stored else None,
            drafts=None if review.is_final else self._keeper,
            interaction=self._interaction,
            fields={"notes": "Notes of the meeting", "decision": "Decision", "meeting_date": "Meeting date"},
            texts=frozenset({"notes"}),
            stored=fresh,
            user=self._user,
        )
        dialog.editing = editing
        self.review_dialog = dialog
        dialog.open()
        return dialog

    def restore_draft(self, draft: Draft) -> bool:
        """Open the review a draft was typed in, with its work filled in (unsaved)."""
        if draft.kind != "review" or self.assessment is None or self.plan is None:
            return False
        review = next((r for r in self.plan.reviews if r.id == draft.record_id), None)
        if review is None:
            today = self._store.plan.today()
            review = Review(
                self.assessment.id, meeting_date=today, next_review_date=default_next_review(today), id=draft.record_id
            )
        dialog = self._open(review)
        if dialog is None or dialog.editing is None:
            return False
        reveal_page(self)
        return dialog.editing.restore_draft(draft)

    def compare(self) -> None:
        """Open the side-by-side comparison of this location's assessments."""
        if self.assessment is None:
            return
        assessments = self._store.assessments.for_location(self.assessment.location_id)
        name = self.location.name if self.location else ""
        self.compare_dialog = CompareDialog(name, assessments, self.assessment.id, self)
        self.compare_dialog.open()
