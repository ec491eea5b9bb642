"""An editor page built from one form section: overview, a triangle side, or summary.

The page shows the section's help text, its prompts (for a side) and one editor
per field. ``load`` fills the widgets from an :class:`Assessment`; ``apply``
writes them back into it. Saving is the editor's job, not the page's.
``stored_values`` and ``show_stored`` read and set the fields as the values a save
compares (keys as :func:`safeguarding.store.editable_values` names them: a field of
the assessment by its id, a side's field as ``"<side>.<field>"``), for drafts and
for merging another window's changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from safeguarding.forms import SIDE_CORE_FIELDS, FormDefinition, Section
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
        for field in section.fields:
            editor = make_editor(field, form, body)
            editor.changed.connect(self.changed)
            self.editors[field.id] = editor
            layout.addWidget(labelled(editor, body))
        layout.addStretch(1)
        self.setWidget(body)

    def first_editor(self) -> QWidget | None:
        """The widget to focus when the page opens."""
        first = next(iter(self.editors.values()), None)
        return first.focus_widget() if first else None

    def load(self, assessment: Assessment, location: Location | None = None) -> None:
        """Show ``assessment``'s values for this section's fields."""
        for field_id, editor in self.editors.items():
            editor.set_value(self._read(assessment, field_id))

    def apply(self, assessment: Assessment) -> None:
        """Write the widgets' values into ``assessment`` (in memory only)."""
        for field_id, editor in self.editors.items():
            self._write(assessment, field_id, editor.value())

    def key(self, field_id: str) -> str:
        """The key of one of this page's fields among the values a save compares."""
        return field_id if self.section.side is None else f"{self.section.side.value}.{field_id}"

    def stored_values(self) -> dict[str, Any]:
        """What the page shows, as stored values (dates as ISO text, a rating as its code), by key."""
        values: dict[str, Any] = {}
        for field_id, editor in self.editors.items():
            value = editor.value()
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, Rating):
                value = value.value
            values[self.key(field_id)] = value
        return values

    def show_stored(self, values: Mapping[str, Any]) -> None:
        """Show stored values (keys of :meth:`stored_values`; others are ignored) where they differ."""
        shown = self.stored_values()
        for field_id, editor in self.editors.items():
            key = self.key(field_id)
            if key in values and values[key] != shown[key]:
                value = values[key]
                editor.set_value(date_from_iso(value) if isinstance(editor, DateEditor) else value)

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
        else:
            finding.answers[field_id] = str(value or "")
