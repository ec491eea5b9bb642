"""The main window's File -> Export DCSM report: ask which copy and where, then write the PDF off the GUI thread.

A part of :class:`~ui.main_window.MainWindow` (its methods, moved out whole); the
export itself is :mod:`safeguarding.workflows.export`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from safeguarding.errors import SafeguardingError
from safeguarding.file_names import export_file_name, with_suffix
from safeguarding.reports.glyphs import Unprintable
from ui.window_base import WindowBase

if TYPE_CHECKING:  # loaded where used, so the window shows before the heavy modules load
    from safeguarding.progress import Progress
    from safeguarding.workflows.export import ReportRequest


class ReportExport(WindowBase):
    """Exporting an assessment's DCSM report from the window (a part of MainWindow)."""

    # -- export ------------------------------------------------------------------

    def _export_current(self) -> None:
        editor = self.shown_editor()
        if editor is not None and editor.assessment:
            if editor.save():
                self.export_assessment(editor.assessment.id)
        else:
            assessment_id = self.locations_page.selected_assessment_id()
            if assessment_id:
                self.export_assessment(assessment_id)

    def export_assessment(self, assessment_id: str) -> None:
        """Ask where to save, then write the DCSM report PDF of an assessment."""
        if self.store is None:
            return
        from safeguarding.timeutil import utc_now, utc_to_local
        from safeguarding.workflows.export import read_report

        try:
            request = read_report(self.store, self.forms, assessment_id, demo=self.demo)
        except SafeguardingError as error:
            self.interaction.error(self, "Report not exported", str(error))
            return
        self._ask_and_export(request, "Export DCSM report", "DCSM report", "", utc_to_local(utc_now()).date())

    def export_kept_version(self, assessment_id: str, meeting_date: date) -> None:
        """Ask which copy and where, then print the assessment as the meeting on ``meeting_date`` saw it."""
        if self.store is None:
            return
        from safeguarding.timeutil import format_uk_date
        from safeguarding.workflows.export import read_kept_report

        try:
            request = read_kept_report(self.store, self.forms, assessment_id, meeting_date)
        except SafeguardingError as error:
            self.interaction.error(self, "Report not exported", str(error))
            return
        words = f"as considered by the DCSM of {format_uk_date(meeting_date)}"
        name = f"DCSM report as seen by the DCSM of {meeting_date.isoformat()}"
        self._ask_and_export(request, "Print the version the DCSM saw", name, words, None)

    def _ask_and_export(self, request: ReportRequest, title: str, name: str, words: str, day: date | None) -> None:
        """Ask full or redacted, where, and for whom and why; then write the report and log it.

        Args:
            request: From :func:`~safeguarding.workflows.export.read_report` (or the kept version).
            title: The file chooser's title.
            name: What the file is, in its suggested name ("DCSM report"); " (redacted)" is added for that copy.
            words: Said after the report's name in the sharing log ("" for the report as it is now).
            day: The date in the suggested name, or None.
        """
        from safeguarding.workflows.export import write_report
        from ui.protection.export_choice import choose_copy
        from ui.protection.sharing_log import record_export

        store = self.store
        assert store is not None
        location, assessment_id = request.location, request.assessment.id
        copy = choose_copy(self, self.interaction, store, location, request.assessment, request.place_data)
        if copy is None:
            return
        request = replace(request, redacted=copy.redacted, people=copy.people, decisions=copy.decisions)
        what = name + (" (redacted)" if copy.redacted else "")
        suggested = export_file_name(location.name, what, ".pdf", day=day)
        path = self.interaction.save_export(self, title, suggested, "PDF files (*.pdf)")
        if path is None:
            return
        path = with_suffix(path, ".pdf")
        which = "redacted" if copy.redacted else "full"
        about = f"{location.name} {words}".strip()
        details = self.interaction.ask_sharing(self, f"The {which} DCSM report of {about} (PDF).")
        if details is None:
            return

        def logged(written: Path) -> None:
            record_export(
                self.store if self.store is store else None,
                self.interaction,
                self,
                "dcsm_report",
                written,
                details=details,
                redacted=copy.redacted,
                assessment_id=assessment_id,
                description=f"DCSM report of {about}" if words else "",
            )

        unprintable = Unprintable()
        self._run_export(lambda progress: write_report(request, path, progress, unprintable), logged, unprintable)

    def _run_export(
        self, work: Callable[[Progress], Path], logged: Callable[[Path], None], unprintable: Unprintable | None = None
    ) -> None:
        """Run an export off the GUI thread with a cancellable progress dialog; ``logged(file)`` once written.

        ``unprintable``, filled by the export, adds to the message how many characters could not be printed.
        """
        from ui.tasks import run_with_progress

        def succeeded(written: object) -> None:
            self.export_task = None
            assert isinstance(written, Path)
            self.last_export = written
            logged(written)  # in the sharing log at once: the file exists now, whatever happens next

            def tell() -> None:  # not over the lock screen: the file name carries the location's name
                self.statusBar().showMessage(f"Report saved to {written}", 10000)
                note = f"\n\n{unprintable.message()}" if unprintable is not None and unprintable.total else ""
                self.interaction.inform_with_open(
                    self,
                    "Report exported",
                    f"The DCSM report was saved to:\n{written}\n\nIt is marked OFFICIAL-SENSITIVE: "
                    f"store and share it only through approved channels.{note}",
                    written,
                    open_text="Open the report",
                )

            self.security.idle_lock.when_unlocked(tell)

        def failed(error: BaseException) -> None:
            self.export_task = None
            if isinstance(error, SafeguardingError):
                message = str(error)
                self.security.idle_lock.when_unlocked(
                    lambda: self.interaction.error(self, "Report not exported", message)
                )
            else:
                sys.excepthook(type(error), error, error.__traceback__)

        def cancelled() -> None:
            self.export_task = None
            self.statusBar().showMessage("Export cancelled; no report was written.", 10000)

        self.export_task = run_with_progress(
            self,
            "Exporting the DCSM report",
            work,
            succeeded=succeeded,
            failed=failed,
            cancelled=cancelled,
            label="Preparing the report…",
        )
