"""The demo database shows the plan cycle: a reassessment of Brenchley Gardens with a plan and reviews."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from safeguarding.demo import build_demo_database
from safeguarding.forms import FormLibrary
from safeguarding.model import Rating, Side
from safeguarding.plan.compare import Direction, compare_assessments
from safeguarding.plan.records import Decision
from safeguarding.reports import export_assessment_report
from safeguarding.store import Store, open_store
from tests.reports.pdfread import collapse, read_pdf


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path: Path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    store = open_store(build_demo_database(path))
    yield store
    store.close()


def test_brenchley_has_a_later_assessment_with_plan_and_two_reviews(demo: Store) -> None:
    (location,) = demo.locations.find_by_name("Brenchley Gardens")
    first, second = demo.assessments.for_location(location.id)
    assert second.start_date is not None and first.end_date is not None and second.start_date > first.end_date
    plan = second.plan
    assert plan is not None
    assert len([r for r in plan.reviews if r.is_final]) == 2
    assert plan.last_review() is not None and plan.last_review().decision is Decision.CONTINUE  # type: ignore[union-attr]
    assert plan.heaviest() is not None and plan.heaviest().context == "peer_group"  # type: ignore[union-attr]
    assert first.plan is not None and first.plan.heaviest().context == "location"  # type: ignore[union-attr]
    assert any(a.is_carried for a in plan.actions()) and any(not a.is_carried for a in plan.actions())
    assert plan.carried_from(Side.YOUNG_PEOPLE) is not None
    # Young people's strengths were checked and kept (marker line deleted); the rest is written afresh.
    kept = second.findings[Side.YOUNG_PEOPLE]
    assert kept.strengths == first.findings[Side.YOUNG_PEOPLE].strengths
    assert kept.concerns != first.findings[Side.YOUNG_PEOPLE].concerns
    assert not any(
        text.startswith("[Carried forward")
        for f in second.findings.values()
        for text in (f.strengths, f.concerns, f.evidence)
    )
    assert plan.earlier is not None and plan.earlier.id == first.id
    outcomes = {plan.earlier.outcome(a) for a in plan.earlier.actions}
    assert "Done" in outcomes and any(o.startswith("Carried forward") for o in outcomes)
    assert first.plan is not None and len(first.plan.reviews) == 2
    assert first.plan.last_review().decision is Decision.REASSESS  # type: ignore[union-attr]
    rows = compare_assessments(first, second)
    assert [r.direction for r in rows] == [Direction.SAME, Direction.BETTER, Direction.BETTER]
    assert second.rating(Side.GUARDIANSHIP) is Rating.AMBER and first.rating(Side.GUARDIANSHIP) is Rating.RED
    for action in [*plan.actions(), *first.plan.actions()]:
        assert "(fictional)" in action.lead


def test_report_of_the_reassessment_has_the_plan_pages(demo: Store, tmp_path: Path) -> None:
    (location,) = demo.locations.find_by_name("Brenchley Gardens")
    second = demo.assessments.for_location(location.id)[1]
    form = FormLibrary.load().get(second.form_id, second.form_version)
    out = export_assessment_report(
        location, second, form, tmp_path / "r.pdf", generated_at=datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    )
    text = collapse(read_pdf(out).text)
    for expected in (
        "From findings to a plan",
        "Compared with the assessment of 3 March 2026",
        "Better (safer)",
        "Heaviest context: A peer group (8/10)",
        "Safety goals and action plan",
        "Business improvement district",
        "Overdue (last marked at risk)",  # the Station Road lamps were due on 27 November 2026
        "Last decision",
        "17 December 2026",
        "Previous actions (assessment of 3 March 2026) and what became of them",
        "Carried forward into this plan",
        "Carried forward from the assessment of 3 March 2026",
        "Bandstand (carried forward)",  # the map's pin table
        "Map of the place",
        "Photo appendix",
        "Consultations",
    ):
        assert expected in text, expected
