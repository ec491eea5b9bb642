"""The main window's assessments: start one (or a reassessment), open it, delete it, go back to the list.

A part of :class:`~ui.main_window.MainWindow` (its methods, moved out whole).
"""

from __future__ import annotations

from safeguarding.errors import DamagedDatabaseError, FormDefinitionError, SafeguardingError
from ui.window_base import WindowBase


class AssessmentActions(WindowBase):
    """Starting, opening and deleting assessments from the window (a part of MainWindow)."""

    # -- assessments -------------------------------------------------------------

    def _assess_selected(self) -> None:
        location_id = self.locations_page.selected_location_id()
        if location_id:
            self.new_assessment(location_id)

    def new_assessment(self, location_id: str) -> None:
        """Start an assessment of the location and open it.

        If the location already has an assessment, the user chooses between a
        reassessment (carries forward what is still true, marked as carried) and
        a blank assessment, or cancels: the new one becomes the latest shown in
        the list and exported, so it is never started by accident.
        """
        if self.store is None:
            return
        from safeguarding.timeutil import format_uk_date, utc_now, utc_to_local

        store = self.store
        try:
            location = store.locations.get(location_id)
            latest = store.assessments.latest_for_location(location_id)
            form = self.forms.current()
            if latest is not None:
                started = format_uk_date(latest.start_date) or "with no start date"
                answer = self.interaction.choose(
                    self,
                    "Start an assessment",
                    f"{location.name} already has an assessment ({latest.status.label.lower()}, started "
                    f"{started}).\n\nA reassessment carries forward the write-up of each side, the scope, the "
                    "map and the open actions, marked as carried forward. A blank assessment starts from "
                    "nothing. Either way the earlier assessment is kept, and the new one becomes the latest, "
                    "shown in the list and in reports.",
                    ["Start a reassessment", "Start a blank assessment", "Cancel"],
                )
                if answer == 0:
                    from safeguarding.workflows.reassess import reassess

                    carried = reassess(store, latest.id, form)
                    self.refresh(select=location_id)
                    self.open_assessment(carried.id)
                    return
                if answer != 1:
                    return
            assessment = store.assessments.create(
                location_id,
                form,
                start_date=utc_to_local(utc_now()).date(),
                assessor_name=self.profile.name if self.profile else "",
                assessor_agency=self.profile.agency if self.profile else "",
            )
        except (SafeguardingError, FormDefinitionError) as error:
            self.interaction.error(self, "Assessment not started", str(error))
            return
        self.refresh(select=location_id)
        self.open_assessment(assessment.id)

    def delete_assessment(self, assessment_id: str) -> None:
        """Delete an assessment after confirmation (soft: kept in the file until the retention rule purges it)."""
        if self.store is None:
            return
        try:
            assessment = self.store.assessments.get(assessment_id)
            location = self.store.locations.get(assessment.location_id)
        except SafeguardingError as error:
            self.interaction.error(self, "Assessment not deleted", str(error))
            return
        from safeguarding.timeutil import format_uk_date

        started = format_uk_date(assessment.start_date) or "with no start date"
        if not self.interaction.confirm(
            self,
            "Delete assessment",
            f"Delete the assessment of {location.name} started {started} ({assessment.status.label.lower()})? "
            "It will disappear from the list and from reports. It stays in the database, where the retention "
            "rule deletes it for good later.",
            yes="Delete assessment",
            no="Cancel",
        ):
            return
        try:
            self.store.assessments.delete(assessment_id)
        except SafeguardingError as error:
            self.interaction.error(self, "Assessment not deleted", str(error))
            return
        self.refresh(select=location.id)

    def open_assessment(self, assessment_id: str, *, offer: bool = True) -> None:
        """Open an assessment in the editor, with the form definition it was written with.

        That is the one kept in the database; an assessment whose form was never
        kept and is no longer installed opens with the newest version, and the
        editor says so in words; so it does when the assessment changed since the
        last DCSM that considered it ("Changed since the DCSM of …: the visits").
        Work on it that was kept as a draft for later (or left by an app that did
        not close properly) is offered back, unless ``offer`` is False (a draft is
        being restored).
        """
        editor = self.editor  # built on the first opening
        if self.store is None or editor is None:
            return
        from safeguarding.workflows.meeting_papers import changed_since

        try:
            with self.store.raising_damage():
                assessment = self.store.assessments.get(assessment_id)
                location = self.store.locations.get(assessment.location_id)
                chosen = self.store.form_versions.for_assessment(assessment, self.forms)
                editor.open(assessment, location, chosen.form)  # its pages read their records
                changed = changed_since(self.store, assessment_id)  # "Changed since the DCSM of …: …"
                editor.show_form_notice("\n".join(part for part in (chosen.notice, changed) if part))
        except DamagedDatabaseError as error:
            self.security.database_damaged(error)
            return
        except (SafeguardingError, FormDefinitionError) as error:
            self.interaction.error(self, "Assessment not opened", str(error))
            return
        self.stack.setCurrentWidget(editor)
        editor.nav.setFocus()
        self.team.assessment_opened(assessment_id)  # who is writing it up, and its conflicts
        if offer:
            self.offer_drafts(assessment_id)

    def open_plan_at(self, assessment_id: str, action_id: str = "") -> None:
        """Open an assessment at its plan: the action ``action_id`` selected, or (none given) its DCSM reviews.

        "What needs attention" opens here (issue 16: it opened at the Overview, and the
        overdue action had to be looked for).
        """
        self.open_assessment(assessment_id)
        editor = self.editor
        if editor is None or editor.assessment is None or editor.assessment.id != assessment_id:
            return  # not opened: already said why
        from ui.editor.plan_page import PlanPage

        if not action_id:
            editor.show_section("reviews")
            return
        plan = editor.page("plan")
        editor.show_page(plan)
        if isinstance(plan, PlanPage):
            plan.refresh(select=action_id)
            plan.tree.setFocus()

    def _back(self) -> None:
        editor = self.shown_editor()
        if editor is not None:
            editor.request_close()

    def _back_to_list(self) -> None:
        """Back from the editor: the row of the location whose assessment was open is read again, not the list."""
        self.stack.setCurrentWidget(self.locations_page)
        editor = self.built_editor()
        location = editor.location if editor is not None else None
        if location is None or not self.refresh_location(location.id):
            self.refresh()
        self.locations_page.table.setFocus()
