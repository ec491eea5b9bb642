"""Demo field evidence: visit details, illustrated "photos" and consultations.

Called from :func:`safeguarding.demo.database._fill` after each round's demo visits
exist: :func:`fill_first_evidence` for Brenchley Gardens' first assessment
(spring 2026: visit details and the youth hub's safety mapping) and
:func:`fill_evidence` for its reassessment (autumn 2026: visit details,
consultations and photos). All of it is invented and plainly fictional. The photos are drawings made here with
Pillow and labelled "Demo illustration", never pictures of real people; one
carries a GPS position in Brenchley Gardens (so the map-pin proposal shows)
and one is stored sideways with an EXIF orientation tag (so turning upright
shows). No young person is named anywhere.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime

from PIL import Image, ImageDraw, ImageFont

from safeguarding.evidence.photos import import_photo
from safeguarding.model import (
    AgeBand,
    Assessment,
    Consultation,
    ConsultationMethod,
    GuardianPresence,
    ObservedGender,
    Side,
)
from safeguarding.store import Store
from safeguarding.timeutil import utc_to_local

A, B = AgeBand, ObservedGender
YP, GU, EN = Side.YOUNG_PEOPLE, Side.GUARDIANSHIP, Side.ENVIRONMENT

# Extra facts of the Brenchley Gardens visits, keyed by their UK local start time.
_FIRST_DETAILS: dict[datetime, dict[str, object]] = {
    datetime(2026, 3, 10, 7, 40): {
        "counts": {(A.AGE_14_15, B.MALE): 20, (A.AGE_14_15, B.FEMALE): 18, (A.ADULTS, B.MALE): 2},
        "activities": "Walking through to school in small groups; two adults waiting on the bandstand bench",
        "guardians": "Council grounds worker from 08:15; dog walkers",
        "guardian_presence": GuardianPresence.PRESENT,
        "sides": {YP, EN},
    },
    datetime(2026, 3, 12, 15, 20): {
        "counts": {
            (A.AGE_11_13, B.MALE): 4,
            (A.AGE_11_13, B.FEMALE): 2,
            (A.AGE_14_15, B.MALE): 5,
            (A.AGE_14_15, B.FEMALE): 3,
            (A.ADULTS, B.MALE): 3,
        },
        "activities": "Gathering at the bandstand, eating takeaway food; two boys left with older males",
        "guardians": "Grounds team until about 16:00, then nobody",
        "guardian_presence": GuardianPresence.NONE,
        "sides": {YP, GU, EN},
    },
    datetime(2026, 3, 20, 21, 30): {
        "counts": {(A.AGE_16_17, B.MALE): 4, (A.AGE_16_17, B.FEMALE): 2, (A.ADULTS, B.MALE): 2},
        "activities": "Drinking by the war memorial with two adults",
        "guardians": "Door staff and taxi marshals on Week Street (not in the park)",
        "guardian_presence": GuardianPresence.NONE,
        "sides": {YP, GU, EN},
    },
    datetime(2026, 3, 28, 22, 0): {
        "counts": {(A.AGE_14_15, B.UNCLEAR): 6, (A.AGE_16_17, B.MALE): 3, (A.AGE_16_17, B.FEMALE): 1},
        "activities": "Passing through to the station; a small group under the bandstand, approached by an adult",
        "guardians": "PCSO with the observers",
        "guardian_presence": GuardianPresence.ACTIVE,
        "sides": {YP, GU},
    },
    datetime(2026, 4, 14, 18, 30): {
        "counts": {(A.AGE_14_15, B.MALE): 3, (A.AGE_16_17, B.MALE): 4, (A.AGE_16_17, B.FEMALE): 1},
        "activities": "On and around the bandstand; vaping; one went to a parked car",
        "guardians": "PCSO on patrol with the observers",
        "guardian_presence": GuardianPresence.ACTIVE,
        "sides": {YP, EN},
    },
    datetime(2026, 4, 18, 13, 0): {
        "counts": {(A.UNDER_11, B.UNCLEAR): 8, (A.AGE_11_13, B.MALE): 3, (A.AGE_14_15, B.FEMALE): 2},
        "activities": "Passing through to the town centre and café",
        "guardians": "Museum volunteer, café staff, grounds staff",
        "guardian_presence": GuardianPresence.ACTIVE,
        "sides": {GU, EN},
    },
    datetime(2026, 4, 23, 15, 30): {
        "counts": {
            (A.AGE_11_13, B.MALE): 3,
            (A.AGE_14_15, B.MALE): 5,
            (A.AGE_14_15, B.FEMALE): 3,
            (A.ADULTS, B.MALE): 2,
        },
        "activities": "Gathering at the bandstand until after 17:30; a hand-over by the Station Road gate",
        "guardians": "None after the grounds team left at about 16:00",
        "guardian_presence": GuardianPresence.NONE,
        "sides": {YP, GU},
    },
}

_FIRST_CONSULTATIONS = (
    Consultation(
        consulted="Young people at the town-centre youth hub (demo)",
        method=ConsultationMethod.SAFETY_MAPPING,
        held_on=date(2026, 3, 18),
        people=14,
        said=(
            "9 of 14 coloured the park red after dark, red or amber after school and green in the daytime. The "
            "bandstand and the path past it were marked 'felt unsafe' most often; the museum steps and the café "
            "'felt safe'. Several said they would use the youth hub if it were open later."
        ),
        sides={YP, EN},
    ),
)

_BRENCHLEY_DETAILS: dict[datetime, dict[str, object]] = {
    datetime(2026, 10, 6, 7, 40): {
        "counts": {(A.AGE_14_15, B.MALE): 22, (A.AGE_14_15, B.FEMALE): 20, (A.ADULTS, B.MALE): 2},
        "activities": "Walking through to school in small groups; two adults waiting on the bandstand bench",
        "guardians": "Council grounds worker from 08:15; dog walkers",
        "guardian_presence": GuardianPresence.PRESENT,
        "sides": {YP, EN},
    },
    datetime(2026, 10, 8, 15, 20): {
        "counts": {
            (A.AGE_11_13, B.MALE): 3,
            (A.AGE_11_13, B.FEMALE): 2,
            (A.AGE_14_15, B.MALE): 5,
            (A.AGE_14_15, B.FEMALE): 4,
            (A.ADULTS, B.MALE): 4,
        },
        "activities": "Gathering at the bandstand, music, eating takeaway food; two boys went over to older males",
        "guardians": "Detached youth workers (15:30-18:30 session); grounds team until about 16:00",
        "guardian_presence": GuardianPresence.ACTIVE,
        "sides": {YP, GU, EN},
    },
    datetime(2026, 10, 21, 18, 10): {
        "counts": {(A.AGE_14_15, B.MALE): 3, (A.AGE_16_17, B.MALE): 3, (A.AGE_16_17, B.FEMALE): 1},
        "activities": "On and around the bandstand; vaping; one went to a parked car",
        "guardians": "PCSO on patrol with the observers",
        "guardian_presence": GuardianPresence.ACTIVE,
        "sides": {YP, GU, EN},
    },
    datetime(2026, 10, 30, 21, 30): {
        "counts": {
            (A.AGE_11_13, B.FEMALE): 1,
            (A.AGE_16_17, B.MALE): 3,
            (A.AGE_16_17, B.FEMALE): 2,
            (A.ADULTS, B.MALE): 2,
        },
        "activities": "Drinking by the war memorial with two adults",
        "guardians": "Taxi marshals and door staff on Week Street (not in the park)",
        "guardian_presence": GuardianPresence.NONE,
        "sides": {YP, GU},
    },
    datetime(2026, 10, 31, 22, 0): {
        "counts": {(A.AGE_14_15, B.UNCLEAR): 8, (A.AGE_16_17, B.MALE): 3, (A.AGE_16_17, B.FEMALE): 1},
        "activities": "Passing through in costume; a small group sheltering under the bandstand",
        "guardians": "Street pastors walked through twice; PCSO",
        "guardian_presence": GuardianPresence.ACTIVE,
        "sides": {YP, GU},
    },
    datetime(2026, 11, 14, 13, 0): {
        "counts": {(A.UNDER_11, B.UNCLEAR): 6, (A.AGE_11_13, B.MALE): 2, (A.AGE_14_15, B.FEMALE): 3},
        "activities": "Passing through to the town centre and café",
        "guardians": "Museum volunteer, café staff, grounds staff",
        "guardian_presence": GuardianPresence.ACTIVE,
        "sides": {GU, EN},
    },
}

_BRENCHLEY_CONSULTATIONS = (
    Consultation(
        consulted="Year 9 pupils at a local secondary school (demo)",
        method=ConsultationMethod.SAFETY_MAPPING,
        held_on=date(2026, 10, 14),
        people=26,
        said=(
            "On a printed map of the town centre most coloured the park green for daytime, amber after school "
            "and red after dark. The McKenzie Court side path and the Station Road path were the places most "
            "often marked 'felt unsafe'; the museum steps, the café and 'where the youth workers are' were "
            "marked 'felt safe'. Several said older young people and adults 'take over' the bandstand on Friday "
            "and Saturday nights."
        ),
        sides={YP, EN},
    ),
    Consultation(
        consulted="Café manager and museum front-of-house volunteer (demo)",
        method=ConsultationMethod.CONVERSATION,
        held_on=date(2026, 11, 14),
        people=2,
        said=(
            "Both see the same groups most days and know some young people by sight. Neither knew who to call "
            "about a concern short of 999. Both would welcome a named contact in the youth team and a short "
            "briefing on signs of exploitation."
        ),
        sides={GU},
    ),
    Consultation(
        consulted="Community Protection, Parks team and Kent Police (demo partnership meeting)",
        method=ConsultationMethod.MEETING,
        held_on=date(2026, 11, 5),
        people=5,
        said=(
            "Parks confirmed that two lamps on the Station Road path have failed again and a repair is ordered, "
            "and that locking the gates at dusk has been discussed but not agreed. Police shared that ASB calls "
            "about the park fell over the summer but doubled in October, mostly on Friday and Saturday nights. "
            "Agreed to bring the reassessment's findings to the November DCSM."
        ),
        sides={GU, EN},
    ),
)


def _picture(
    size: tuple[int, int], draw_scene: Callable[[ImageDraw.ImageDraw, int, int], None], label: str
) -> Image.Image:
    image = Image.new("RGB", size, (196, 220, 240))
    pen = ImageDraw.Draw(image)
    width, height = size
    pen.rectangle((0, int(height * 0.62), width, height), fill=(96, 150, 84))
    draw_scene(pen, width, height)
    pen.rectangle((0, 0, width, 26), fill=(255, 255, 255))
    pen.text(
        (8, 4), f"Demo illustration (not a real photo): {label}", fill=(20, 20, 20), font=ImageFont.load_default(18)
    )
    return image


def _bandstand(pen: ImageDraw.ImageDraw, width: int, height: int) -> None:
    cx, base = width // 2, int(height * 0.66)
    pen.polygon([(cx - 150, base - 150), (cx, base - 230), (cx + 150, base - 150)], fill=(90, 60, 50))
    for x in range(cx - 130, cx + 131, 65):
        pen.rectangle((x - 5, base - 150, x + 5, base), fill=(235, 235, 230))
    pen.rectangle((cx - 160, base, cx + 160, base + 22), fill=(170, 160, 150))
    for x in (cx - 60, cx - 20, cx + 30):
        pen.ellipse((x, base + 30, x + 10, base + 50), fill=(200, 200, 210))


def _path(pen: ImageDraw.ImageDraw, width: int, height: int) -> None:
    pen.rectangle((0, 0, width, int(height * 0.62)), fill=(40, 48, 70))
    pen.polygon(
        [(width * 0.4, height), (width * 0.6, height), (width * 0.52, height * 0.62), (width * 0.48, height * 0.62)],
        fill=(120, 110, 100),
    )
    for x, lit in ((width * 0.3, True), (width * 0.7, False)):
        pen.rectangle((x - 3, height * 0.3, x + 3, height * 0.7), fill=(30, 30, 30))
        if lit:
            pen.ellipse((x - 18, height * 0.27, x + 18, height * 0.33), fill=(255, 230, 140))


def _gate(pen: ImageDraw.ImageDraw, width: int, height: int) -> None:
    base = int(height * 0.7)
    for x in range(40, width - 40, 18):
        pen.rectangle((x, base - 160, x + 5, base), fill=(30, 30, 30))
    pen.rectangle((width // 2 - 60, base - 170, width // 2 + 60, base), fill=(196, 220, 240))
    pen.rectangle((width - 140, base - 230, width - 130, base), fill=(60, 60, 60))
    pen.rectangle((width - 175, base - 250, width - 115, base - 225), fill=(80, 80, 80))


def _memorial(pen: ImageDraw.ImageDraw, width: int, height: int) -> None:
    cx, base = width // 2, int(height * 0.68)
    pen.rectangle((cx - 45, base - 260, cx + 45, base), fill=(210, 205, 195))
    pen.rectangle((cx - 90, base - 20, cx + 90, base + 10), fill=(190, 185, 175))
    for x in (cx - 70, cx + 40):
        pen.ellipse((x, base - 10, x + 30, base + 20), fill=(190, 30, 40))


def _jpeg(image: Image.Image, *, gps: tuple[float, float] | None = None, orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Demo camera (fictional)"
    if gps is not None:
        lat, lon = gps

        def dms(value: float) -> tuple[float, float, float]:
            degrees = int(abs(value))
            minutes = int((abs(value) - degrees) * 60)
            seconds = round(((abs(value) - degrees) * 60 - minutes) * 60, 3)
            return (float(degrees), float(minutes), seconds)

        exif[0x8825] = {1: "N" if lat >= 0 else "S", 2: dms(lat), 3: "E" if lon >= 0 else "W", 4: dms(lon)}
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, exif=exif)
    return out.getvalue()


def _photos() -> list[tuple[str, bytes, str, datetime | None, Side]]:
    """(file name, bytes, caption, UK local start of the visit it belongs to, side)."""
    size = (800, 600)
    bandstand = _picture(size, _bandstand, "bandstand")
    path = _picture(size, _path, "Station Road path after dark")
    gate = _picture((600, 800), _gate, "St Faith's Street gate and CCTV")
    memorial = _picture(size, _memorial, "war memorial")
    # The gate picture is stored sideways, as a phone held upright would, with orientation 6.
    gate_sideways = gate.transpose(Image.Transpose.ROTATE_90)
    return [
        (
            "bandstand.jpg",
            _jpeg(bandstand, gps=(51.27745, 0.51985)),
            "Bandstand steps: nitrous oxide canisters and a grip-seal bag after the weekday morning visit",
            datetime(2026, 10, 6, 7, 40),
            EN,
        ),
        (
            "station-road-path.jpg",
            _jpeg(path),
            "Station Road path after dark: one lamp working, one out",
            datetime(2026, 10, 21, 18, 10),
            EN,
        ),
        (
            "gate-cctv.jpg",
            _jpeg(gate_sideways, orientation=6),
            "St Faith's Street gate: the CCTV camera faces the museum entrance, not the bandstand",
            datetime(2026, 10, 6, 7, 40),
            GU,
        ),
        (
            "war-memorial.jpg",
            _jpeg(memorial),
            "War memorial on a weekend afternoon: wreaths undisturbed",
            datetime(2026, 11, 14, 13, 0),
            EN,
        ),
    ]


def _add_round(
    store: Store,
    clock: object,
    assessment: Assessment,
    details: dict[datetime, dict[str, object]],
    consultations: tuple[Consultation, ...],
) -> dict[datetime, str]:
    """Add visit details and consultations to one assessment; return visit ids by UK local start."""
    setter = getattr(clock, "set", None)
    starts: dict[datetime, str] = {}
    for visit in assessment.observations:
        local = utc_to_local(visit.start)
        extra = details.get(local)
        if extra is None:
            continue
        for key, value in extra.items():
            setattr(visit, key, value)
        if setter:
            setter(datetime(local.year, local.month, local.day, 23, 55))
        store.assessments.save_observation(assessment.id, visit)
        starts[local] = visit.id
    for item in consultations:
        if setter:
            setter(datetime(item.held_on.year, item.held_on.month, item.held_on.day, 17, 0))
        store.consultations.save(
            assessment.id,
            Consultation(
                consulted=item.consulted,
                method=item.method,
                held_on=item.held_on,
                people=item.people,
                said=item.said,
                sides=set(item.sides),
            ),
        )
    return starts


def _brenchley(store: Store) -> list[Assessment]:
    found = store.locations.find_by_name("Brenchley Gardens")
    return store.assessments.for_location(found[0].id) if found else []


def fill_first_evidence(store: Store, clock: object) -> None:
    """Add visit details and a safety-mapping session to Brenchley Gardens' first assessment.

    Args:
        store: The demo store, already holding the first assessment and its visits.
        clock: The demo's settable clock (has ``set(naive UK local datetime)``).
    """
    assessments = _brenchley(store)
    if assessments:
        _add_round(store, clock, assessments[0], _FIRST_DETAILS, _FIRST_CONSULTATIONS)


def fill_evidence(store: Store, clock: object) -> None:
    """Add visit details, photos and consultations to Brenchley Gardens' latest assessment (the reassessment).

    Args:
        store: The demo store, already holding the demo locations and visits.
        clock: The demo's settable clock (has ``set(naive UK local datetime)``).
    """
    assessments = _brenchley(store)
    if not assessments:
        return
    setter = getattr(clock, "set", None)
    assessment = assessments[-1]
    starts = _add_round(store, clock, assessment, _BRENCHLEY_DETAILS, _BRENCHLEY_CONSULTATIONS)
    for number, (name, data, caption, visit_start, side) in enumerate(_photos()):
        if setter:
            setter(datetime(2026, 11, 15, 10, number))
        store.photos.add(
            assessment.id,
            import_photo(data, name),
            original_name=name,
            caption=caption,
            observation_id=starts.get(visit_start) if visit_start else None,
            side=side,
        )
