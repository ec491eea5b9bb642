"""Safety-mapping sessions and marks: rules, storage, the tally across sessions, the report and reassessment."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from safeguarding.errors import NotFoundError, ValidationError
from safeguarding.forms import FormDefinition, FormLibrary
from safeguarding.maps.overlays import map_overlays
from safeguarding.model import Assessment, Location, Person
from safeguarding.protection.redaction import redact_copies
from safeguarding.reports import export_assessment_report
from safeguarding.reports.place_data import load_place_data, redact_place_data
from safeguarding.safety_mapping.model import MarkKind, Participants, SafetyMark, SafetySession
from safeguarding.safety_mapping.tally import compare, tally
from safeguarding.store import Store
from safeguarding.workflows.export import read_report, unanswered_doubts, write_report
from safeguarding.workflows.reassess import reassess
from tests.reports.pdfread import read_pdf

BANDSTAND = (51.27750, 0.51960)
NEAR_BANDSTAND = (51.27762, 0.51968)  # about 15 m away: the same place
MUSEUM = (51.27810, 0.52000)


def _session(
    store: Store, assessment_id: str, day: date, marks: list[tuple[str, tuple[float, float], str]]
) -> SafetySession:
    session = store.safety.save_session(
        SafetySession(assessment_id, day, [Participants("Young people, Year 9", 6)], "Youth service")
    )
    for kind, point, label in marks:
        store.safety.save_mark(SafetyMark(session.id, MarkKind(kind), [point], label))
    return session


def test_sessions_record_roles_and_numbers_never_nothing(store: Store, located: tuple[Location, Assessment]) -> None:
    _, assessment = located
    with pytest.raises(ValidationError, match="who took part"):
        store.safety.save_session(SafetySession(assessment.id, date(2026, 3, 1)))
    with pytest.raises(ValidationError, match="from 1 to 500"):
        store.safety.save_session(SafetySession(assessment.id, date(2026, 3, 1), [Participants("Young people", 0)]))
    with pytest.raises(ValidationError, match="needs a role"):
        store.safety.save_session(SafetySession(assessment.id, date(2026, 3, 1), [Participants(" ", 3)]))
    saved = store.safety.save_session(
        SafetySession(
            assessment.id, date(2026, 3, 1), [Participants("Young people", 4), Participants("Youth workers", 2)]
        )
    )
    (loaded,) = store.safety.sessions(assessment.id)
    assert loaded.id == saved.id and loaded.people == 6 and loaded.who() == "4 Young people; 2 Youth workers"


def test_marks_are_points_and_routes_are_lines(store: Store, located: tuple[Location, Assessment]) -> None:
    _, assessment = located
    session = _session(store, assessment.id, date(2026, 3, 1), [])
    with pytest.raises(ValidationError, match="at least two points"):
        store.safety.save_mark(SafetyMark(session.id, MarkKind.ROUTE, [BANDSTAND]))
    with pytest.raises(ValidationError, match="one point"):
        store.safety.save_mark(SafetyMark(session.id, MarkKind.UNSAFE, [BANDSTAND, MUSEUM]))
    with pytest.raises(ValidationError):
        store.safety.save_mark(SafetyMark(session.id, MarkKind.SAFE, [(95.0, 0.5)]))
    route = store.safety.save_mark(SafetyMark(session.id, MarkKind.ROUTE, [BANDSTAND, MUSEUM], "Way home"))
    store.safety.delete_mark(route.id)
    assert store.safety.sessions(assessment.id)[0].marks == []
    store.safety.delete_session(session.id)
    assert store.safety.sessions(assessment.id) == []
    with pytest.raises(NotFoundError):
        store.safety.save_mark(SafetyMark(session.id, MarkKind.SAFE, [BANDSTAND]))


def test_tally_counts_each_place_across_sessions(store: Store, located: tuple[Location, Assessment]) -> None:
    _, assessment = located
    _session(store, assessment.id, date(2026, 3, 1), [("unsafe", BANDSTAND, "Bandstand"), ("safe", MUSEUM, "Museum")])
    _session(
        store, assessment.id, date(2026, 3, 15), [("unsafe", NEAR_BANDSTAND, "Bandstand"), ("avoid", BANDSTAND, "")]
    )
    counted = tally(store.safety.sessions(assessment.id))
    bandstand, museum = counted.places
    assert bandstand.label == "Bandstand" and bandstand.sessions == [1, 2]
    assert (bandstand.counts[MarkKind.UNSAFE], bandstand.counts[MarkKind.AVOID]) == (2, 1)
    assert bandstand.describe() == "feels unsafe 2, avoided 1" and bandstand.main_kind == MarkKind.UNSAFE
    assert museum.sessions == [1] and museum.main_kind == MarkKind.SAFE
    assert counted.sessions == 2 and counted.people == 12


def test_report_layer_and_comparison_with_the_earlier_assessment(
    store: Store, located: tuple[Location, Assessment], form: FormDefinition, tmp_path: Path
) -> None:
    location, first = located
    first.start_date = date(2026, 3, 1)
    store.assessments.save(first)
    _session(
        store, first.id, date(2026, 3, 5), [("unsafe", BANDSTAND, "Bandstand"), ("unsafe", BANDSTAND, "Bandstand")]
    )
    later = reassess(store, first.id, form, date(2026, 10, 1))
    session = _session(store, later.id, date(2026, 10, 5), [("safe", NEAR_BANDSTAND, "Bandstand")])
    store.safety.save_mark(SafetyMark(session.id, MarkKind.ROUTE, [BANDSTAND, MUSEUM], "Way to school"))
    whole = store.assessments.get(later.id)
    changes = compare(tally(store.safety.sessions(first.id)), tally(store.safety.sessions(later.id)))
    assert len(changes) == 1 and changes[0].earlier is not None and changes[0].later is not None
    overlays = {o["id"]: o for o in map_overlays(store, location, whole)}
    safety = overlays["safety"]
    assert safety["shown"] and safety["points"][0]["kind"] == "safe" and safety["lines"][0]["kind"] == "route"
    out = export_assessment_report(
        location, whole, form, tmp_path / "r.pdf", place_data=load_place_data(store, location, whole)
    )
    text = " ".join(" ".join(read_pdf(out).pages).split())
    assert "Safety mapping with young people" in text
    assert "6 Young people, Year 9" in text and "Way to school" in text
    assert "Compared with the earlier assessment's safety mapping" in text
    assert "feels unsafe 2" in text and "feels safe 1" in text


def test_safety_records_are_purged_with_their_assessment(store: Store, located: tuple[Location, Assessment]) -> None:
    from safeguarding.store.retention import compute_plan

    _, assessment = located
    _session(store, assessment.id, date(2026, 3, 1), [("unsafe", BANDSTAND, "Bandstand")])
    _plan, rows, _ = compute_plan(store.db, [assessment.id])
    assert {"safety_sessions", "safety_marks"} <= set(rows.by_table)


def test_a_redacted_report_replaces_names_in_safety_mapping_and_previews_them(
    store: Store, located: tuple[Location, Assessment], form_library: FormLibrary, tmp_path: Path
) -> None:
    """Names in marks and in who ran a session are replaced like the assessment's own text, and previewed."""
    _, assessment = located
    store.people.save(Person(assessment.id, "Kasia Nowak", "Young person A"))
    session = store.safety.save_session(
        SafetySession(assessment.id, date(2026, 3, 1), [Participants("Young people", 4)], "Kasia Nowak's youth club")
    )
    store.safety.save_mark(SafetyMark(session.id, MarkKind.UNSAFE, [BANDSTAND], "Where Kasia Nowak waits"))

    request = read_report(store, form_library, assessment.id, redacted=True)
    _, _, log = redact_copies(request.location, request.assessment, request.people, request.decisions)
    redact_place_data(request.place_data, request.people, request.decisions, log)
    places = {item.where for item in log.replacements}
    assert any(where.startswith("Police figures and safety mapping") for where in places), places
    assert unanswered_doubts(request) == []

    text = " ".join(" ".join(read_pdf(write_report(request, tmp_path / "redacted.pdf")).pages).split())
    assert "Where Young person A waits" in text and "Young person A's youth club" in text
    assert "Kasia" not in text and "Nowak" not in text
    full = replace(request, redacted=False, people=())
    assert "Where Kasia Nowak waits" in " ".join(read_pdf(write_report(full, tmp_path / "full.pdf")).pages)
