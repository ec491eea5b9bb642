"""An editor page built from one form section: overview, a triangle side, or summary.

The page shows the section's help text, its prompts (for a side) and one editor
per field. ``load`` fills the widgets from an :class:`Assessment`; ``apply``
writes back into it the fields the user changed since, and only those: a field
nobody touched keeps its stored value byte for byte, whatever the widget would
make of it (an option the form no longer offers, line endings, a date answer
kept as text). Saving is the editor's job, not the page's.

Fields a local area adds to a side are kept in the side's ``answers`` as text:
a date as ``YYYY-MM-DD``, a rating or choice as its id.

For drafts and for two windows on one assessment, a field is named by its key
among the values a save compares (:func:`safeguarding.store.editable_values`: a
field of the assessment by its id, a side's field as ``"<side>.<field>"``):
``touched_values`` / ``restore_touched`` carry what the user typed (a typed date as
its text, even unfinished), ``show_stored`` shows another window's saved values in
the fields the user has not touched.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from safeguarding.forms import NO_LONGER_IN_FORM, SIDE_CORE_FIELDS, FormDefinition, Section
from safeguarding.model import Assessment, AssessmentStatus, Location, Rating
from safeguarding.timeutil import date_from_iso, format_uk_date
from ui.widgets.fields import ChoiceEditor, DateEditor, FieldEditor, RatingEditor, labelled, make_editor


class FormPage(QScrollArea):
    """A scrollable page for one form section. Emits ``changed`` on any edit."""

    changed = Signal()

    def __init__(self, section: Section, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.setObjectName(f"page_{section.id}")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop: it shows no focus (its fields do)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        title = QLabel(section.title, body)
        title.setObjectName("pageTitle")
        title.setAccessibleName(section.title)
        intro = QLabel(section.help, body)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(title)
        layout.addWidget(intro)
        self.side_ratings: QLabel | None = None
        """On the Summary page: the three sides' ratings, as rated on their pages (see :meth:`show_ratings`)."""
        if section.kind == "summary":
            self.side_ratings = QLabel(body)
            self.side_ratings.setObjectName("sideRatings")
            self.side_ratings.setAccessibleName("Ratings of the three sides")
            self.side_ratings.setWordWrap(True)
            self.side_ratings.setTextFormat(Qt.TextFormat.PlainText)
            self.side_ratings.setStyleSheet("font-weight: bold;")
            layout.addWidget(self.side_ratings)
        if section.prompts:
            prompts = QGroupBox("Questions to consider", body)
            prompts_layout = QVBoxLayout(prompts)
            for prompt in section.prompts:
                question = QLabel(f"• {prompt.text}", prompts)
                question.setTextFormat(Qt.TextFormat.PlainText)
                question.setStyleSheet("font-weight: bold;")
                question.setWordWrap(True)
                question.setToolTip(prompt.help)
                detail = QLabel(prompt.help, prompts)
                detail.setTextFormat(Qt.TextFormat.PlainText)
                detail.setWordWrap(True)
                detail.setObjectName("helpText")
                detail.setIndent(14)
                prompts_layout.addWidget(question)
                prompts_layout.addWidget(detail)
            layout.addWidget(prompts)
        self.editors: dict[str, FieldEditor] = {}
        self.touched: set[str] = set()
        """Ids of the fields the user changed since :meth:`load`: the only ones :meth:`apply` writes."""
        for field in section.fields:
            editor = make_editor(field, form, body)
            editor.changed.connect(lambda field_id=field.id: self.touched.add(field_id))
            editor.changed.connect(self.changed)
            self.editors[field.id] = editor
            layout.addWidget(labelled(editor, body))
        self.kept_answers = QLabel(body)
        self.kept_answers.setObjectName("keptAnswers")
        self.kept_answers.setWordWrap(True)
        self.kept_answers.setTextFormat(Qt.TextFormat.PlainText)
        self.kept_answers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kept_answers.hide()
        layout.addWidget(self.kept_answers)
        layout.addStretch(1)
        self.setWidget(body)

    def rating(self) -> Rating | None:
        """The rating chosen on this page (a side's page), or None (not rated, or not a side)."""
        editor = self.editors.get("rating")
        return editor.value() if isinstance(editor, RatingEditor) and self.section.side is not None else None

    def show_ratings(self, ratings: list[tuple[str, Rating | None]]) -> None:
        """On the Summary page, show each side's rating in words, e.g. ``[("Young people", Rating.RED), ...]``."""
        if self.side_ratings is None:
            return
        parts = [f"{side}: {rating.label if rating else 'not rated yet'}" for side, rating in ratings]
        self.side_ratings.setText("Ratings of the three sides: " + "; ".join(parts) + ".")

    def first_editor(self) -> QWidget | None:
        """The widget to focus when the page opens."""
        first = next(iter(self.editors.values()), None)
        return first.focus_widget() if first else None

    def load(self, assessment: Assessment, location: Location | None = None) -> None:
        """Show ``assessment``'s values for this section's fields."""
        self.touched.clear()
        for field_id, editor in self.editors.items():
            editor.set_value(self._read(assessment, field_id))
        self._show_kept_answers(assessment)

    def _show_kept_answers(self, assessment: Assessment) -> None:
        """Show, read-only, the side's answers to fields this version of the form does not have (they are kept)."""
        side = self.section.side
        answers = assessment.findings[side].answers if side is not None else {}
        kept = {key: value for key, value in answers.items() if key not in self.editors and value.strip()}
        lines = [f"{key} {NO_LONGER_IN_FORM}: {value}" for key, value in sorted(kept.items())]
        self.kept_answers.setText(
            "Kept from the version of the form this assessment was written with (printed in the report):\n"
            + "\n".join(lines)
        )
        self.kept_answers.setVisible(bool(lines))

    def apply(self, assessment: Assessment) -> None:
        """Write the values of the fields the user changed into ``assessment`` (in memory only).

        Raises:
            ValidationError: if a changed field holds something that cannot be
                saved (a typed date that is not a date); nothing is written then.
        """
        values = {field_id: self.editors[field_id].value() for field_id in self.touched}
        for field_id, value in values.items():
            self._write(assessment, field_id, value)

    def set_field(self, field_id: str, value: Any) -> None:
        """Show ``value`` in field ``field_id`` as if the user had entered it (it is saved with the page)."""
        self.editors[field_id].set_value(value)
        self.touched.add(field_id)
        self.changed.emit()

    def key(self, field_id: str) -> str:
        """The key of one of this page's fields among the values a save compares."""
        return field_id if self.section.side is None else f"{self.section.side.value}.{field_id}"

    def field_of(self, key: str) -> str | None:
        """The id of this page's field with ``key``, or None."""
        return next((field_id for field_id in self.editors if self.key(field_id) == key), None)

    def _shown(self, field_id: str) -> Any:
        """What a field shows, as a stored value (a date that is not finished typing: None)."""
        editor = self.editors[field_id]
        if isinstance(editor, DateEditor):
            parsed = editor.edit.parsed()
            return parsed.isoformat() if parsed else None
        value = editor.value()
        return value.value if isinstance(value, Rating) else value

    def touched_values(self) -> dict[str, Any]:
        """What the user changed, by key, as typed (a date as its text: a draft keeps it even unfinished)."""
        values: dict[str, Any] = {}
        for field_id in sorted(self.touched):
            editor = self.editors[field_id]
            values[self.key(field_id)] = editor.edit.text() if isinstance(editor, DateEditor) else self._shown(field_id)
        return values

    def restore_touched(self, values: Mapping[str, Any]) -> None:
        """Show what was typed (from :meth:`touched_values`) as if the user had entered it again."""
        for key, value in values.items():
            field_id = self.field_of(key)
            if field_id is not None:
                self.set_field(field_id, value)

    def show_stored(self, values: Mapping[str, Any], *, also: frozenset[str] = frozenset()) -> None:
        """Show stored values in the fields the user has not touched (and in ``also``, which become untouched).

        Used to show what another window saved; nothing shown this way is saved from here.
        """
        for field_id, editor in self.editors.items():
            key = self.key(field_id)
            if key not in values or (field_id in self.touched and key not in also):
                continue
            self.touched.discard(field_id)
            if values[key] != self._shown(field_id):
                value = values[key]
                editor.set_value(date_from_iso(value) if isinstance(editor, DateEditor) and value else value)

    def describe_value(self, field_id: str, value: Any) -> str:
        """A stored value of one field in words: a date in UK form, a rating or an option by its name."""
        editor = self.editors[field_id]
        if value in (None, ""):
            return "(empty)" if not isinstance(editor, RatingEditor) else "Not rated"
        if isinstance(editor, DateEditor):
            return format_uk_date(date_from_iso(str(value)))
        if isinstance(editor, RatingEditor):
            return Rating(value).label
        if isinstance(editor, ChoiceEditor):
            index = editor.combo.findData(str(value))
            return editor.combo.itemText(index) if index >= 0 else str(value)
        return str(value)

    def _read(self, assessment: Assessment, field_id: str) -> Any:
        side = self.section.side
        if side is None:
            value = getattr(assessment, field_id)
            return value.value if isinstance(value, AssessmentStatus) else value
        finding = assessment.findings[side]
        if field_id in SIDE_CORE_FIELDS:
            return getattr(finding, field_id)
        return finding.answers.get(field_id, "")

    def _write(self, assessment: Assessment, field_id: str, value: Any) -> None:
        side = self.section.side
        if side is None:
            if field_id == "status":
                value = AssessmentStatus(value or AssessmentStatus.DRAFT.value)
            setattr(assessment, field_id, value)
            return
        finding = assessment.findings[side]
        if field_id == "rating":
            finding.rating = Rating(value) if value else None
        elif field_id in SIDE_CORE_FIELDS:
            setattr(finding, field_id, value)
        elif isinstance(value, date):
            finding.answers[field_id] = value.isoformat()
        else:
            finding.answers[field_id] = str(value or "")
