"""The durable editing of a dialog that edits one record: a goal, an action, a review, a location.

While the dialog is open it is an :class:`~ui.editing.editable.Editable`: what is
typed is kept as a draft, leaving the window saves it or asks, and Cancel asks
before throwing typed work away. Its save passes the record as the dialog showed
it (the base); when another window saved the same field, the user sees both
versions, the dialog shows the record as stored now with the user's own changes
and choices, and the save runs again.

The dialog provides its fields as stored values (``values()`` / ``set_values()``,
keyed as :func:`safeguarding.store.editable_values` names them), which are also
its draft's payload.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from PySide6.QtWidgets import QDialog

from safeguarding.drafts import Draft, excerpt
from safeguarding.store import EditConflictError, rebase
from ui.editing.conflicts import resolve
from ui.editing.keeper import DraftKeeper, typed_text
from ui.interaction import Interaction


class ValuesDialog(Protocol):
    """What a dialog offers :class:`DialogEditing`."""

    def values(self) -> dict[str, Any]:
        """The dialog's fields as stored values."""
        ...

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show stored values in the dialog's fields (keys it does not have are ignored)."""
        ...


class DialogEditing:
    """Keeps a one-record dialog's typed work and saves it against the record it showed.

    Args:
        dialog: The dialog (a :class:`ValuesDialog` and a QDialog).
        kind: The kind of draft, e.g. ``"action"``.
        record_id: The record's id (a new one's id before it is saved).
        assessment_id: The assessment it belongs to (None: none, e.g. a location).
        label: The work in words ("changes to the action ‘Warden patrol’ of Brenchley Gardens").
        base: The record's stored values as shown (None for a new record).
        drafts: The draft keeper (None: none kept).
        interaction: Asks the user.
        fields: Each field in words, by key, or a function giving it (for the version choice).
        texts: The fields where a merged text can be written (or a test of a key).
        describe: A stored value in words (a date in UK form, a status by name).
        stored: The record's stored values now (after a conflict).
        user: The user's name.
    """

    def __init__(
        self,
        dialog: Any,
        *,
        kind: str,
        record_id: str,
        assessment_id: str | None,
        label: str,
        base: dict[str, Any] | None,
        drafts: DraftKeeper | None,
        interaction: Interaction,
        fields: Mapping[str, str] | Callable[[str], str] | None = None,
        texts: frozenset[str] | Callable[[str], bool] = frozenset(),
        describe: Callable[[str, Any], str] | None = None,
        stored: Callable[[], dict[str, Any]] | None = None,
        user: str = "",
    ) -> None:
        self.dialog = dialog
        self.kind = kind
        self.record_id = record_id
        self.assessment_id = assessment_id
        self.label = label
        self.base = base
        self._keeper = drafts
        self._interaction = interaction
        words: dict[str, str] = dict(fields) if isinstance(fields, Mapping) else {}
        self._field_words: Callable[[str], str] = fields if callable(fields) else (lambda key: words.get(key, key))
        self._is_text = texts if callable(texts) else texts.__contains__
        self._describe = describe
        self._stored = stored
        self._user = user
        self.baseline: dict[str, Any] = dialog.values()
        self.closed = ""
        """Why the database was closed under the dialog ("" while it is open): Save then writes nothing."""
        if drafts is not None:
            drafts.watch(self, dialog)
            dialog.finished.connect(lambda _result: drafts.unregister(self))

    def unsaved(self) -> bool:
        """True if the dialog holds typed work that is not saved."""
        return bool(self.dialog.isVisible()) and self.dialog.values() != self.baseline

    def showing(self, record_id: str, base: dict[str, Any] | None) -> None:
        """The dialog now shows another record (or the same one as saved): what it shows is not unsaved work."""
        self.record_id, self.base = record_id, base
        self.baseline = self.dialog.values()

    def work_label(self) -> str:
        """The dialog's work in words, for its draft and questions (the ``label`` given)."""
        return self.label

    def work_excerpt(self, values: Mapping[str, Any]) -> str:
        """A little of what was typed (default: from the longest text of ``values``)."""
        return excerpt(*(str(value) for value in values.values() if isinstance(value, str)))

    def store_closed(self, reason: str) -> None:
        """The window's database was closed (found damaged): from now on Save writes nothing and says why."""
        self.closed = reason
        self.dialog.message.setText(
            "The database was closed, so this cannot be saved. What you typed is still here to copy."
        )

    def refuse_closed(self) -> bool:
        """Before Save: if the database was closed under the dialog, say so in words and return True.

        Nothing is written and the dialog stays open with what was typed; the message also
        gives the typed text, to copy (a record cannot be saved to a database that is closed).
        """
        if not self.closed:
            return False
        self.dialog.message.setText(
            f"Not saved: nothing was written. {self.closed} "
            "What you typed is still here: copy it before closing this window."
        )
        typed = typed_text(self.drafts()) or "(nothing was typed)"
        self._interaction.inform(
            self.dialog,
            "Not saved",
            f"{self.closed}\n\nNothing was written. What you typed is still in the window, and here to copy:\n\n"
            f"{typed}",
        )
        return True

    def save(self, save: Callable[[dict[str, Any] | None], object]) -> None:
        """Run ``save(base)``; on a conflict, ask which versions to keep, show them, and save again.

        Raises:
            EditConflictError: the user chose to decide later (the dialog shows why; nothing saved).
            SafeguardingError: the save was refused (the dialog shows why).
        """
        for _attempt in range(3):
            try:
                save(self.base)
                return
            except EditConflictError as error:
                if not self._choose(error):
                    raise
        save(self.base)

    def _choose(self, error: EditConflictError) -> bool:
        resolution = resolve(
            self.dialog,
            self._interaction,
            error,
            label=self._field_words,
            shown=self._describe,
            is_text=self._is_text,
            me=self._user,
        )
        if resolution is None or self._stored is None:
            return False
        fresh = self._stored()
        merged = rebase(self.dialog.values(), self.base or {}, fresh)
        for conflict in error.conflicts:
            merged[conflict.column] = resolution.value(conflict)
        self.base = fresh
        self.dialog.set_values(merged)
        return True

    def may_discard(self) -> bool:
        """Before Cancel: True if nothing is typed, or the user agrees to discard it."""
        label = self.work_label()
        return not self.unsaved() or self._interaction.confirm(
            self.dialog,
            "Discard what you typed?",
            f"{label[:1].upper()}{label[1:]} has not been saved. Discard it?",
            yes="Discard it",
            no="Keep editing",
        )

    # -- Editable -------------------------------------------------------------------

    def drafts(self) -> list[Draft]:
        """The dialog's unsaved work as a draft."""
        if not self.unsaved():
            return []
        values = self.dialog.values()
        return [
            Draft(
                key=f"{self.kind}:{self.record_id}",
                kind=self.kind,
                record_id=self.record_id,
                assessment_id=self.assessment_id,
                label=self.work_label(),
                payload=values,
                base=self.base,
                excerpt=self.work_excerpt(values),
            )
        ]

    def save_unsaved(self) -> str | None:
        """Press the dialog's Save; None if it saved and closed, else why not.

        A dialog whose Save cannot be undone (a review's Finalise) offers ``keep_work()``
        instead, which saves without finalising: leaving never finalises anything.
        """
        getattr(self.dialog, "keep_work", self.dialog.try_save)()
        if self.dialog.result() == QDialog.DialogCode.Accepted and not self.dialog.isVisible():
            return None
        return self.dialog.message.text() or "it could not be saved"

    def discard_unsaved(self) -> None:
        """Close the dialog without saving (the user chose to discard)."""
        self.dialog.done(QDialog.DialogCode.Rejected)

    def restore_draft(self, draft: Draft) -> bool:
        """Show a draft of this dialog's record, unsaved, against the base it was typed on."""
        if draft.kind != self.kind or draft.record_id != self.record_id:
            return False
        self.dialog.set_values(draft.payload)
        self.base = draft.base
        return True

    def reveal(self) -> None:
        """Bring the dialog to the front."""
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
