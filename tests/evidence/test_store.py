"""Storing visit details, photos (once per content hash) and consultations in a real SQLite file."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from safeguarding.errors import NotFoundError, ValidationError
from safeguarding.evidence.photos import PhotoError, import_photo
from safeguarding.forms import FormDefinition
from safeguarding.model import (
    AgeBand,
    Consultation,
    ConsultationMethod,
    GuardianPresence,
    Observation,
    ObservedGender,
    Side,
)
from safeguarding.store import open_store
from tests.evidence.conftest import Scene, png_bytes, sample


def visit(**changes: object) -> Observation:
    values: dict[str, object] = {
        "start": datetime(2026, 10, 9, 15, 30, tzinfo=UTC),
        "end": datetime(2026, 10, 9, 17, 0, tzinfo=UTC),
        "observer": "Sam Example",
    }
    values.update(changes)
    return Observation(**values)  # type: ignore[arg-type]


def test_visit_details_round_trip(scene: Scene) -> None:
    saved = scene.store.assessments.save_observation(
        scene.assessment.id,
        visit(
            counts={(AgeBand.AGE_14_15, ObservedGender.MALE): 5, (AgeBand.ADULTS, ObservedGender.UNCLEAR): 2},
            activities="Sitting on the bandstand steps, music playing",
            guardians="Park warden until 17:30",
            guardian_presence=GuardianPresence.ACTIVE,
            sides={Side.YOUNG_PEOPLE, Side.GUARDIANSHIP},
        ),
    )
    scene.store.close()
    store = open_store(scene.path)
    try:
        (back,) = store.assessments.get(scene.assessment.id).observations
    finally:
        store.close()
    assert back.id == saved.id
    assert back.counts == {(AgeBand.AGE_14_15, ObservedGender.MALE): 5, (AgeBand.ADULTS, ObservedGender.UNCLEAR): 2}
    assert back.activities.startswith("Sitting") and back.guardians == "Park warden until 17:30"
    assert back.guardian_presence is GuardianPresence.ACTIVE
    assert back.sides == {Side.YOUNG_PEOPLE, Side.GUARDIANSHIP}


def test_editing_counts_replaces_them(scene: Scene) -> None:
    repo = scene.store.assessments
    first = repo.save_observation(scene.assessment.id, visit(counts={(AgeBand.UNDER_11, ObservedGender.FEMALE): 3}))
    first.counts = {(AgeBand.AGE_16_17, ObservedGender.FEMALE): 1, (AgeBand.AGE_11_13, ObservedGender.MALE): 0}
    first.sides = {Side.ENVIRONMENT}
    repo.save_observation(scene.assessment.id, first)
    (back,) = repo.observations(scene.assessment.id)
    assert back.counts == {(AgeBand.AGE_16_17, ObservedGender.FEMALE): 1}
    assert back.sides == {Side.ENVIRONMENT}


@pytest.mark.parametrize("count", [-1, 10_000, 2.5])
def test_impossible_counts_are_refused(scene: Scene, count: object) -> None:
    with pytest.raises(ValidationError, match="whole number"):
        scene.store.assessments.save_observation(
            scene.assessment.id, visit(counts={(AgeBand.AGE_14_15, ObservedGender.MALE): count})
        )
    assert scene.store.assessments.observations(scene.assessment.id) == []


def test_photo_is_stored_once_with_original_bytes(scene: Scene, form: FormDefinition) -> None:
    raw = sample("jpg_gps_DSCN0010.jpg").read_bytes()
    imported = import_photo(raw, "DSCN0010.jpg")
    photo = scene.store.photos.add(scene.assessment.id, imported, original_name="DSCN0010.jpg", caption="Bandstand")
    assert photo.number == 1 and photo.caption == "Bandstand"
    assert scene.store.photos.original_bytes(photo.sha256) == raw
    # The same picture again in the same assessment is refused, naming its number.
    with pytest.raises(PhotoError, match="already in the assessment, as photo 1"):
        scene.store.photos.add(scene.assessment.id, imported)
    # In another assessment it is linked, not stored twice.
    other = scene.store.assessments.create(scene.location.id, form)
    scene.store.photos.add(other.id, imported)
    assert scene.store.db.execute("SELECT count(*) FROM photos").fetchone()[0] == 1
    assert scene.store.db.execute("SELECT count(*) FROM assessment_photos").fetchone()[0] == 2


def test_photo_far_from_location_gets_distance(scene: Scene) -> None:
    photo = scene.store.photos.add(scene.assessment.id, import_photo(sample("jpg_gps_DSCN0021.jpg").read_bytes()))
    assert photo.gps_lat == pytest.approx(43.46708, abs=1e-4)
    assert photo.distance_m is not None and photo.distance_m > 1_000_000
    no_gps = scene.store.photos.add(scene.assessment.id, import_photo(png_bytes()))
    assert no_gps.distance_m is None and no_gps.number == 2


def test_photo_description_update_remove_and_numbering(scene: Scene) -> None:
    repo = scene.store.photos
    saved_visit = scene.store.assessments.save_observation(scene.assessment.id, visit())
    first = repo.add(scene.assessment.id, import_photo(png_bytes(colour=(1, 2, 3))))
    second = repo.add(scene.assessment.id, import_photo(png_bytes(colour=(4, 5, 6))))
    second.caption = "  Unlit path by the museum  "
    second.observation_id = saved_visit.id
    second.side = Side.ENVIRONMENT
    updated = repo.update(second)
    assert updated.caption == "Unlit path by the museum"
    assert (updated.observation_id, updated.side, updated.number) == (saved_visit.id, Side.ENVIRONMENT, 2)
    repo.remove(first.id)
    (only,) = scene.store.assessments.get(scene.assessment.id).photos
    assert only.id == second.id and only.number == 1
    with pytest.raises(NotFoundError):
        repo.remove(first.id)
    # A removed photo can be added again.
    again = repo.add(scene.assessment.id, import_photo(png_bytes(colour=(1, 2, 3))))
    assert again.number == 2
    second.observation_id = "no-such-visit"
    with pytest.raises(NotFoundError, match="visit"):
        repo.update(second)


def test_consultations_round_trip_in_date_order(scene: Scene) -> None:
    repo = scene.store.consultations
    later = repo.save(
        scene.assessment.id,
        Consultation(
            consulted="Manager, fast-food restaurant on Week Street",
            method=ConsultationMethod.CONVERSATION,
            held_on=date(2026, 10, 20),
            said="Staff see groups after 21:00 and do not know who to call.",
            sides={Side.GUARDIANSHIP},
        ),
    )
    earlier = repo.save(
        scene.assessment.id,
        Consultation(
            consulted="Year 9 pupils, a local secondary school",
            method=ConsultationMethod.SAFETY_MAPPING,
            held_on=date(2026, 10, 14),
            people=24,
            said="Most marked the path by the museum as unsafe after dark.",
            sides={Side.YOUNG_PEOPLE, Side.ENVIRONMENT},
        ),
    )
    listed = scene.store.assessments.get(scene.assessment.id).consultations
    assert [c.id for c in listed] == [earlier.id, later.id]
    assert listed[0].people == 24 and listed[0].sides == {Side.YOUNG_PEOPLE, Side.ENVIRONMENT}
    assert listed[0].method is ConsultationMethod.SAFETY_MAPPING
    earlier.sides = set()
    repo.save(scene.assessment.id, earlier)
    assert repo.of_assessment(scene.assessment.id)[0].sides == set()
    repo.delete(later.id)
    assert [c.id for c in repo.of_assessment(scene.assessment.id)] == [earlier.id]
    with pytest.raises(NotFoundError):
        repo.save(scene.assessment.id, later)


def test_consultation_needs_who(scene: Scene) -> None:
    with pytest.raises(ValidationError, match="who was consulted"):
        scene.store.consultations.save(
            scene.assessment.id,
            Consultation(consulted="  ", method=ConsultationMethod.SURVEY, held_on=date(2026, 10, 1)),
        )
    assert scene.store.consultations.of_assessment(scene.assessment.id) == []
