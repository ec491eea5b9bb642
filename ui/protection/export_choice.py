"""Before a report is exported: full or redacted copy, and a preview of what redaction replaces."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from safeguarding.model import Assessment, Location, Person
from safeguarding.protection.redaction import redact_copies
from safeguarding.store import Store
from ui.interaction import Interaction

FULL, REDACTED = 0, 1
OPTIONS = ["Full copy (my agency only)", "Redacted copy (multi-agency papers)", "Cancel"]


@dataclass(frozen=True)
class CopyChoice:
    """What the user chose: a redacted copy (with the people to replace) or the full copy."""

    redacted: bool
    people: tuple[Person, ...] = ()


def choose_copy(
    parent: QWidget | None, interaction: Interaction, store: Store, location: Location, assessment: Assessment
) -> CopyChoice | None:
    """Ask full or redacted; for redacted, show what will be replaced and ask to go on. None = cancelled."""
    answer = interaction.choose(
        parent,
        "Which copy?",
        "A full copy keeps every name and is for your own agency only. A redacted copy, for multi-agency "
        "papers such as the DCSM, prints each person's pseudonym instead of their name, in every section. "
        "The footer of every page says which copy it is.",
        OPTIONS,
    )
    if answer == FULL:
        return CopyChoice(False)
    if answer != REDACTED:
        return None
    people = tuple(store.people.for_redaction(assessment.id))
    _, _, log = redact_copies(location, assessment, people)
    rows = [[item.found, item.pseudonym, item.where or "—", str(item.count)] for item in log.replacements]
    if not people:
        text = (
            "No people are recorded on the \u201cPeople (for redaction)\u201d page of this assessment, so nothing "
            "will be replaced. If your notes name anyone, add them there first."
        )
    elif not rows:
        text = f"None of the {len(people)} recorded name(s) occurs in the report, so nothing will be replaced."
    else:
        text = (
            f"{log.total} replacement(s) of {len(people)} recorded name(s). Check the list: a name written "
            "differently (a nickname or misspelling) is only replaced if it is recorded under \u201cOther names\u201d."
        )
    if not interaction.review_table(
        parent,
        "Redacted copy: what will be replaced",
        text,
        ["Written as", "Printed as", "Where", "Times"],
        rows,
        yes="Export redacted copy",
        no="Cancel",
    ):
        return None
    return CopyChoice(True, people)
