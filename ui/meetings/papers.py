"""Writing the DCSM papers from the window: ask which copy and where, read on the GUI thread, write off it.

The same workflows as the command line (:mod:`safeguarding.workflows.meeting_papers`).
A redacted copy names nobody recorded on any assessment it draws on. Every paper
written is recorded in the sharing log, for whom and why as the user says. A PDF
paper's "saved" message says how many characters could not be printed and where
(:class:`~safeguarding.reports.glyphs.Unprintable`), as the DCSM report's does.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from safeguarding.errors import SafeguardingError
from safeguarding.reports.glyphs import Unprintable
from safeguarding.timeutil import format_uk_date, utc_to_local

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from safeguarding.progress import Progress
    from safeguarding.store import Store
    from ui.interaction import Interaction
    from ui.tasks import Task

# The last option is the safe one: Escape or closing the question chooses it, and nothing is written.
COPIES = ["Full copy (the assessor's agency only)", "Redacted copy for multi-agency papers", "Cancel"]
FULL, REDACTED = 0, 1


class PaperWriter:
    """Writes a meeting's pack or minutes, the tracker or the register, as the user asks.

    Args:
        parent: The window the dialogs belong to.
        interaction: Asks which copy and where (tests script it).
        store: The open database.

    Attributes:
        task: The write running now (tests wait for it), or None.
        last_written: The last file written.
    """

    def __init__(self, parent: QWidget, interaction: Interaction, store: Store) -> None:
        self.parent = parent
        self.interaction = interaction
        self.store = store
        self.task: Task | None = None
        self.last_written: Path | None = None

    def _copy(self, title: str) -> bool | None:
        """True for the redacted copy, False for the full copy, None if cancelled (Cancel, Escape or closed)."""
        chosen = self.interaction.choose(self.parent, title, "Which copy do you want?", COPIES)
        if chosen == FULL:
            return False
        if chosen == REDACTED:
            return True
        return None

    def _where(self, title: str, name: str, suffix: str) -> Path | None:
        day = utc_to_local(self.store.clock()).strftime("%Y-%m-%d")
        kind = "PDF files (*.pdf)" if suffix == ".pdf" else "CSV files (*.csv)"
        path = self.interaction.save_export(self.parent, title, f"{name} - {day}{suffix}", kind)
        if path is not None and path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        return path

    def pack(self, meeting_date: date) -> None:
        """Ask and write the meeting pack of the meeting on ``meeting_date``."""
        from safeguarding.workflows import meeting_papers as papers

        self._paper(
            "Print meeting pack", "DCSM meeting pack", "meeting_pack", meeting_date, papers.read_pack, papers.write_pack
        )

    def minutes(self, meeting_date: date) -> None:
        """Ask and write the minutes of the (finalised) meeting on ``meeting_date``."""
        from safeguarding.workflows import meeting_papers as papers

        self._paper(
            "Print minutes", "DCSM minutes", "meeting_minutes", meeting_date, papers.read_minutes, papers.write_minutes
        )

    def _paper(
        self,
        title: str,
        name: str,
        kind: str,
        meeting_date: date,
        read: Callable[..., object],
        write: Callable[..., Path],
    ) -> None:
        redacted = self._copy(title)
        if redacted is None:
            return
        try:
            request = read(self.store, meeting_date, redacted=redacted)
        except SafeguardingError as error:
            self.interaction.error(self.parent, f"{title}: not written", str(error))
            return
        which = " (redacted)" if redacted else ""
        path = self._where(title, f"{name} {meeting_date.isoformat()}{which}", ".pdf")
        if path is not None:
            words = f"{name} of the DCSM of {format_uk_date(meeting_date)}"
            unprintable = Unprintable()
            self._run(
                title, lambda progress: write(request, path, progress, unprintable), kind, words, redacted, unprintable
            )

    def tracker(self) -> None:
        """Ask and write the action tracker as CSV."""
        from safeguarding.workflows import meeting_papers as papers

        title = "Export action tracker (CSV)"
        redacted = self._copy(title)
        if redacted is None:
            return
        try:
            rows, options = papers.read_tracker(self.store, redacted=redacted)
        except SafeguardingError as error:
            self.interaction.error(self.parent, f"{title}: not written", str(error))
            return
        path = self._where(title, "DCSM action tracker" + (" (redacted)" if redacted else ""), ".csv")
        if path is not None:
            words = f"DCSM action tracker ({len(rows)} actions)"
            self._run(
                title, lambda progress: papers.write_tracker(rows, options, path), "action_tracker", words, redacted
            )

    def register(self, rows: list[object], described: str, demo: bool) -> None:
        """Ask where, then print the register rows shown."""
        from safeguarding.reports.register_report import export_register

        path = self._where("Print register", "DCSM register", ".pdf")
        if path is None:
            return
        now = self.store.clock()
        unprintable = Unprintable()
        self._run(
            "Print register",
            lambda progress: export_register(
                rows,  # type: ignore[arg-type]
                path,
                generated_at=now,
                demo=demo,
                described=described,
                unprintable=unprintable,
            ),
            "dcsm_register",
            f"DCSM register ({len(rows)} locations)",
            False,
            unprintable,
        )

    def _run(
        self,
        title: str,
        work: Callable[[Progress], Path],
        kind: str,
        words: str,
        redacted: bool,
        unprintable: Unprintable | None = None,
    ) -> None:
        """Ask for whom and why (the sharing log), then write off the GUI thread and log what was written.

        ``unprintable``, filled by ``work``, adds to the "saved" message how many characters could
        not be printed and where (a CSV gives None: it replaces nothing).
        """
        from ui.protection.sharing_log import record_export
        from ui.tasks import run_with_progress

        copy = "redacted" if redacted else "full"
        details = self.interaction.ask_sharing(self.parent, f"The {copy} {words}.")
        if details is None:
            return
        store = self.store

        def succeeded(written: object) -> None:
            self.task = None
            assert isinstance(written, Path)
            self.last_written = written
            record_export(
                store,
                self.interaction,
                self.parent,
                kind,
                written,
                details=details,
                redacted=redacted,
                description=words,
            )
            note = unprintable.message() if unprintable is not None else ""
            self.interaction.inform(
                self.parent,
                title,
                f"Saved to:\n{written}\n\nIt is marked OFFICIAL-SENSITIVE: store and share it only through "
                "approved channels." + (f"\n\n{note}" if note else ""),
            )

        def failed(error: BaseException) -> None:
            self.task = None
            if isinstance(error, SafeguardingError):
                self.interaction.error(self.parent, f"{title}: not written", str(error))
            else:
                sys.excepthook(type(error), error, error.__traceback__)

        def cancelled() -> None:
            self.task = None

        self.task = run_with_progress(
            self.parent, title, work, succeeded=succeeded, failed=failed, cancelled=cancelled, label="Preparing…"
        )
