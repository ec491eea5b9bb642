"""Drafts: kept inside the database, never audited, never offered for a deleted record."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from safeguarding.drafts import INSTANCE, Draft, describe, excerpt
from safeguarding.forms import FormDefinition
from safeguarding.model import Location, Observation, Person
from safeguarding.plan.records import Decision, Review
from safeguarding.security.keys import create_keyfile
from safeguarding.store import Store, open_store
from tests.conftest import FixedClock

WRITING = datetime(2026, 12, 7, 21, 40, tzinfo=UTC)  # 21:40 in London (GMT in December)
NOTE = "Group of six by the bandstand, music playing; an older male arrived at 21:20 and they left with him."


def visit_draft(assessment_id: str, record_id: str, *, new: bool = False, instance: str = "laptop:99:dead") -> Draft:
    return Draft(
        key=f"visit:{record_id}",
        kind="visit",
        record_id=record_id,
        assessment_id=assessment_id,
        label="a visit to Brenchley Gardens",
        payload={"notes": NOTE},
        base=None if new else {"notes": ""},
        excerpt=excerpt(NOTE),
        instance=instance,
    )


def test_the_offer_is_in_words_with_the_time_and_what_was_typed() -> None:
    draft = Draft("visit:1", "visit", "1", "a", "a visit to Brenchley Gardens", {}, excerpt=excerpt(NOTE))
    written = replace(draft, updated_at=WRITING)
    assert describe(written, now=WRITING + timedelta(hours=1)) == (
        "A visit to Brenchley Gardens you were writing at 21:40 "
        "(‘Group of six by the bandstand, music playing; an older…’)"
    )
    assert describe(written, now=WRITING + timedelta(days=2)).startswith(
        "A visit to Brenchley Gardens you were writing on Monday 7 December at 21:40"
    )
    assert excerpt("short") == "short" and excerpt("") == ""


def test_a_draft_is_kept_replaced_and_removed_by_its_key(store: Store, form: FormDefinition) -> None:
    location = store.locations.add(Location(name="Brenchley Gardens"))
    assessment = store.assessments.create(location.id, form)
    written = store.drafts.put(visit_draft(assessment.id, "v1", new=True))
    assert written.updated_at is not None and written.is_new
    store.drafts.put(replace(written, payload={"notes": "Later."}))
    (kept,) = store.drafts.every()
    assert kept.payload == {"notes": "Later."} and kept.key == "visit:v1"
    store.drafts.remove("visit:v1", "not-there")
    assert store.drafts.every() == []


def test_drafts_are_not_audited(store: Store, form: FormDefinition) -> None:
    location = store.locations.add(Location(name="Brenchley Gardens"))
    assessment = store.assessments.create(location.id, form)
    before = store.audit.count()
    store.drafts.put(visit_draft(assessment.id, "v1", new=True))
    store.drafts.remove("visit:v1")
    assert store.audit.count() == before


def test_only_drafts_of_processes_that_are_not_running_are_offered(store: Store, form: FormDefinition) -> None:
    location = store.locations.add(Location(name="Brenchley Gardens"))
    assessment = store.assessments.create(location.id, form)
    store.drafts.put(visit_draft(assessment.id, "mine", new=True, instance=INSTANCE))
    store.drafts.put(visit_draft(assessment.id, "crashed", new=True))
    assert [draft.record_id for draft in store.drafts.left_behind({INSTANCE})] == ["crashed"]
    store.drafts.adopt("visit:crashed", INSTANCE)
    assert store.drafts.left_behind({INSTANCE}) == []


def test_a_draft_of_a_deleted_record_is_never_offered(store: Store, form: FormDefinition) -> None:
    location = store.locations.add(Location(name="Brenchley Gardens"))
    assessment = store.assessments.create(location.id, form)
    start = datetime(2026, 12, 7, 21, 0, tzinfo=UTC)
    visit = store.assessments.save_observation(
        assessment.id, Observation(start=start, end=start + timedelta(hours=1), notes="Quiet.")
    )
    person = store.people.save(Person(assessment.id, "Zoë Green", "Young person A"))
    review = store.plan.save_review(Review(assessment.id, meeting_date=date(2026, 12, 1)))
    store.drafts.put(visit_draft(assessment.id, visit.id))
    store.drafts.put(visit_draft(assessment.id, "never-saved", new=True))
    store.drafts.put(Draft(f"person:{person.id}", "person", person.id, assessment.id, "a person", {}, base={}))
    store.drafts.put(Draft(f"review:{review.id}", "review", review.id, assessment.id, "a review", {}, base={}))
    store.drafts.put(Draft("agencies:", "agencies", "", None, "the partner agencies", {}, base={}))

    store.assessments.delete_observation(visit.id)
    store.people.remove(person.id)
    review.decision = Decision.CONTINUE
    store.plan.finalise_review(review)
    offered = store.drafts.left_behind(set())
    assert sorted(draft.key for draft in offered) == ["agencies:", "visit:never-saved"]

    store.assessments.delete(assessment.id)  # deleting an assessment removes its drafts at once
    assert [draft.key for draft in store.drafts.every()] == ["agencies:"]


def test_the_retention_purge_removes_the_drafts_of_what_it_purges(
    tmp_path: Path, clock: FixedClock, form: FormDefinition
) -> None:
    store = open_store(tmp_path / "purge.sqlite3", clock=clock)
    try:
        location = store.locations.add(Location(name="Brenchley Gardens"))
        assessment = store.assessments.create(location.id, form)
        store.drafts.put(visit_draft(assessment.id, "typed", new=True))
        store.assessments.delete(assessment.id)
        store.drafts.put(visit_draft(assessment.id, "typed-again", new=True))  # a window kept writing it
        store.retention.purge(store.retention.plan([assessment.id]))
        assert store.drafts.every() == []
    finally:
        store.close()


def test_a_draft_is_encrypted_with_the_database(tmp_path: Path, form: FormDefinition) -> None:
    path = tmp_path / "secret.sqlite3"
    store = open_store(path, key=create_keyfile(path, "correct horse battery staple 42"))
    try:
        location = store.locations.add(Location(name="Brenchley Gardens"))
        assessment = store.assessments.create(location.id, form)
        store.drafts.put(visit_draft(assessment.id, "typed", new=True))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    for file in tmp_path.iterdir():
        if file.is_file():
            assert b"bandstand" not in file.read_bytes(), file.name


@pytest.mark.parametrize("kind", ["assessment", "weights", "boundary"])
def test_a_draft_of_the_whole_assessment_needs_only_the_assessment(
    store: Store, form: FormDefinition, kind: str
) -> None:
    location = store.locations.add(Location(name="Brenchley Gardens"))
    assessment = store.assessments.create(location.id, form)
    store.drafts.put(Draft(f"{kind}:{assessment.id}", kind, assessment.id, assessment.id, "the write-up", {}, base={}))
    assert len(store.drafts.left_behind(set())) == 1
