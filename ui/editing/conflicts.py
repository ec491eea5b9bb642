"""When another window saved the same field: show both versions, with who and when, and let the user choose.

A save that meets an :class:`~safeguarding.store.EditConflictError` wrote
nothing. :func:`resolve` shows each conflicting field in the version choice
(:mod:`ui.widgets.version_choice`): this window's text ("Typed here") and the
stored one ("Saved by Sam Patel on ... at 21:41"); for text, also a box to write
one text from both. The editor then moves its form onto the record as stored
now (:func:`merged_record`, :func:`rebase` for value forms), with the user's
choices, and saves again: what the other window saved in other fields is kept.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

from safeguarding.store import EditConflictError, FieldConflict
from safeguarding.timeutil import utc_now
from ui.interaction import Interaction
from ui.widgets.version_choice import Version

R = TypeVar("R")


@dataclass(frozen=True)
class Resolution:
    """What the user chose for each conflicting field.

    Attributes:
        theirs: Fields where the other window's version is kept.
        texts: Fields where the user wrote one text from both, with that text.
    """

    theirs: frozenset[str] = frozenset()
    texts: dict[str, str] = field(default_factory=dict)

    def value(self, conflict: FieldConflict) -> Any:
        """The value the user chose for ``conflict``."""
        if conflict.column in self.texts:
            return self.texts[conflict.column]
        return conflict.theirs if conflict.column in self.theirs else conflict.mine


def resolve(
    parent: QWidget | None,
    interaction: Interaction,
    error: EditConflictError,
    *,
    label: Callable[[str], str],
    shown: Callable[[str, Any], str] | None = None,
    is_text: Callable[[str], bool] = lambda _column: True,
    me: str = "",
) -> Resolution | None:
    """Ask, field by field, which version to keep.

    Args:
        parent: The window or dialog asking.
        interaction: Shows the version choice (tests answer it).
        error: The conflicts of the refused save.
        label: The field in words for a conflict's column, e.g. "Guardianship: concerns".
        shown: A stored value in words (a rating's name, a date in UK form); default ``str``.
        is_text: True for fields where a merged text can be written.
        me: The user's name (shown as who typed this window's version).

    Returns:
        The choices, or None if the user chose to decide later (nothing is saved; the
        work stays on screen and in its draft).
    """
    show = shown or (lambda _column, value: "" if value is None else str(value))
    theirs: set[str] = set()
    texts: dict[str, str] = {}
    for conflict in error.conflicts:
        other = conflict.their_author or "someone else"
        answer = interaction.choose_version(
            parent,
            "Changed in two places",
            label(conflict.column),
            f"{other} saved this field while you were editing it here. Nothing has been overwritten: "
            "choose the version to keep"
            + (", or write one text that keeps what matters from both." if is_text(conflict.column) else "."),
            Version(show(conflict.column, conflict.mine), me or "you", utc_now(), "Keep yours", verb="Typed here"),
            Version(
                show(conflict.column, conflict.theirs), other, conflict.their_time, f"Keep {other}'s", verb="Saved"
            ),
            allow_merge=is_text(conflict.column),
        )
        if answer is None:
            return None
        choice, text = answer
        if choice == "b":
            theirs.add(conflict.column)
        elif choice == "merged" and text is not None:
            texts[conflict.column] = text
    return Resolution(frozenset(theirs), texts)


def merged_record(
    mine: R,
    loaded: Mapping[str, Any],
    fresh: R,
    values: Callable[[R], Mapping[str, Any]],
    resolution: Resolution,
    copy_field: Callable[[R, R, str], None],
    set_text: Callable[[R, str, str], None],
) -> R:
    """What a form shows after a conflict: the record as stored now, with this window's own changes.

    Args:
        mine: The record as the form holds it.
        loaded: Its stored values when the form was filled (the base of the refused save).
        fresh: The record as stored now.
        values: Stored values of a record (``editable_values``).
        resolution: The user's choices for the conflicting fields.
        copy_field: Copies one field (a key of ``values``) from the second record to the first.
        set_text: Sets one text field to the merged text the user wrote.
    """
    result = copy.deepcopy(fresh)
    for key, value in values(mine).items():
        if key in resolution.theirs:
            continue
        if key in resolution.texts:
            set_text(result, key, resolution.texts[key])
        elif key not in loaded or value != loaded[key]:
            copy_field(result, mine, key)
    return result


def attribute_copier(
    attributes: Mapping[str, str] | None = None,
) -> tuple[Callable[[Any, Any, str], None], Callable[[Any, str, str], None]]:
    """``copy_field`` and ``set_text`` for a record whose fields are attributes (``start_utc`` -> ``start``...)."""
    names = dict(attributes or {})

    def copy_field(target: Any, source: Any, key: str) -> None:
        name = names.get(key, key)
        setattr(target, name, copy.deepcopy(getattr(source, name)))

    def set_text(target: Any, key: str, text: str) -> None:
        setattr(target, names.get(key, key), text)

    return copy_field, set_text
