"""The demo database: two real Maidstone places with invented, plainly fictional assessments.

Brenchley Gardens and North Week Street are named in the project's seed documents
as places where residents feel least safe (see ``docs``). The public facts about
them (size, address, entrances, landmarks) are real; every visit, observer,
conversation and finding is invented for training and demonstration. Observers
carry "(fictional)" after their names and every location says "Demo data
(fictional)" in its referral source. No young person is named anywhere.

Everything is written through the store API, so the demo also exercises
validation, migrations and the time rules: visit times are entered as UK local
wall-clock times and converted with :func:`safeguarding.timeutil.local_to_utc`
(Brenchley's visits fall either side of the March and October clock changes and
two run past midnight). Timestamps come from a fixed clock that follows the
story, so two builds differ only in ids.

The story runs from February to the end of November 2026, all in the past as of
30 November 2026: Brenchley Gardens' first assessment (spring), its plan and
two DCSM reviews (May, July: "reassess"), the reassessment (autumn) with the
field evidence, map and a plan of its own reviewed in October and November, its
next review in December, one action overdue and one at risk; and a draft for
North Week Street referred in November. Being built on fixed dates, the demo
ages: that is expected.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from safeguarding.demo import brenchley as story
from safeguarding.demo.brenchley import OBS_1, OBS_2, OBS_3, DemoVisit
from safeguarding.demo.evidence import fill_evidence, fill_first_evidence
from safeguarding.demo.maps import fill_first_map, fill_map
from safeguarding.demo.meetings import draft_december_meeting
from safeguarding.demo.places import fill_police_data, fill_safety_mapping
from safeguarding.demo.plan import fill_first_plan, fill_reassessment_plan, start_reassessment
from safeguarding.errors import ReadOnlyError, StorageError
from safeguarding.forms import FormLibrary
from safeguarding.model import AssessmentStatus, Location, Observation, Side, SideFinding, new_id
from safeguarding.private_files import make_private_folder
from safeguarding.security.key_paths import keyfile_path
from safeguarding.security.keys import KeyFileExistsError, key_file_in_the_way
from safeguarding.store import Store, open_store
from safeguarding.store.audit_anchor import anchor_path
from safeguarding.store.database import set_aside_orphaned_journal
from safeguarding.timeutil import local_to_utc

DEMO_SOURCE = "Demo data (fictional)"
"""Marks demo locations; :func:`is_demo_location` looks for it."""


class _DemoClock:
    """A settable clock: the demo's records get plausible, repeatable timestamps."""

    def __init__(self) -> None:
        self.now = datetime(2026, 2, 5, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def set(self, local: datetime) -> None:
        """Set "now" to a naive UK local wall-clock time."""
        self.now = local_to_utc(local)


def is_demo_location(location: Location) -> bool:
    """Return True if ``location`` was made by :func:`build_demo_database`."""
    return location.referral_source.startswith(DEMO_SOURCE)


# ---------------------------------------------------------------------------
# Brenchley Gardens: a first assessment in the spring and a reassessment in the autumn
# (the story and its texts are in safeguarding.demo.brenchley).

BRENCHLEY = Location(
    name="Brenchley Gardens",
    address="St Faith's Street, Maidstone ME14 1LH",
    ward="High Street",
    district="Maidstone",
    place_type="Park (Victorian public garden, about 2 ha)",
    latitude=51.2776,
    longitude=0.5196,
    referral_reason=story.REFERRAL_REASON,
    referral_date=story.REFERRAL_DATE,
    referral_source=f"{DEMO_SOURCE}: DCSM referral by council Community Protection",
)


# ---------------------------------------------------------------------------
# North Week Street: a draft, partly filled.

NORTH_WEEK_STREET = Location(
    name="North Week Street",
    address="North Week Street, Maidstone ME14",
    ward="High Street",
    district="Maidstone",
    place_type="Shopping street and night-time economy",
    latitude=51.2797,
    longitude=0.5218,
    referral_reason=(
        "Named with Brenchley Gardens in the residents' survey as an area where people feel least safe. "
        "Shop staff report groups of young people outside late-opening takeaways and off-licences, and "
        "adults approaching them. Scoping started after the autumn Brenchley Gardens visits."
    ),
    referral_date=date(2026, 11, 10),
    referral_source=f"{DEMO_SOURCE}: raised at the DCSM by the youth service",
)

_NWS_VISITS = (
    DemoVisit(
        start=datetime(2026, 11, 13, 19, 0),
        end=datetime(2026, 11, 13, 21, 30),
        observer=f"{OBS_2}; {OBS_1}",
        weather="Wet, windy, 9 °C",
        light="dark_lit",
        notes=(
            "Friday evening. Street well lit but shop shutters down from 18:00 except takeaways, a "
            "convenience store and two off-licences. 4-7 young people (about 14-16) moved between the "
            "takeaways and a doorway out of the rain; two adults (30s) on e-bikes stopped to talk to them "
            "several times. Takeaway staff friendly with the group and said they give them somewhere warm "
            "to wait for the bus. More visits needed before drawing conclusions."
        ),
    ),
    DemoVisit(
        start=datetime(2026, 11, 17, 15, 30),
        end=datetime(2026, 11, 17, 17, 0),
        observer=OBS_3,
        weather="Dry, cold, 6 °C",
        light="dusk",
        notes=(
            "After school: steady flow of pupils walking north from the town centre to buses. Most do not stop. "
            "A small group (3, about 13-14) waited outside the convenience store for about 40 minutes; no "
            "concerning contact seen. Shop manager willing to talk to the youth team."
        ),
    ),
)

_NWS_YOUNG_PEOPLE = SideFinding(
    side=Side.YOUNG_PEOPLE,
    strengths="Most young people pass through on their way to buses. Takeaway staff offer warmth and shelter.",
    concerns=(
        "Small groups wait here in the evening with nowhere else to go; adults on e-bikes approached a group "
        "several times on 13 November. To be explored further: possible CCE contact point."
    ),
    evidence="Visits on 13 and 17 November 2026. Safety mapping and consultations still to do.",
)


def _add_visits(store: Store, clock: _DemoClock, assessment_id: str, visits: tuple[DemoVisit, ...]) -> None:
    for visit in visits:
        # Notes are written up soon after the visit, away from young people.
        clock.set(visit.end + timedelta(minutes=45))
        store.assessments.save_observation(
            assessment_id,
            Observation(
                start=local_to_utc(visit.start),
                end=local_to_utc(visit.end),
                observer=visit.observer,
                weather=visit.weather,
                light=visit.light,
                notes=visit.notes,
            ),
        )


def _complete(store: Store, assessment_id: str, findings: dict[Side, SideFinding], analysis: str,
              recommendation: str, end_date: date, scope_times: str = "") -> None:  # fmt: skip
    """Write up an assessment and mark it complete; empty texts in ``findings`` keep what is there."""
    assessment = store.assessments.get(assessment_id)
    assessment.scope_times = scope_times or assessment.scope_times
    for side, finding in findings.items():
        kept = assessment.findings[side]
        for name in ("strengths", "concerns", "evidence"):
            if getattr(finding, name):
                setattr(kept, name, getattr(finding, name))
            elif getattr(kept, name).startswith("[Carried forward"):
                # Checked and still true: the assessor deletes the marker line, as it asks.
                setattr(kept, name, getattr(kept, name).split("\n", 1)[-1])
        kept.rating = finding.rating
    assessment.analysis = analysis
    assessment.recommendation = recommendation
    assessment.end_date = end_date
    assessment.status = AssessmentStatus.COMPLETE
    store.assessments.save(assessment)


def _fill(store: Store, clock: _DemoClock) -> None:
    form = FormLibrary.load().current()

    # Brenchley Gardens: referred in February, first assessment in the spring.
    clock.set(datetime(2026, 2, 5, 10, 0))
    brenchley = store.locations.add(replace(BRENCHLEY, id=new_id()))
    clock.set(datetime(2026, 3, 2, 11, 0))
    first = store.assessments.create(
        brenchley.id,
        form,
        assessor_name=story.ASSESSOR,
        assessor_agency=story.AGENCY,
        start_date=story.FIRST_START,
        scope_boundary=story.SCOPE_BOUNDARY,
        scope_times=story.FIRST_SCOPE_TIMES,
    )
    _add_visits(store, clock, first.id, story.FIRST_VISITS)
    fill_first_evidence(store, clock)  # visit details and the youth hub's safety mapping
    fill_first_map(store, clock.set)  # the boundary and the first pins
    clock.set(datetime(2026, 4, 30, 16, 30))
    _complete(store, first.id, story.FIRST_FINDINGS, story.FIRST_ANALYSIS, story.FIRST_RECOMMENDATION, story.FIRST_END)
    fill_first_plan(store, clock.set)  # the plan, DCSM reviews in May and July ("reassess")

    # The reassessment in the autumn: carried forward, then the new evidence.
    second = start_reassessment(store, clock.set)
    _add_visits(store, clock, second.id, story.SECOND_VISITS)
    fill_evidence(store, clock)  # visit details, photos, consultations
    fill_map(store, clock.set)  # new pins beside the carried ones
    clock.set(datetime(2026, 11, 16, 16, 30))
    _complete(
        store,
        second.id,
        story.SECOND_FINDINGS,
        story.SECOND_ANALYSIS,
        story.SECOND_RECOMMENDATION,
        story.SECOND_END,
        scope_times=story.SECOND_SCOPE_TIMES,  # the scope was carried forward; the times are new
    )

    # North Week Street: referred in November, a draft partly filled.
    clock.set(datetime(2026, 11, 10, 14, 0))
    north = store.locations.add(replace(NORTH_WEEK_STREET, id=new_id()))
    clock.set(datetime(2026, 11, 12, 9, 30))
    draft = store.assessments.create(
        north.id,
        form,
        assessor_name="Sam Okafor (fictional)",
        assessor_agency="Youth Outreach Team, Maidstone (demo)",
        start_date=date(2026, 11, 13),
        scope_boundary="North Week Street from the Station Road junction northwards; side streets to be agreed.",
    )
    _add_visits(store, clock, draft.id, _NWS_VISITS)
    fill_reassessment_plan(store, clock.set)  # Brenchley's new plan (October, November); an interim action here
    clock.set(datetime(2026, 11, 24, 17, 15))
    draft = store.assessments.get(draft.id)
    draft.findings[Side.YOUNG_PEOPLE] = replace(_NWS_YOUNG_PEOPLE)
    store.assessments.save(draft)
    fill_safety_mapping(store, clock.set)  # a session in each Brenchley assessment
    fill_police_data(store, clock.set)  # invented, reported by "Demo Police (fictional)"
    draft_december_meeting(store, clock.set)  # the next DCSM's agenda, built from the register


def _remove_database_files(path: Path) -> None:
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), anchor_path(path)):
        candidate.unlink(missing_ok=True)


def build_demo_database(path: Path, *, overwrite: bool = False) -> Path:
    """Create the demo database at ``path``: Brenchley Gardens (complete) and North Week Street (draft).

    The database is built in a temporary file beside ``path`` and moved into place
    only when it is complete, so a failure never leaves a half-built demo behind.

    Args:
        path: The database file to create. Its folder is created if missing.
        overwrite: Replace an existing file at ``path``. Without it an existing
            file is never touched.

    Returns:
        ``path``.

    Raises:
        StorageError: if ``path`` exists and ``overwrite`` is false, if it is a
            folder, or if the database cannot be written (a subclass such as
            ``ReadOnlyError`` says why).
    """
    path = Path(path)
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file. Give a file name such as demo.sqlite3.")
    if path.exists() and not overwrite:
        raise StorageError(
            f"{path} already exists, so the demo database was not created. "
            "Choose another file name, or replace it on purpose (for example with --force)."
        )
    if keyfile_path(path).exists():
        raise KeyFileExistsError(
            f"The demo database was not created: {key_file_in_the_way(path)} A demo database there would hide "
            "the database it belongs to."
        )
    building = path.with_name(f".{path.name}.building")
    try:
        make_private_folder(path.parent)
        _remove_database_files(building)
    except OSError as error:
        raise ReadOnlyError(
            f"The demo database could not be created in {path.parent} ({error.strerror or error}). "
            "Choose a folder you can write to."
        ) from error
    clock = _DemoClock()
    store = open_store(building, clock=clock)
    try:
        # A half-built demo is thrown away, so the build need not wait for the disk at every commit.
        store.db.execute("PRAGMA synchronous = OFF")
        store.meta.mark_demo()
        _fill(store, clock)
    except BaseException:
        store.db.conn.close()
        _remove_database_files(building)
        raise
    store.close()
    try:
        if overwrite:
            _remove_database_files(path)
        set_aside_orphaned_journal(path)  # an old journal must never be replayed into the new demo
        os.replace(building, path)
        anchor_path(building).unlink(missing_ok=True)  # the demo's trail is anchored beside it when next opened
    except StorageError:
        _remove_database_files(building)
        raise
    except OSError as error:
        _remove_database_files(building)
        raise StorageError(f"The demo database could not be saved as {path} ({error.strerror or error}).") from error
    return path
