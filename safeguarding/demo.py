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
(the Brenchley visits straddle the October clock change and one runs past
midnight). Timestamps come from a fixed clock, so two builds differ only in ids.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from safeguarding.demo_evidence import fill_evidence
from safeguarding.demo_map import fill_map
from safeguarding.demo_plan import fill_plan
from safeguarding.errors import ReadOnlyError, StorageError
from safeguarding.forms import FormLibrary
from safeguarding.model import AssessmentStatus, Location, Observation, Rating, Side, SideFinding, new_id
from safeguarding.store import Store, open_store
from safeguarding.store.database import set_aside_orphaned_journal
from safeguarding.timeutil import local_to_utc

DEMO_SOURCE = "Demo data (fictional)"
"""Marks demo locations; :func:`is_demo_location` looks for it."""


class _DemoClock:
    """A settable clock: the demo's records get plausible, repeatable timestamps."""

    def __init__(self) -> None:
        self.now = datetime(2026, 9, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def set(self, local: datetime) -> None:
        """Set "now" to a naive UK local wall-clock time."""
        self.now = local_to_utc(local)


@dataclass(frozen=True)
class _Visit:
    start: datetime  # naive UK local time
    end: datetime  # naive UK local time
    observer: str
    weather: str
    light: str
    notes: str


def is_demo_location(location: Location) -> bool:
    """Return True if ``location`` was made by :func:`build_demo_database`."""
    return location.referral_source.startswith(DEMO_SOURCE)


# ---------------------------------------------------------------------------
# Brenchley Gardens: one complete assessment.

_OBS_1 = "Agnieszka Wójcik (fictional), Youth Outreach"
_OBS_2 = "Sam Okafor (fictional), Youth Outreach"
_OBS_3 = "Jo Whitfield (fictional), Youth Outreach"
_OBS_4 = "PCSO Dev Mistry (fictional), Kent Police"

BRENCHLEY = Location(
    name="Brenchley Gardens",
    address="St Faith's Street, Maidstone ME14 1LH",
    ward="High Street",
    district="Maidstone",
    place_type="Park (Victorian public garden, about 2 ha)",
    latitude=51.2776,
    longitude=0.5196,
    referral_reason=(
        "Repeat reports over the summer of young people, some thought to be 12-14, gathering in the park "
        "after school and late on Friday and Saturday nights, with older males and adults approaching them. "
        "Two schools and the youth hub have heard young people name the park as somewhere they feel unsafe "
        "after dark; police intelligence links the station approach to county lines activity. Residents' "
        "survey names Brenchley Gardens and North Week Street as where people feel least safe."
    ),
    referral_date=date(2026, 9, 22),
    referral_source=f"{DEMO_SOURCE}: DCSM referral by council Community Protection",
)

_BRENCHLEY_VISITS = (
    _Visit(
        start=datetime(2026, 10, 6, 7, 40),
        end=datetime(2026, 10, 6, 8, 50),
        observer=f"{_OBS_1}; {_OBS_2}",
        weather="Dry, bright, 9 °C",
        light="daylight",
        notes=(
            "Park used as a cut-through from Maidstone East and Station Road towards Week Street and the "
            "schools: roughly 40-50 secondary-age pupils in uniform passed through in small groups, moving "
            "quickly, no loitering. Dog walkers and commuters present throughout; one council grounds worker "
            "from 08:15. Two adult males (about 20-25) sat on the bench by the bandstand for the whole visit "
            "and spoke briefly with two separate pairs of boys in uniform (about 14-15); no exchange seen. "
            "Fresh nitrous oxide canisters (about 12) and a small grip-seal bag under the bandstand steps; "
            "photographed, reported to the grounds team. CCTV camera by the St Faith's Street gate is "
            "facing the museum entrance, not the bandstand."
        ),
    ),
    _Visit(
        start=datetime(2026, 10, 8, 15, 20),
        end=datetime(2026, 10, 8, 17, 40),
        observer=f"{_OBS_1}; {_OBS_2}",
        weather="Overcast, light drizzle after 16:30, 13 °C",
        light="daylight",
        notes=(
            "The lost hours are the busiest time. From 15:35 a group of 10-15 young people (mixed, most about "
            "13-15, some younger-looking in Year 7-8 uniform) gathered around the bandstand, with food from "
            "Week Street. Mood mostly sociable: music from a phone speaker, play-fighting. At 16:10 three "
            "older males (about 18-22) arrived from the Station Road entrance; the younger ones went quiet, "
            "two boys walked off with them towards the station and came back 20 minutes later. A bike rider "
            "(adult) circled the paths twice without stopping. No adults with a caring role in the park after "
            "the grounds team left at about 16:00; museum staff visible at the windows only. We introduced "
            "ourselves to the group by the war memorial: young people were friendly, said the park is "
            "'fine in the day, dodgy at night' and that 'the older lot' use the bandstand after dark. "
            "Drizzle moved the group under the bandstand roof; it is the only shelter in the park."
        ),
    ),
    _Visit(
        start=datetime(2026, 10, 21, 18, 10),
        end=datetime(2026, 10, 21, 20, 30),
        observer=f"{_OBS_3}; {_OBS_4}",
        weather="Dry, cold, light wind, 8 °C",
        light="dusk",
        notes=(
            "Sunset about 18:05; by 18:45 the central lawn and the paths by the McKenzie Court side were "
            "dark. Lighting is uneven: the path lamps nearest St Faith's Street work, two on the Station Road "
            "path were out (reported to the council, reference held in the case file). 6-8 young people "
            "(about 14-17, mostly boys) on and around the bandstand until about 19:40; vapes and cannabis "
            "smell. An adult in a parked car on Station Road flashed headlights; one young person went to the "
            "car for under a minute and returned. PCSO spoke with the group in a friendly way; they knew him "
            "by name and were relaxed with him. Group dispersed towards Week Street when we left the park. "
            "Nobody else was in the park after 19:00 apart from people cutting through to the station."
        ),
    ),
    _Visit(
        start=datetime(2026, 10, 30, 21, 30),
        end=datetime(2026, 10, 30, 23, 50),
        observer=f"{_OBS_1}; {_OBS_3}",
        weather="Dry, clear, 6 °C",
        light="dark_poorly_lit",
        notes=(
            "Friday, half-term week, first weekend after the clocks went back. The NTE on Week Street and "
            "around the station was busy; the park itself was dark apart from the St Faith's Street path. "
            "From 22:00 about 5-6 young people (about 15-17) with two adults (20s) by the war memorial, "
            "drinking; one girl appeared much younger (about 13) and very intoxicated. We approached; the "
            "adults left by the McKenzie Court side. Girl's friends agreed we could call for a lift home; a "
            "parent collected her at 22:40 from St Faith's Street. Safeguarding referral made the same night "
            "through the out-of-hours route (no details recorded here). Broken glass and canisters around the "
            "bandstand. Gates were open all night; no patrol seen in the park. Taxi marshals and door staff "
            "on Week Street were visible and friendly but said the park is 'not our patch'."
        ),
    ),
    _Visit(
        start=datetime(2026, 10, 31, 22, 0),
        end=datetime(2026, 11, 1, 0, 45),
        observer=f"{_OBS_2}; {_OBS_4}",
        weather="Damp, mild, 11 °C; fireworks nearby",
        light="dark_poorly_lit",
        notes=(
            "Saturday, Halloween. Street pastors were out on Week Street from 22:00 and walked through the "
            "park twice with us. 10-12 young people in costume passed through between 22:00 and 23:00, "
            "mostly heading to or from the station; a smaller group (4, about 16-17) stayed under the "
            "bandstand until about 00:15. Two separate adult males approached the group offering 'a lift to "
            "the party'; the group declined and told the street pastors about it, which is a real strength. "
            "One adult male ran from the Station Road entrance when the PCSO approached. Lighting as on "
            "30 October. Rubbish and canisters heavy by 00:30."
        ),
    ),
    _Visit(
        start=datetime(2026, 11, 14, 13, 0),
        end=datetime(2026, 11, 14, 15, 30),
        observer=f"{_OBS_1}; {_OBS_3}",
        weather="Bright, cold, 7 °C",
        light="daylight",
        notes=(
            "Weekend afternoon: the park at its best. Families, museum visitors, people at the war memorial "
            "where the Remembrance wreaths were still laid and undisturbed. Small groups of young people "
            "(about 12-15) passed through to the town centre and café; none stayed long. A museum volunteer "
            "and two café staff said they would be willing to be a named contact for the youth team and "
            "would like to know what to look for. Grounds staff confirmed the litter pick on Monday mornings "
            "regularly finds canisters, small bags and bottles around the bandstand."
        ),
    ),
)

_BRENCHLEY_FINDINGS = {
    Side.YOUNG_PEOPLE: SideFinding(
        side=Side.YOUNG_PEOPLE,
        strengths=(
            "Young people use the park as a social space and a safe route to school in daylight; most pass "
            "through rather than stay. Groups look out for each other: on 31 October a group refused a lift "
            "from unknown adults and told the street pastors. Young people engaged warmly with outreach workers "
            "and the PCSO, and told us plainly where and when they feel unsafe. Several named the youth hub "
            "as somewhere they would go if it were open later."
        ),
        concerns=(
            "After school and on Friday and Saturday nights young people, some as young as 12-13, gather at "
            "the bandstand with older males and adults they do not know well. We saw short trips away with "
            "older males, contact with a parked car, and a heavily intoxicated younger girl with adults at "
            "the war memorial: indicators of criminal exploitation (CCE, county lines) and of sexual "
            "exploitation risk. Nitrous oxide, alcohol and cannabis use are routine late in the evening. "
            "Young people say the park is 'fine in the day, dodgy at night'."
        ),
        evidence=(
            "Six observation visits, 6 October to 14 November 2026 (see observation log). Conversations with "
            "young people in the park on 8 October and 21 October. Safety mapping at the youth hub on "
            "3 November: 9 of 14 young people coloured the park red after dark, amber after school, green in "
            "the daytime. Police briefing (DCSM, October) on county lines activity around the station approach."
        ),
        rating=Rating.AMBER,
    ),
    Side.GUARDIANSHIP: SideFinding(
        side=Side.GUARDIANSHIP,
        strengths=(
            "The PCSO for the area is known and liked by young people and is a credible trusted adult. Street "
            "pastors cover Week Street on Friday and Saturday nights and were willing to include the park. "
            "Museum volunteers, café staff and the grounds team are present in the day and willing to act as "
            "guardians if given training and a named contact."
        ),
        concerns=(
            "Once the grounds team leaves at about 16:00 there is no capable guardian in the park: the lost "
            "hours and the whole evening have nobody with a caring role present. NTE staff (door staff, taxi "
            "marshals) see the park as 'not our patch'. CCTV exists but points at the museum entrance, not the "
            "bandstand, and nobody we spoke to knew who monitors it at night. Guardians we met did not know how "
            "to report a concern about exploitation other than 999."
        ),
        evidence=(
            "Visits on 8, 21, 30 and 31 October (no adult guardian present after 16:00 except the observers "
            "and PCSO). Conversations with grounds staff (8 October), door staff and taxi marshals "
            "(30 October), museum volunteer and café staff (14 November). CCTV positions checked on 6 October."
        ),
        rating=Rating.RED,
    ),
    Side.ENVIRONMENT: SideFinding(
        side=Side.ENVIRONMENT,
        strengths=(
            "A well-kept Victorian park in the town centre with good daytime footfall, the museum next door "
            "and three pedestrian entrances (Station Road, St Faith's Street, McKenzie Court side), so it is "
            "never a dead end. Lighting on the St Faith's Street path works. The war memorial is respected. "
            "The youth hub and Week Street are a few minutes away, and partners are already discussing "
            "lighting and night gating."
        ),
        concerns=(
            "After dark the central lawn, bandstand and McKenzie Court side are poorly lit, with two lamps out "
            "on the Station Road path. The bandstand is the only shelter and the natural gathering point, "
            "hidden from the CCTV. Being minutes from Maidstone East and the NTE brings transient adults and "
            "easy exits by train. Gates stay open all night. Nitrous oxide canisters, small bags and glass "
            "are found every Monday. Off-licences near the station sell late; the town-centre PSPO is rarely "
            "enforced in the park."
        ),
        evidence=(
            "Lighting and CCTV checked on visits of 6 and 21 October; faults reported to the council. "
            "Grounds team litter records (14 November). Licensing information on nearby off-licences from "
            "Community Protection. Residents' survey (summer 2026) naming the park as a place they feel "
            "least safe."
        ),
        rating=Rating.AMBER,
    ),
}

_BRENCHLEY_ANALYSIS = (
    "The park is a good place in daylight and a risky one after school and at night. Young people come "
    "because it is central, free, sheltered at the bandstand and next to the station and Week Street; "
    "those same features bring older males and adults who target them. The main driver of harm is the "
    "absence of capable guardians from 16:00 onwards, combined with a dark, unwatched bandstand. Context "
    "weighting: the place itself (guardianship and lighting) carries most weight and must change first; "
    "peer-group work with the older group is a second strand for the MACE panel. Young people's own "
    "protective behaviour and their trust in the PCSO are strengths to build on."
)

_BRENCHLEY_RECOMMENDATION = (
    "Agree a safety plan at the DCSM with these goals: (1) there are trusted adults present in the park "
    "after school and on Friday and Saturday nights (detached youth work 15:30-19:00 twice weekly; street "
    "pastors' route to include the park; PCSO patrols at the lost hours); (2) the bandstand and paths are "
    "lit and watched (repair lamps, re-point or add CCTV to cover the bandstand, agree who monitors it); "
    "(3) local guardians know what to look for and who to call (CCE/CSE awareness for museum, café, "
    "grounds and NTE staff, with a named youth team contact). Consider night gating only after "
    "consultation with young people, as it may displace them somewhere less visible. Review in three months."
)


# ---------------------------------------------------------------------------
# North Week Street: a draft, partly filled.

NORTH_WEEK_STREET = Location(
    name="North Week Street",
    address="North Week Street, Maidstone ME14",
    ward="",
    district="Maidstone",
    place_type="Shopping street and night-time economy",
    latitude=51.2797,
    longitude=0.5218,
    referral_reason=(
        "Named with Brenchley Gardens in the residents' survey as an area where people feel least safe. "
        "Shop staff report groups of young people outside late-opening takeaways and off-licences, and "
        "adults approaching them. Scoping started after the Brenchley Gardens visits; ward to be confirmed."
    ),
    referral_date=date(2026, 11, 10),
    referral_source=f"{DEMO_SOURCE}: raised at the DCSM by the youth service",
)

_NWS_VISITS = (
    _Visit(
        start=datetime(2026, 11, 13, 19, 0),
        end=datetime(2026, 11, 13, 21, 30),
        observer=f"{_OBS_2}; {_OBS_1}",
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
    _Visit(
        start=datetime(2026, 11, 17, 15, 30),
        end=datetime(2026, 11, 17, 17, 0),
        observer=_OBS_3,
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


def _add_visits(store: Store, clock: _DemoClock, assessment_id: str, visits: tuple[_Visit, ...]) -> None:
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


def _fill(store: Store, clock: _DemoClock) -> None:
    form = FormLibrary.load().current()

    clock.set(datetime(2026, 9, 23, 10, 0))
    brenchley = store.locations.add(replace(BRENCHLEY, id=new_id()))
    clock.set(datetime(2026, 10, 5, 11, 0))
    assessment = store.assessments.create(
        brenchley.id,
        form,
        assessor_name="Jo Whitfield (fictional)",
        assessor_agency="Youth Outreach Team, Maidstone (demo)",
        start_date=date(2026, 10, 6),
        scope_boundary=(
            "The whole of Brenchley Gardens inside its railings, including the bandstand, the war memorial and "
            "the three pedestrian entrances (Station Road, St Faith's Street, McKenzie Court side), and the "
            "pavement immediately outside each entrance. Maidstone Museum's interior and Maidstone East "
            "station are out of scope but noted where they affect the park."
        ),
        scope_times=(
            "Weekday morning school run and after-school hours (the lost hours), a weekday evening, Friday and "
            "Saturday late nights (NTE) and a weekend afternoon, between 6 October and 14 November 2026, "
            "before and after the October clock change."
        ),
    )
    _add_visits(store, clock, assessment.id, _BRENCHLEY_VISITS)
    fill_evidence(store, clock)
    fill_map(store, clock.set)  # Brenchley's boundary and a dozen pins
    clock.set(datetime(2026, 11, 19, 16, 30))
    assessment.findings = {side: replace(finding) for side, finding in _BRENCHLEY_FINDINGS.items()}
    assessment.analysis = _BRENCHLEY_ANALYSIS
    assessment.recommendation = _BRENCHLEY_RECOMMENDATION
    assessment.end_date = date(2026, 11, 19)
    assessment.status = AssessmentStatus.COMPLETE
    store.assessments.save(assessment)

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
    clock.set(datetime(2026, 11, 24, 17, 15))
    draft.findings[Side.YOUNG_PEOPLE] = replace(_NWS_YOUNG_PEOPLE)
    store.assessments.save(draft)
    fill_plan(store, clock.set)  # Brenchley's plan, reviews and its later reassessment (2027)


def _remove_database_files(path: Path) -> None:
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
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
    building = path.with_name(f".{path.name}.building")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_database_files(building)
    except OSError as error:
        raise ReadOnlyError(
            f"The demo database could not be created in {path.parent} ({error.strerror or error}). "
            "Choose a folder you can write to."
        ) from error
    clock = _DemoClock()
    store = open_store(building, clock=clock)
    try:
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
    except StorageError:
        _remove_database_files(building)
        raise
    except OSError as error:
        _remove_database_files(building)
        raise StorageError(f"The demo database could not be saved as {path} ({error.strerror or error}).") from error
    return path
