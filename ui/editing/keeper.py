"""The draft keeper: every form's unsaved work on disk within a couple of seconds, and never lost on leaving.

Forms register with the keeper and call :meth:`DraftKeeper.touched` on each edit
(a few microseconds: a flag and a timer check). The keeper throttles, it does
not debounce: the first edit starts a timer of :data:`DRAFT_INTERVAL_MS`, and
when it fires the drafts of every form are written in one small transaction
each, so while the user keeps typing a draft is written every
:data:`DRAFT_INTERVAL_MS` (a debounce would never write during continuous
typing). A draft whose content has not changed since it was written is not
written again; a draft whose work was saved or discarded is removed.

:meth:`DraftKeeper.settle` is what every way of leaving runs (back to the list,
another assessment or database, closing the window): each form saves its work;
one that cannot is shown and the user chooses to stay, keep it as a draft for
later, or discard it. Nothing is discarded without that choice.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from safeguarding.drafts import INSTANCE, Draft
from safeguarding.errors import SafeguardingError
from safeguarding.store import Store
from safeguarding.timeutil import utc_now, utc_to_local
from ui.editing.editable import Editable, watch_edits
from ui.interaction import Interaction

DRAFT_INTERVAL_MS = 1500
"""Most milliseconds between an edit and its draft on disk, and between drafts while typing continues."""


class DraftKeeper(QObject):
    """Writes the drafts of the registered forms; says whether everything is saved; settles before leaving.

    Signals:
        state_changed: Work became unsaved, drafts were written, or everything is saved now.
        written(int): Drafts were written to the database (how many).

    Args:
        store: The open database (drafts are kept inside it).
        instance: This app process (written with each draft).
        enabled: False for a database opened read-only: nothing is written.

    Attributes:
        problem: Why the last drafts could not be written ("" when they were).
        last_written: When drafts were last written (aware UTC), or None.
    """

    state_changed = Signal()
    written = Signal(int)

    def __init__(
        self, store: Store, *, instance: str = INSTANCE, enabled: bool = True, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.instance = instance
        self.enabled = enabled
        self.problem = ""
        self.gone = False
        """True once the database was closed under the forms (:meth:`store_closed`): nothing more is done."""
        self.last_written: datetime | None = None
        self._editables: list[Editable] = []
        self._kept: dict[str, str] = {}  # key -> content written by this keeper
        self._pending = False
        self._filling = 0  # depth of :meth:`filling`
        self._filled = False  # a form's edit signals fired while it was filled
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DRAFT_INTERVAL_MS)
        self.timer.timeout.connect(self.flush)

    # -- forms -------------------------------------------------------------------

    def register(self, editable: Editable) -> None:
        """Keep the drafts of ``editable`` from now on."""
        if editable not in self._editables:
            self._editables.append(editable)

    def watch(self, editable: Editable, *containers: QWidget) -> None:
        """Note every change the user makes in ``containers``' inputs (:func:`watch_edits`), then :meth:`register`."""
        for container in containers:
            watch_edits(container, self.touched)
        self.register(editable)

    def unregister(self, editable: Editable) -> None:
        """Stop keeping ``editable``'s drafts (a dialog closed); what it had kept is settled first by its owner."""
        if editable in self._editables:
            self._editables.remove(editable)
            if not self.gone:
                self.touched()

    @property
    def editables(self) -> list[Editable]:
        """The registered forms, in the order they registered."""
        return list(self._editables)

    def touched(self) -> None:
        """A form was edited: its draft is written within :data:`DRAFT_INTERVAL_MS` (called on every keystroke)."""
        if self.gone:
            return  # the database was closed (the keeper may be deleted): the forms keep their text
        if self._filling:
            self._filled = True  # looked at once the form is filled (see filling)
            return
        if not self.timer.isActive():
            self.timer.start()
        if not self._pending:
            self._pending = True
            self.state_changed.emit()

    @contextmanager
    def filling(self) -> Iterator[None]:
        """Within it a form fills itself (shows a stored record, or clears): its edit signals mark nothing.

        Half-filled, a form holds neither the record it showed nor the one it is showing, so
        it would look edited and the status line say "Not saved yet" until the next drafts.
        When the outermost ``with`` ends and an edit signal fired, the status is told once,
        from the forms as now filled, and a draft kept on disk is looked at again (written
        if the form still differs, removed if it shows what is saved).
        """
        self._filling += 1
        try:
            yield
        finally:
            self._filling -= 1
            if not self._filling and self._filled:
                self._filled = False
                if not self.gone:
                    if self._kept and not self.timer.isActive():
                        self._pending = True
                        self.timer.start()
                    self.state_changed.emit()

    @property
    def pending(self) -> bool:
        """True from an edit until the drafts have been written (or found to be nothing)."""
        return self._pending

    # -- drafts ------------------------------------------------------------------

    def unsaved(self) -> list[tuple[Editable, Draft]]:
        """Each form's unsaved work, as drafts."""
        return [(editable, draft) for editable in self._editables for draft in editable.drafts()]

    def all_saved(self) -> bool:
        """True only when no registered form holds unsaved work (what "All changes saved" means)."""
        return not any(editable.drafts() for editable in self._editables)

    def flush(self) -> int:
        """Write the drafts that changed since last written, remove those whose work is saved; return how many written.

        A database that cannot be written (disk full) is reported through :attr:`problem`
        and the status line; the work stays on screen and the next edit tries again.
        """
        self.timer.stop()
        self._pending = False
        current = {draft.key: draft for _, draft in self.unsaved()}
        count = 0
        if self.enabled:
            try:
                for key, draft in current.items():
                    content = _content(draft)
                    if self._kept.get(key) != content:
                        self.store.drafts.put(_as(draft, self.instance))
                        self._kept[key] = content
                        count += 1
                gone = [key for key in self._kept if key not in current]
                if gone:
                    self.store.drafts.remove(*gone)
                    for key in gone:
                        del self._kept[key]
                self.problem = ""
            except SafeguardingError as error:
                self.problem = str(error)
        if count:
            self.last_written = utc_now()
            self.written.emit(count)
        self.state_changed.emit()
        return count

    def adopt(self, draft: Draft) -> None:
        """A draft left by another process was restored into a form here: keep it from now on."""
        if self.enabled:
            self.store.drafts.adopt(draft.key, self.instance)
        self._kept[draft.key] = _content(draft)
        self.touched()

    def keeps(self, key: str) -> bool:
        """True if the draft ``key`` is kept by this keeper (its work is on screen in this window)."""
        return key in self._kept

    def release(self, drafts: list[Draft]) -> None:
        """Write ``drafts`` now and leave them in the database for later (the user chose to keep them)."""
        self.flush()
        for draft in drafts:
            self._kept.pop(draft.key, None)

    def summary(self) -> str:
        """The save state in words for the status line ("" when everything is saved)."""
        unsaved = self.unsaved()
        if not unsaved:
            return ""
        what = "; ".join(dict.fromkeys(draft.label for _, draft in unsaved))
        if self.problem:
            return f"Not saved: {what}. It is still on screen, but could not be kept as a draft: {self.problem}"
        kept = f" A draft is kept ({utc_to_local(self.last_written):%H:%M:%S})." if self.last_written else ""
        return f"Not saved yet: {what}.{kept}"

    # -- the database closed under the forms ---------------------------------------

    def store_closed(self, reason: str) -> list[Draft]:
        """The database was closed under the open forms (found damaged): write nothing more to it.

        Each form that can stay open (a dialog: its ``store_closed(reason)``) is told, so
        that its Save says why nothing can be written instead of calling into the closed
        database. Returns every form's unsaved work, for the window to show to copy (editor
        pages close with the database, and a dialog over one with them).

        Args:
            reason: Why the database was closed, in words (shown when such a form's Save is pressed).
        """
        self.timer.stop()
        self._pending = False
        self.enabled = False
        self.gone = True
        stranded = [draft for _, draft in self.unsaved()]
        for editable in list(self._editables):
            told = getattr(editable, "store_closed", None)
            if told is not None:
                told(reason)
        return stranded

    # -- leaving -----------------------------------------------------------------

    def settle(self, parent: QWidget | None, interaction: Interaction) -> bool:
        """Before leaving: save every form's work; for work that cannot be saved, ask. Return True to leave.

        For each form whose save fails, the form is shown and the user chooses: keep
        the work as a draft for later (offered again when it is next opened, or at the
        next start), discard it, or stay (the default). Nothing is discarded silently.
        """
        for editable in list(self._editables):
            drafts = editable.drafts()
            if not drafts:
                continue
            reason = editable.save_unsaved()
            if reason is None:
                continue
            editable.reveal()
            label = "; ".join(dict.fromkeys(draft.label for draft in drafts))
            answer = interaction.choose(
                parent,
                "Not saved",
                f"{label[:1].upper()}{label[1:]} could not be saved: {reason}\n\n"
                "You can stay and put it right, keep it as a draft to finish later (it is offered again "
                "when you next open it, or when the app next starts), or discard it.",
                ["Keep it as a draft for later", "Discard it", "Stay"],
            )
            if answer == 0:
                self.release(drafts)
                editable.discard_unsaved()
            elif answer == 1:
                editable.discard_unsaved()
            else:
                self.flush()
                return False
        self.flush()
        return True


def typed_text(drafts: list[Draft]) -> str:
    """What was typed in ``drafts``, in words: each draft's label, then each field that holds text.

    For the user to copy when it cannot be saved (the database was closed under it).
    """
    parts: list[str] = []
    for draft in drafts:
        lines = [f"{draft.label[:1].upper()}{draft.label[1:]}:"]
        lines.extend(f"  {line}" for line in _typed_lines(draft.payload))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _typed_lines(value: object, key: str = "") -> list[str]:
    """The non-empty values within ``value`` (nested mappings and lists followed), as "key: value" lines."""
    if isinstance(value, dict):
        return [line for name, item in value.items() for line in _typed_lines(item, str(name))]
    if isinstance(value, list | tuple):
        return [line for item in value for line in _typed_lines(item, key)]
    if value is None or value == "" or isinstance(value, bool):
        return []
    return [f"{key.replace('_', ' ')}: {value}" if key else str(value)]


def _content(draft: Draft) -> str:
    return json.dumps([draft.label, draft.excerpt, draft.payload, draft.base], sort_keys=True, ensure_ascii=False)


def _as(draft: Draft, instance: str) -> Draft:
    return replace(draft, instance=instance)
