"""What the report needs from the database beyond the assessment itself: police figures and safety mapping.

The assessment aggregate (findings, visits, pins, plan...) travels on its own;
these figures are worked out from stored police data and the safety-mapping
sessions when the report is made, by whoever opens the database (the window or
the command line), and handed to the report builder.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from safeguarding.crime.summary import CrimeFigures, figures_for
from safeguarding.model import Assessment, Location, Person
from safeguarding.protection.redaction import RedactionLog, redact_copy
from safeguarding.safety_mapping.model import SafetySession
from safeguarding.timeutil import format_uk_date

if TYPE_CHECKING:
    from safeguarding.store import Store


@dataclass
class PlaceData:
    """Police figures and safety mapping of one assessment.

    Attributes:
        crime: The crime section's figures, or ``None`` when the place has no point or boundary.
        sessions: The assessment's safety-mapping sessions (oldest first).
        earlier_sessions: The sessions of the assessment this one reassesses (empty if none).
        earlier_on: That assessment's date in words (e.g. "12 March 2026"), or "".
    """

    crime: CrimeFigures | None = None
    sessions: list[SafetySession] = field(default_factory=list)
    earlier_sessions: list[SafetySession] = field(default_factory=list)
    earlier_on: str = ""


def load_place_data(store: Store, location: Location, assessment: Assessment) -> PlaceData:
    """Work out the police figures and gather the safety-mapping sessions (and the earlier assessment's)."""
    earlier = assessment.plan.earlier if assessment.plan is not None else None
    return PlaceData(
        crime=figures_for(store.crime, location, assessment),
        sessions=store.safety.sessions(assessment.id),
        earlier_sessions=store.safety.sessions(earlier.id) if earlier is not None else [],
        earlier_on=format_uk_date(earlier.on) if earlier is not None and earlier.on else "",
    )


def redact_place_data(
    data: PlaceData | None, people: Iterable[Person], decisions: Mapping[str, bool] | None, log: RedactionLog
) -> PlaceData | None:
    """A redacted copy of ``data`` for a redacted report (None stays None), its replacements added to ``log``.

    The same rules and remembered answers as the assessment's own text
    (:func:`safeguarding.protection.redaction.redact_copy`): pass the log of
    :func:`~safeguarding.protection.redaction.redact_copies`, so the preview, the
    command line's count of unanswered names and the leak check see these texts too.
    """
    if data is None:
        return None
    return redact_copy(data, people, decisions, log, "Police figures and safety mapping")
