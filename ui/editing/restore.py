"""Offering back the work an app left unsaved when it did not close properly (crash, kill, power cut).

At start (after the database is unlocked and held), each draft left by an app
process that is no longer running is offered in words: "A visit to Brenchley
Gardens you were writing at 21:40 (‘Group of six by the bandstand…’)". The user
restores it (the assessment opens at that page with the work filled in and
marked unsaved; it is saved through the normal, conflict-safe path), discards
it (asked first), or leaves it for later (offered again next time). A draft
whose record or assessment was deleted is never offered (the store removes it).
Work kept as a draft for later in this session is offered when its assessment
is opened again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from safeguarding.drafts import Draft, describe
from ui.interaction import Interaction

RESTORE, DISCARD, LATER = 0, 1, 2
"""The answers to the offer of a draft."""


def offer_drafts(
    parent: QWidget | None,
    interaction: Interaction,
    drafts: list[Draft],
    restore: Callable[[Draft], bool],
    discard: Callable[[Draft], None],
) -> int:
    """Offer each draft in turn; return how many were restored.

    Args:
        parent: The window.
        interaction: Asks the user (tests script it).
        drafts: The drafts to offer, oldest first.
        restore: Opens a draft in its form; False if it could not be (the user was told why).
        discard: Removes a draft for good (after the user confirmed).
    """
    restored = 0
    for number, draft in enumerate(drafts, start=1):
        count = f" ({number} of {len(drafts)})" if len(drafts) > 1 else ""
        answer = interaction.choose(
            parent,
            f"Unsaved work found{count}",
            f"{describe(draft)}.\n\nIt was not saved because the app did not close properly. Restore it to "
            "finish it (it is saved as usual when you go on), discard it, or decide later: it is offered "
            "again next time.",
            ["Restore it", "Discard it…", "Later"],
        )
        if answer == RESTORE:
            restored += bool(restore(draft))
        elif answer == DISCARD and interaction.confirm(
            parent,
            "Discard unsaved work",
            f"Discard {draft.label}? What you typed cannot be brought back.",
            yes="Discard it",
            no="Keep it",
        ):
            discard(draft)
    return restored
