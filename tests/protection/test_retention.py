"""Retention: what is due, and a purge that removes exactly what it listed (and is audited)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from safeguarding.errors import StorageError, ValidationError
from safeguarding.evidence.photos import import_photo
from safeguarding.forms import FormDefinition
from safeguarding.model import Consultation, ConsultationMethod, Location, MapPin, Observation, Person, Side
from safeguarding.plan.records import Action, Decision, Review
from safeguarding.protection.retention_rule import RetentionRule, add_years
from safeguarding.store import Store
from safeguarding.store.audit_schema import audited_tables
from safeguarding.workflows.reassess import reassess
from tests.protection.conftest import Scene, png_bytes


def _counts(store: Store) -> dict[str, int]:
    return {t: store.db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in audited_tables(store.db)}


def _populate(store: Store, assessment_id: str, colour: tuple[int, int, int]) -> None:
    visit = store.assessments.save_observation(
        assessment_id,
        Observation(
            start=datetime(2019, 3, 4, 16, 0, tzinfo=UTC),
            end=datetime(2019, 3, 4, 17, 0, tzinfo=UTC),
            notes="Zoë Green by the bandstand.",
            sides={Side.YOUNG_PEOPLE},
        ),
    )
    store.photos.add(assessment_id, import_photo(png_bytes(colour), "p.png"), observation_id=visit.id)
    store.photos.add(assessment_id, import_photo(png_bytes((1, 2, 3)), "shared.png"))  # in both assessments
    store.consultations.save(
        assessment_id, Consultation("Warden", ConsultationMethod.WALKABOUT, date(2019, 3, 5), sides={Side.GUARDIANSHIP})
    )
    store.maps.save_pin(assessment_id, MapPin(51.2776, 0.5196, "cctv", "Camera"))
    store.people.save(Person(assessment_id, "Zoë Green", "Young person A"))
    goal = store.plan.add_goal(assessment_id, Side.GUARDIANSHIP, "Trusted adults")
    agency = store.plan.agencies()[0]
    store.plan.add_action(Action(goal_id=goal.id, description="Patrol", agency_id=agency.id, lead="PC Example"))


def _close(store: Store, assessment_id: str, on: date) -> None:
    review = store.plan.save_review(Review(assessment_id=assessment_id, meeting_date=on))
    review.decision = Decision.CLOSE
    store.plan.finalise_review(review)


@pytest.fixture
def two(scene: Scene, form: FormDefinition) -> tuple[Scene, str, str]:
    """The scene's assessment closed in March 2019, and another location's assessment still open."""
    store = scene.store
    _populate(store, scene.assessment.id, (200, 10, 10))
    _close(store, scene.assessment.id, date(2019, 3, 20))
    other_location = store.locations.add(Location(name="North Week Street"))
    other = store.assessments.create(other_location.id, form)
    _populate(store, other.id, (10, 200, 10))
    return scene, scene.assessment.id, other.id


def test_nothing_is_due_until_a_period_is_set(two: tuple[Scene, str, str]) -> None:
    scene, closed_id, _ = two
    assert scene.store.retention.rule() == RetentionRule(None)
    assert scene.store.retention.due(date(2040, 1, 1)) == []
    scene.store.retention.set_rule(RetentionRule(6))
    assert scene.store.retention.rule().years == 6
    assert scene.store.retention.due(date(2025, 3, 19)) == []  # a day early
    (due,) = scene.store.retention.due(date(2025, 3, 20))
    assert due.assessment_id == closed_id and due.closed_on == date(2019, 3, 20)
    assert due.location_name == "Brenchley Gardens" and "close" in due.reason
    with pytest.raises(ValidationError):
        scene.store.retention.set_rule(RetentionRule(0))


def test_purge_removes_exactly_what_it_listed(two: tuple[Scene, str, str]) -> None:
    scene, closed_id, other_id = two
    store = scene.store
    store.retention.set_rule(RetentionRule(6))
    (due,) = store.retention.due(date(2026, 11, 30))
    plan = store.retention.plan([due.assessment_id])
    assert plan.rows == due.rows
    before = _counts(store)
    audit_before = store.audit.count()
    store.retention.purge(plan)
    after = _counts(store)
    for table, count in before.items():
        assert after[table] == count - len(plan.rows.get(table, [])), table
    # The assessment and all its records are gone; the location (no other assessment) and its own photo too.
    assert set(plan.rows) >= {
        "assessments", "side_findings", "observations", "observation_sides", "assessment_photos", "photos",
        "consultations", "consultation_sides", "map_pins", "people", "plan_goals", "plan_actions",
        "plan_action_updates", "plan_reviews", "locations",
    }  # fmt: skip
    assert len(plan.rows["photos"]) == 1  # the photo shared with the other assessment stays
    assert store.db.execute("SELECT count(*) FROM assessments WHERE id = ?", [closed_id]).fetchone()[0] == 0
    assert len(store.assessments.get(other_id).photos) == 2
    # Audited: one purge row, the deletions are recorded, and their values are blanked.
    assert store.audit.count() > audit_before
    purges = store.audit.entries(action="purge")
    assert [p.record_id for p in purges] == [closed_id]
    assert purges[0].new is not None and purges[0].new["rows"]["observations"] == 1
    history = store.audit.history(closed_id, include_location=False)
    deletes = [e for e in history if e.action == "delete"]
    assert {e.table for e in deletes} >= {"assessments", "observations", "people"}
    assert all(e.old is None and e.new is None and e.purged_at for e in history if e.action != "purge")
    assert all(e.set_digest is None for e in history)  # the digests of what was set go too (step 0070)
    digests = store.db.execute("SELECT count(*) FROM audit_log WHERE set_digest IS NOT NULL").fetchone()[0]
    assert digests > 0  # the other assessment's entries keep theirs
    from safeguarding.store.audit_chain import verify_chain

    assert verify_chain(store.db).intact  # blanked, and the chain still checks
    notes = store.db.execute("SELECT count(*) FROM observations WHERE notes LIKE '%Zoë Green%'").fetchone()[0]
    assert notes == 1  # only the other assessment's visit
    assert store.db.execute("SELECT count(*) FROM people").fetchone()[0] == 1
    # The guards are back: the audit and the action history still refuse changes.
    from safeguarding.store.dberrors import DB_ERRORS

    with pytest.raises(DB_ERRORS):
        store.db.execute("DELETE FROM audit_log")
    with pytest.raises(DB_ERRORS):
        store.db.execute("DELETE FROM plan_action_updates")


def test_purge_refuses_when_the_records_changed_since_listed(two: tuple[Scene, str, str]) -> None:
    scene, closed_id, _ = two
    store = scene.store
    plan = store.retention.plan([closed_id])
    store.maps.save_pin(closed_id, MapPin(51.2, 0.5, "cctv", "Added after listing"))
    before = _counts(store)
    with pytest.raises(StorageError, match="changed since"):
        store.retention.purge(plan)
    assert _counts(store) == before


def test_a_later_reassessment_keeps_its_records_and_loses_only_the_link(scene: Scene, form: FormDefinition) -> None:
    store = scene.store
    _populate(store, scene.assessment.id, (5, 5, 5))
    _close(store, scene.assessment.id, date(2018, 1, 10))
    later = reassess(store, scene.assessment.id, form, start_date=date(2026, 1, 5))
    plan = store.retention.plan([scene.assessment.id])
    assert "locations" not in plan.rows  # the later assessment still uses the location
    store.retention.purge(plan)
    kept = store.assessments.get(later.id)
    assert kept.plan is not None and kept.plan.earlier is None


def test_soft_deleted_assessments_count_as_closed_on_the_day_deleted(scene: Scene) -> None:
    store = scene.store
    if not hasattr(store.assessments, "delete"):
        pytest.skip("soft delete of assessments not available")
    store.assessments.delete(scene.assessment.id)  # type: ignore[attr-defined]
    store.retention.set_rule(RetentionRule(1))
    (due,) = store.retention.due(date(2030, 1, 1))
    assert "deleted" in due.reason


def test_add_years_on_29_february() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_rule_in_words() -> None:
    assert "6 years after they were closed" in RetentionRule(6).describe()
    assert "nothing is due" in RetentionRule(None).describe()
