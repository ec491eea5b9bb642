"""Before a report is exported: full or redacted copy, and a preview of what redaction replaces."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtWidgets import QWidget

from safeguarding.errors import SafeguardingError
from safeguarding.model import Assessment, Location, Person
from safeguarding.protection.redaction import Occurrence, RedactionLog, redact_copies
from safeguarding.reports.place_data import PlaceData, redact_place_data
from safeguarding.store import Store
from safeguarding.words import counted
from ui.interaction import Interaction

FULL, REDACTED = 0, 1
OPTIONS = ["Full copy (my agency only)", "Redacted copy (multi-agency papers)", "Cancel"]


@dataclass(frozen=True)
class CopyChoice:
    """What the user chose: a redacted copy (with the people to replace and the answers given) or the full copy.

    Attributes:
        redacted: The redacted copy.
        people: The people whose names are replaced.
        decisions: Occurrence key → replace (True) or keep (False), as answered in the preview.
    """

    redacted: bool
    people: tuple[Person, ...] = ()
    decisions: dict[str, bool] = field(default_factory=dict)


HEADERS = ["Replace", "Written as", "Printed as", "Where", "In context", "Asked because"]


@dataclass(frozen=True)
class PreviewRow:
    """One row of the preview: a doubtful occurrence alone, or the certain ones of one name in one place."""

    cells: list[str]
    keys: tuple[str, ...]
    replaced: bool
    doubtful: bool


def preview_rows(log: RedactionLog) -> list[PreviewRow]:
    """Rows for the preview: each doubtful occurrence first (with its context), then the certain ones grouped."""
    rows: list[PreviewRow] = []
    groups: dict[tuple[str, str, str, bool], list[Occurrence]] = {}
    for item in log.occurrences:
        if item.doubtful:
            why = item.reason + (" (answered before)" if item.remembered else "")
            cells = [item.found, item.pseudonym if item.replaced else "(kept as written)", item.where or "—"]
            rows.append(PreviewRow([*cells, item.context, why], (item.key,), item.replaced, True))
        else:
            groups.setdefault((item.found, item.pseudonym, item.where, item.replaced), []).append(item)
    for (found, pseudonym, where, replaced), items in groups.items():
        context = items[0].context + (f" (and {len(items) - 1} more)" if len(items) > 1 else "")
        cells = [found, pseudonym if replaced else "(kept as written)", where or "—", context, ""]
        rows.append(PreviewRow(cells, tuple(item.key for item in items), replaced, False))
    return rows


def answers_from(rows: list[PreviewRow], ticks: list[bool], remembered: dict[str, bool]) -> dict[str, bool]:
    """The answers to remember: every doubtful row, and certain rows that are kept (or were answered before)."""
    answers: dict[str, bool] = {}
    for row, tick in zip(rows, ticks, strict=True):
        for key in row.keys:
            if row.doubtful or not tick or key in remembered:
                answers[key] = tick
    return answers


def choose_copy(
    parent: QWidget | None,
    interaction: Interaction,
    store: Store,
    location: Location,
    assessment: Assessment,
    place_data: PlaceData | None = None,
) -> CopyChoice | None:
    """Ask full or redacted; for redacted, show every match to accept or reject and remember the answers.

    ``place_data`` (the report's police figures and safety mapping) is previewed with the assessment.

    Returns:
        The choice, or None if cancelled (nothing is remembered then) or if the answers could not
        be saved (the user is told why).
    """
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
    remembered = store.redaction_decisions.for_assessment(assessment.id)
    _, _, log = redact_copies(location, assessment, people, remembered)
    redact_place_data(place_data, people, remembered, log)
    rows = preview_rows(log)
    asked = sum(1 for row in rows if row.doubtful)
    if not people:
        text = (
            "No people are recorded on the \u201cPeople (for redaction)\u201d page of this assessment, so nothing "
            "will be replaced. If your notes name anyone, add them there first."
        )
    elif not rows:
        text = f"None of the {len(people)} recorded names occurs in the report, so nothing will be replaced."
    else:
        text = (
            f"{counted(log.total, 'replacement')} of {counted(len(people), 'recorded name')}. "
            + (
                f"{asked} of them (at the top) are names that are also everyday words, or written in capitals "
                "or at the start of a sentence: untick any that is not the person. "
                if asked
                else ""
            )
            + "Untick a row to keep it as written; your answers are remembered for this assessment. A name "
            "written differently (a nickname or misspelling) is only replaced if it is recorded under "
            "\u201cOther names\u201d."
        )
    ticks = interaction.review_checklist(
        parent,
        "Redacted copy: what will be replaced",
        text,
        HEADERS,
        [row.cells for row in rows],
        [row.replaced for row in rows],
        yes="Export redacted copy",
        no="Cancel",
    )
    if ticks is None:
        return None
    answers = answers_from(rows, ticks, remembered)
    try:
        store.redaction_decisions.remember(assessment.id, answers)
    except SafeguardingError as error:
        interaction.error(
            parent, "Report not exported", f"Your answers could not be saved, so nothing was exported. {error}"
        )
        return None
    return CopyChoice(True, people, {**remembered, **answers})
