"""A complete assessment in a real SQLite store, for the report tests.

Names and text are invented and plainly fictional; they deliberately mix Polish,
Romanian, Cyrillic, Arabic and Urdu, and one note carries HTML that must print
literally.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, AssessmentStatus, Location, Observation, Rating, Side
from safeguarding.store import Store

POLISH_OBSERVER = "Łukasz Wiśniewski"
ARABIC_NAME = "أحمد"
URDU_NOTE = "اردو میں نوٹ: ٹ ڈ ڑ ں ے"
HTML_NOTE = 'Someone wrote <script>alert("x")</script> and <b>not bold</b> & more.'
LONG_NOTE = (
    "About twelve young people aged roughly 13 to 16 gathered near the bandstand after school. "
    "Two adults not known to the group arrived at 16:40 and spoke with several of them before leaving "
    "towards Station Road. Nitrous oxide canisters by the war memorial; the St Faith's Street gate "
    "was open and the path beside the museum was unlit by 17:15. Park staff left at 17:30. "
) * 3


@pytest.fixture
def generated_at() -> datetime:
    """A fixed generation time: 30 November 2026, 12:00 UTC (12:00 in London)."""
    return datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture
def assessment_data(store: Store, form: FormDefinition) -> tuple[Location, Assessment]:
    """A complete assessment of Brenchley Gardens, saved and read back from the store."""
    location = store.locations.add(
        Location(
            name="Brenchley Gardens",
            address="St Faith's Street, Maidstone ME14 1LH",
            ward="High Street",
            district="Maidstone",
            place_type="Park",
            latitude=51.2776,
            longitude=0.5196,
            referral_reason="Repeated reports of young people approached by adults after school.",
            referral_date=date(2025, 2, 14),
            referral_source="Maidstone DCSM (police and youth service)",
        )
    )
    assessment = store.assessments.create(
        location.id,
        form,
        assessor_name="Zoë Ștefan",
        assessor_agency="Maidstone Youth Hub",
        start_date=date(2025, 3, 3),
        end_date=date(2025, 3, 28),
        scope_boundary="The park inside its railings, the three entrances and the path beside the museum.",
        scope_times="Weekday after-school hours and Friday and Saturday evenings.",
        analysis=f"Young people gather after school because there is nowhere else.\nInterpreter: {ARABIC_NAME}.",
        recommendation="Agree a safety plan: trusted adults present after school; lighting on the museum path.",
    )
    assessment.status = AssessmentStatus.COMPLETE
    findings = assessment.findings
    findings[Side.YOUNG_PEOPLE].strengths = "Young people name the museum staff as trusted adults."
    findings[Side.YOUNG_PEOPLE].concerns = "Adults not known to the group approach young people after school.\nMore."
    findings[Side.YOUNG_PEOPLE].evidence = f"Safety mapping with Year 9 pupils, March 2025. {URDU_NOTE}"
    findings[Side.YOUNG_PEOPLE].rating = Rating.RED
    findings[Side.GUARDIANSHIP].strengths = "Park staff and a PCSO patrol until 17:30."
    findings[Side.GUARDIANSHIP].concerns = "Nobody is present after 17:30 when the park is busiest."
    findings[Side.GUARDIANSHIP].evidence = "Visits on 3, 7 and 14 March 2025; conversations with staff."
    findings[Side.GUARDIANSHIP].rating = Rating.AMBER
    findings[Side.ENVIRONMENT].strengths = "CCTV covers the bandstand."
    findings[Side.ENVIRONMENT].concerns = "The path beside the museum is unlit; the St Faith's Street gate is open."
    findings[Side.ENVIRONMENT].evidence = "Environmental audit, 14 March 2025."
    findings[Side.ENVIRONMENT].rating = Rating.GREEN
    store.assessments.save(assessment)

    first = datetime(2025, 3, 3, 16, 0, tzinfo=UTC)  # 16:00 GMT, before the clocks change
    notes = [LONG_NOTE, HTML_NOTE, f"Spoke with {ARABIC_NAME}, a shop worker. {URDU_NOTE}", "Quiet visit."]
    for index in range(24):
        start = first + timedelta(days=index, hours=(index % 3) * 2)
        store.assessments.save_observation(
            assessment.id,
            Observation(
                start=start,
                end=start + timedelta(minutes=90),
                observer=POLISH_OBSERVER if index % 2 == 0 else "Ana Popescu, Ирина",
                weather="Dry, cold" if index % 2 else "Light rain",
                light=["daylight", "dusk", "dark_lit", "dark_poorly_lit"][index % 4],
                notes=notes[index % len(notes)],
            ),
        )
    return store.locations.get(location.id), store.assessments.get(assessment.id)
