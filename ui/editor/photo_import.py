"""The Photos page's adding of photos: chosen or dropped, checked off the GUI thread, then stored.

A part of :class:`~ui.editor.photos_page.PhotosPage` (its methods, moved out whole). A progress
window with Cancel appears if checking takes more than half a second.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QProgressDialog, QWidget

from safeguarding.errors import SafeguardingError
from safeguarding.evidence.photos import FILE_FILTER, PreparedFile, gps_warning
from safeguarding.model import Photo

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QLabel

    from safeguarding.store import Store
    from ui.interaction import Interaction
    from ui.tasks import Task


class PhotoImport(QWidget):
    """Adding photo files to the assessment (a part of the Photos page)."""

    if TYPE_CHECKING:  # members of the page, which these methods use
        _store: Store
        _interaction: Interaction
        _assessment_id: str
        _import_task: Task | None
        message: QLabel
        records_changed: Signal
        import_finished: Signal

        def _set_photos(self, photos: list[Photo], select: str | None = None) -> None: ...

    def choose_photos(self) -> None:
        """Ask for photo files and add them."""
        paths = self._interaction.open_files(self, "Add photos", Path.home(), FILE_FILTER)
        if paths:
            self.add_files(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        _accept_local_files(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        _accept_local_files(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    def resolve_unsaved_work(self) -> bool:
        """Before leaving the assessment: photos still being checked are not added yet; stop or stay.

        Returns:
            True to leave (no import running, or it was stopped: nothing of it is stored).
        """
        task = self._import_task
        if task is None:
            return True
        answer = self._interaction.choose(  # the last option, "Stay", is the default and Escape
            self,
            "Photos not added yet",
            "Photos are still being checked and have not been added yet. Stop adding them?",
            ["Stop adding them", "Stay"],
        )
        if self._import_task is not task:
            return True  # the import finished (or was cancelled) while the question was open: it said so
        if answer != 0:
            return False
        self._import_task = None  # what it checked is not stored, even if it finished meanwhile
        task.cancel()
        task.done.wait(30)
        self.message.setText("Adding photos was stopped: no photo was added.")
        self.import_finished.emit([])
        return True

    def add_files(self, paths: list[Path]) -> None:
        """Check the files off the GUI thread (progress dialog, Cancel), then store them and report.

        Checking (decoding, turning upright, thumbnails) runs in a background
        task; storing runs on the GUI thread, which owns the database, into the
        assessment that was open when the files were chosen. Emits
        ``import_finished`` with the photos added (empty if none, or cancelled).
        While an import runs, another is refused with a message.
        """
        if not self._assessment_id or not paths:
            return
        if self._import_task is not None:
            self.message.setText("Photos are still being added. Wait for them to finish, then add more.")
            return
        from safeguarding.evidence.photos import prepare_photos
        from ui.tasks import run_with_progress

        assessment_id = self._assessment_id
        self.message.setText("Checking " + ("1 photo…" if len(paths) == 1 else f"{len(paths)} photos…"))
        started: list[Task] = []  # the handlers run from the event loop, after the task is known
        self._import_task = run_with_progress(
            self,
            "Adding photos",
            lambda progress: prepare_photos(paths, progress),
            succeeded=lambda prepared: self._store_prepared(started[0], assessment_id, prepared),
            failed=lambda error: self._import_failed(started[0], error),
            cancelled=lambda: self._import_cancelled(started[0]),
            label="Checking the photos…",
        )
        started.append(self._import_task)

    def _store_prepared(self, task: Task, assessment_id: str, prepared: list[PreparedFile]) -> None:
        """Store the checked photos (GUI thread) and say what was added and what was refused, and why.

        Nothing is stored if the user stopped this import meanwhile (see :meth:`resolve_unsaved_work`).
        Storing several photos shows a window-modal progress window ("Saving photo 3 of 12"): its
        ``setValue`` lets the window repaint between photos (a 12-megapixel photo takes about 0.1 s
        to store in an encrypted database), and its Stop button keeps the photos already saved and
        adds no more.
        """
        if task is not self._import_task:
            return
        added: list[Photo] = []
        refused: list[str] = []
        to_store = [item for item in prepared if item.photo is not None]
        progress = self._saving_progress(len(to_store)) if len(to_store) > 1 else None
        stopped = 0
        number = 0
        for item in prepared:
            if item.photo is None:
                refused.append(item.problem)
                continue
            number += 1
            if progress is not None:
                progress.setLabelText(f"Saving photo {number} of {len(to_store)}: {item.path.name}")
                progress.setValue(number - 1)  # window-modal: repaints and handles Stop here
                if progress.wasCanceled():
                    stopped = len(to_store) - number + 1
                    break
            try:
                added.append(self._store.photos.add(assessment_id, item.photo, original_name=item.path.name))
            except SafeguardingError as error:
                refused.append(str(error))
        if progress is not None:
            progress.reset()
            progress.deleteLater()
        self._import_task = None
        if stopped:
            rest = "1 photo was" if stopped == 1 else f"{stopped} photos were"
            refused.append(f"Stopped: the last {rest} not added.")
        if added and assessment_id == self._assessment_id:
            self._set_photos(self._store.photos.of_assessment(assessment_id), select=added[-1].id)
        if added:
            self.records_changed.emit()
        lines = []
        if added:
            lines.append("Added " + ("1 photo." if len(added) == 1 else f"{len(added)} photos."))
        if refused:
            lines.append(("Not added:" if added else "No photo was added:") + "\n" + "\n".join(refused))
        far = [p for p in added if gps_warning(p.distance_m)]
        if len(far) == 1:
            lines.append(f"Check photo {far[0].number}: its GPS position is more than 1 km from the location.")
        elif far:
            numbers = ", ".join(str(p.number) for p in far[:-1]) + f" and {far[-1].number}"
            lines.append(f"Check photos {numbers}: their GPS positions are more than 1 km from the location.")
        self.message.setText("\n".join(lines))
        self.import_finished.emit(added)

    def _saving_progress(self, count: int) -> QProgressDialog:
        """The progress window for storing ``count`` checked photos (appears if it takes over half a second)."""
        from ui.tasks import progress_dialog

        return progress_dialog(self, "Adding photos", "Saving the photos…", cancel="Stop", maximum=count)

    def _import_failed(self, task: Task, error: BaseException) -> None:
        if task is self._import_task:
            self._import_task = None
            self.message.setText("No photo was added: something went wrong while checking them.")
            self.import_finished.emit([])
        sys.excepthook(type(error), error, error.__traceback__)  # logged and shown as a bug

    def _import_cancelled(self, task: Task) -> None:
        if task is self._import_task:
            self._import_task = None
            self.message.setText("Adding photos was cancelled: no photo was added.")
            self.import_finished.emit([])


def _accept_local_files(event: QDropEvent) -> None:
    """Accept a drag that carries files of this computer (photos to add); ignore any other."""
    if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
        event.acceptProposedAction()
    else:
        event.ignore()
