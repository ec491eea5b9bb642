"""The write-up's dates: the start date follows the first visit, and Complete asks for the end date.

A part of :class:`~ui.editor.editor.AssessmentEditor` (its methods, moved out whole).
"""

from __future__ import annotations

from datetime import date

from safeguarding.model import AssessmentStatus
from safeguarding.timeutil import format_uk_date, utc_now, utc_to_local
from ui.editor.editor_base import EditorBase
from ui.editor.form_page import FormPage
from ui.widgets.fields import DateEditor


class WriteUpDates(EditorBase):
    """The start and end dates of the write-up, kept in step with the visits and the status."""

    def _start_at_first_visit(self) -> None:
        """Move the start date back to the first visit when a visit is recorded before it (issue 16).

        A new assessment starts today; its visits are often entered afterwards, dated earlier.
        The form says the start date is "usually the first observation visit", so it follows
        the earliest visit while it is still the default (the day the assessment was started)
        and the user has not typed one (a chosen start date is kept).
        The write-up is saved at once with the new date, which the status bar states.
        """
        overview = self._form_page_with("start_date")
        if self.assessment is None or overview is None or self.read_only or not self.assessment.observations:
            return
        if "start_date" in overview.touched and not self._start_follows_visits:
            return  # typed by the user
        first = min(utc_to_local(visit.start).date() for visit in self.assessment.observations)
        start = _typed_date(overview, "start_date")
        if start is not None and start <= first:
            return
        created = utc_to_local(self.assessment.created_at).date() if self.assessment.created_at else None
        if start is not None and start != created and not self._start_follows_visits:
            return  # not the day it was started: a start date someone chose
        overview.set_field("start_date", first)
        self._start_follows_visits = True
        self.save()  # at once, as the visit itself was: nothing is left waiting for the autosave
        self.said.emit(
            f"The assessment's start date is now {format_uk_date(first)}, the day of its first visit "
            "(change it on the Overview page if it should be another day)."
        )

    def _form_page_with(self, field_id: str) -> FormPage | None:
        return next((p for p in self.pages if isinstance(p, FormPage) and field_id in p.editors), None)

    def _on_status_chosen(self) -> None:
        """Marking the assessment Complete asks for its end date when none is set.

        The date goes into the Overview's end date (saved with the assessment);
        cancelling keeps the assessment a draft. Autosave waits while asking.
        """
        summary, overview = self._form_page_with("status"), self._form_page_with("end_date")
        if summary is None or overview is None or self.assessment is None:
            return
        status = summary.editors["status"]
        if status.value() != AssessmentStatus.COMPLETE.value or _typed_date(overview, "end_date") is not None:
            return
        self.timer.stop()
        start = _typed_date(overview, "start_date") or self.assessment.start_date
        today = utc_to_local(utc_now()).date()

        def check(end: date) -> str:
            if start is not None and end < start:
                return f"The end date must not be before the start date ({format_uk_date(start)})."
            return ""

        chosen = self._interaction.ask_date(
            self,
            "Mark the assessment complete",
            "A complete assessment needs its end date: the day the write-up was finished. "
            "It is printed on the report's cover.",
            label="End date",
            suggested=today if not check(today) else start,
            check=check,
            yes="Mark complete",
        )
        if chosen is not None:
            overview.set_field("end_date", chosen)
            self.mark_changed()
            return
        status.set_value(AssessmentStatus.DRAFT.value)
        self.mark_changed()
        self.problem = "Still a draft: a complete assessment needs its end date."
        self._show_state()
        self.problem = ""


def _typed_date(page: FormPage, field_id: str) -> date | None:
    """The date typed in a date field of ``page`` (None: empty, not a date yet, or no such field)."""
    editor = page.editors.get(field_id)
    return editor.edit.parsed() if isinstance(editor, DateEditor) else None
