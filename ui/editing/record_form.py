"""The durable editing of a form that edits one record at a time: a visit, a consultation, a pin, a person.

The page owns its widgets; :class:`RecordEditing` owns what makes the form
durable, the same way for every such page:

* a new record gets its id when the form is cleared, so its draft stays one draft;
* the record as shown is the base of the next save (stored values, read back from
  the form, so a value the form cannot show is never rewritten);
* a save passes that base; when another window saved the same field the user sees
  both versions (:mod:`ui.editing.conflicts`), the form shows the record as stored
  now with the user's own changes and choices, and the save runs again;
* a record deleted in another window meanwhile is never "saved" out of sight: the
  typing stays on screen and the user may save it as a new record;
* it is an :class:`~ui.editing.editable.Editable`: its unsaved work is a draft, it
  saves or discards on leaving, and a draft restores into it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtWidgets import QWidget

from safeguarding.drafts import Draft
from safeguarding.errors import NotFoundError, SafeguardingError
from safeguarding.model import new_id
from safeguarding.store import EditConflictError, editable_values
from ui.editing.conflicts import merged_record, resolve
from ui.editing.editable import focus_in_view, reveal_page
from ui.editing.keeper import DraftKeeper
from ui.interaction import Interaction


class _HasId(Protocol):
    id: str


R = TypeVar("R", bound=_HasId)


class RecordForm(Protocol[R]):
    """What a page with a one-record form provides to :class:`RecordEditing`."""

    def record_from_form(self, record_id: str) -> R:
        """The record as the form holds it, with id ``record_id``."""
        ...

    def fill(self, record: R) -> None:
        """Show ``record``'s values in the widgets (nothing else)."""
        ...

    def form_state(self) -> dict[str, Any]:
        """What the widgets hold, as JSON values (a draft's payload)."""
        ...

    def set_form_state(self, state: dict[str, Any]) -> None:
        """Show a draft's payload in the widgets."""
        ...

    def stored_record(self, record_id: str) -> R:
        """The record as stored now (raises NotFoundError if it was deleted)."""
        ...

    def save_form(self) -> bool:
        """Check the form and save it (:meth:`RecordEditing.save`); True if saved."""
        ...

    def save_record(self, record: R, base: dict[str, Any] | None) -> R:
        """Save through the repository against ``base``; return the record as stored."""
        ...

    def after_save(self, saved: R) -> None:
        """The record was saved: list it, say so."""
        ...

    def say(self, text: str, problem: bool) -> None:
        """Show ``text`` on the form's message line."""
        ...

    def show_record(self, record: R) -> None:
        """Fill the form with a stored record for editing (and call :meth:`RecordEditing.shown`)."""
        ...

    def clear_form(self) -> None:
        """Empty the form for a new record (and call :meth:`RecordEditing.cleared`)."""
        ...

    def draft_label(self) -> str:
        """The form's work in words, for its draft ("a consultation in the assessment of Brenchley Gardens")."""
        ...

    def draft_excerpt(self) -> str:
        """A little of what was typed (:func:`safeguarding.drafts.excerpt`)."""
        ...


class RecordEditing(Generic[R]):
    """The draft, base and conflict handling of a one-record form (see the module notes).

    Args:
        page: The page (a :class:`RecordForm` and a QWidget).
        kind: The kind of draft, e.g. ``"consultation"``.
        fields: Each field's words, by the key its conflicts name (``"said": "What they said"``).
        texts: The fields where a merged text can be written.
        copy_field, set_text: How a field is copied between records
            (see :func:`~ui.editing.conflicts.attribute_copier`).
        interaction: Asks the user.
        drafts: The draft keeper (None: no drafts).
        user: The user's name (who typed this window's version).
        describe: A field's stored value in words (default: as it is).
        ignore_when_new: Keys of :meth:`RecordForm.form_state` that alone do not make a blank form unsaved.

    Attributes:
        editing: The stored record shown, or None for a new one.
        problem: Why the last save failed, in words ("" after a save that worked).
        record_id: The id of the record in the form (a new one's id before it is saved).
        base: The stored values the form showed (None for a new record).
        assessment_id: The assessment the records belong to ("" before one is loaded).
    """

    def __init__(
        self,
        page: Any,
        *,
        kind: str,
        fields: Mapping[str, str],
        texts: frozenset[str],
        copy_field: Callable[[Any, Any, str], None],
        set_text: Callable[[Any, str, str], None],
        interaction: Interaction,
        drafts: DraftKeeper | None,
        user: str = "",
        describe: Callable[[str, Any], str] | None = None,
        ignore_when_new: frozenset[str] = frozenset(),
    ) -> None:
        self.page = page
        self.kind = kind
        self.fields = dict(fields)
        self.texts = texts
        self._copy_field, self._set_text = copy_field, set_text
        self._interaction = interaction
        self._keeper = drafts
        self._user = user
        self._describe = describe or (lambda _key, value: "(empty)" if value in (None, "") else str(value))
        self._ignore_when_new = ignore_when_new
        self.editing: R | None = None
        self.record_id = new_id()
        self.base: dict[str, Any] | None = None
        self.assessment_id = ""
        self.problem = ""
        self._baseline: dict[str, Any] = {}

    # -- what the page calls -----------------------------------------------------

    def cleared(self) -> None:
        """The page emptied the form for a new record."""
        self.editing, self.record_id, self.base = None, new_id(), None
        self._baseline = self.page.form_state()

    def shown(self, record: R) -> None:
        """The page filled the form with a stored ``record``: it is the base of the next save."""
        self.editing, self.record_id = record, record.id
        self.base = editable_values(self.page.record_from_form(self.record_id))
        self._baseline = self.page.form_state()

    def filling(self) -> AbstractContextManager[None]:
        """Fill the form within it (a record shown, the form cleared, then :meth:`shown` or :meth:`cleared`).

        Its edit signals then mark nothing unsaved (:meth:`DraftKeeper.filling`).
        """
        return self._keeper.filling() if self._keeper is not None else nullcontext()

    def unsaved(self, ignoring: frozenset[str] = frozenset()) -> bool:
        """True if the form holds work that is not saved (``ignoring`` some keys of its state)."""
        ignored = ignoring | (self._ignore_when_new if self.editing is None else frozenset())
        state = {key: value for key, value in self.page.form_state().items() if key not in ignored}
        return state != {key: value for key, value in self._baseline.items() if key not in ignored}

    def record(self) -> R:
        """The record as the form holds it."""
        record: R = self.page.record_from_form(self.record_id)
        return record

    def save(self) -> bool:
        """Save the form's record against its base; on a conflict, ask and save again. True if saved."""
        record = self.record()
        for _attempt in range(3):
            try:
                saved = self.page.save_record(record, self.base)
            except EditConflictError as error:
                if not self._resolve(error, record):
                    return False
                record = self.record()
                continue
            except NotFoundError as error:
                if self.editing is None or not self._save_as_new(error):
                    return self.fail(str(error))
                record = self.record()
                continue
            except SafeguardingError as error:
                return self.fail(str(error))
            self.problem = ""
            self.page.after_save(saved)
            if self._keeper is not None:
                self._keeper.flush()  # its draft is removed at once
            return True
        return self.fail("It keeps being changed in another window. Try again in a moment.")

    def _save_as_new(self, error: NotFoundError) -> bool:
        """The record was deleted elsewhere: offer to save what was typed as a new one. True to save it so."""
        answer = self._interaction.choose(
            self.page,
            "Deleted in another window",
            f"{error}\n\nWhat you typed is still here. Save it as a new {self.kind}, or keep it on screen "
            "(to copy what you need)?",
            [f"Save it as a new {self.kind}", "Keep it on screen"],
        )
        if answer != 0:
            return False
        self.editing, self.record_id, self.base = None, new_id(), None
        return True

    def fail(self, text: str) -> bool:
        """The form cannot be saved: say why (kept as :attr:`problem`) and return False."""
        self.problem = text
        self.page.say(text, True)
        return False

    def _resolve(self, error: EditConflictError, record: R) -> bool:
        resolution = resolve(
            self.page,
            self._interaction,
            error,
            label=lambda key: self.fields.get(key, key),
            shown=self._describe,
            is_text=self.texts.__contains__,
            me=self._user,
        )
        if resolution is None:
            return self.fail(f"{error} Save again to choose.")
        try:
            fresh = self.page.stored_record(self.record_id)
        except SafeguardingError as failure:
            return self.fail(str(failure))
        merged = merged_record(
            record, self.base or {}, fresh, editable_values, resolution, self._copy_field, self._set_text
        )
        self.page.fill(fresh)
        self.shown(fresh)  # the next save compares with the record as stored now
        self.page.fill(merged)
        return True

    def ask_before_switching(self, title: str, text: str, ignoring: frozenset[str] = frozenset()) -> bool:
        """Before the form shows another record: save, discard or stay if it holds unsaved work. True to go on.

        Args:
            title, text: The question's title and sentence ("The visit you were entering has not been saved.").
            ignoring: Keys of the form's state whose change alone is not work to ask about.
        """
        if not self.unsaved(ignoring):
            return True
        answer = self._interaction.choose(self.page, title, text, ["Save it", "Discard it", "Stay"])
        if answer == 0:
            return bool(self.page.save_form())
        return answer == 1

    # -- Editable -------------------------------------------------------------------

    def drafts(self) -> list[Draft]:
        """The form's unsaved work as a draft."""
        if not self.assessment_id or not self.unsaved():
            return []
        return [
            Draft(
                key=f"{self.kind}:{self.record_id}",
                kind=self.kind,
                record_id=self.record_id,
                assessment_id=self.assessment_id,
                label=self.page.draft_label(),
                payload=self.page.form_state(),
                base=self.base,
                excerpt=self.page.draft_excerpt(),
            )
        ]

    def save_unsaved(self) -> str | None:
        """Save the form's work; None if saved, else why not (the message shown)."""
        self.problem = ""
        if self.page.save_form():
            return None
        return self.problem or "it could not be saved"

    def discard_unsaved(self) -> None:
        """Show the record as saved again (or an empty form)."""
        if self.editing is not None:
            self.page.show_record(self.editing)
        else:
            self.page.clear_form()

    def restore_draft(self, draft: Draft) -> bool:
        """Show a draft of this form's kind, unsaved, against the base it was typed on."""
        if draft.kind != self.kind:
            return False
        try:
            self.page.show_record(self.page.stored_record(draft.record_id))
        except SafeguardingError:  # never saved
            self.page.clear_form()
            self.record_id = draft.record_id
        self.page.set_form_state(draft.payload)
        self.base = draft.base
        return True

    def reveal(self) -> None:
        """Show the page with the form."""
        reveal_page(self.page)


class EditedThroughForm:
    """The :class:`~ui.editing.editable.Editable` methods of a page whose one form is edited through ``self.edits``.

    Mix it in before ``QWidget``. The page names the field that takes the focus when
    its work is shown again (:meth:`typing_field`) and may put its list's selection back
    on the record restored (:meth:`restored`).
    """

    edits: RecordEditing[Any]

    def typing_field(self) -> QWidget | None:
        """The field to focus when the form is shown again (None: leave the focus)."""
        return None

    def restored(self) -> None:
        """A draft was just shown in the form (e.g. select its record in the list)."""

    def drafts(self) -> list[Draft]:
        """The record being typed, as a draft (none when the form shows what is saved)."""
        return self.edits.drafts()

    def save_unsaved(self) -> str | None:
        """Save the record being typed; None if saved, else why not."""
        return self.edits.save_unsaved()

    def discard_unsaved(self) -> None:
        """Forget the typing: the record as saved (or an empty form) is shown again."""
        self.edits.discard_unsaved()

    def restore_draft(self, draft: Draft) -> bool:
        """Show a draft of this form's kind, unsaved, against the base it was typed on."""
        if not self.edits.restore_draft(draft):
            return False
        self.restored()
        return True

    def reveal(self) -> None:
        """Show this page with the form, the focus in its main field."""
        self.edits.reveal()
        field = self.typing_field()
        if field is not None:
            focus_in_view(field)
