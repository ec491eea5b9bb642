"""Any text a field accepts prints in the DCSM report, however long: 20,000 characters in every text field.

Each field gets its own words ("aaq0 aaq1 ..."), so the PDF read back shows that
every word of every field is printed: long cells continue across pages rather
than the export failing ("too large on page") or cutting the text.
"""

from __future__ import annotations

import io
import itertools
import string
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from safeguarding.evidence.photos import import_photo
from safeguarding.forms import FormLibrary
from safeguarding.model import (
    Consultation,
    ConsultationMethod,
    Location,
    MapPin,
    Observation,
    Rating,
    Side,
)
from safeguarding.plan.records import Action, ActionStatus, ContextWeight, Decision, Review
from safeguarding.store import Store
from safeguarding.store import locations as locations_store
from safeguarding.store.map_features import MAX_LABEL
from safeguarding.workflows.export import read_report, write_report
from safeguarding.workflows.reassess import reassess
from tests.local_forms import local_form_text, write_forms
from tests.reports.pdfread import read_pdf

LENGTH = 20_000

_tags = ("".join(pair) + "q" for pair in itertools.product(string.ascii_lowercase, repeat=2))


class LongTexts:
    """Hands out 20,000-character texts made of words only that field uses, and remembers them."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def __call__(self, field: str, length: int = LENGTH) -> str:
        tag = next(_tags)
        words = (f"{tag}{number}" for number in itertools.count())
        text = ""
        while len(text) < length:
            text += next(words) + " "
        self.fields[field] = text[:length].rstrip()
        return self.fields[field]


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 120, 80)).save(out, format="JPEG")
    return out.getvalue()


def _fill(store: Store, forms: FormLibrary, text: LongTexts) -> str:
    """An earlier assessment with a plan, its reassessment with every record; every text field long."""
    form = forms.current()
    location = store.locations.add(
        Location(
            name=text("location name"),
            address=text("address"),
            ward=text("ward"),
            district=text("district"),
            place_type=text("type of place"),
            latitude=51.2776,
            longitude=0.5196,
            referral_reason=text("reason for referral"),
            referral_date=date(2026, 2, 1),
            referral_source=text("referral source"),
        )
    )
    earlier = store.assessments.create(location.id, form, start_date=date(2026, 3, 1))
    agency = store.plan.add_agency(text("agency name"))
    goal = store.plan.add_goal(earlier.id, Side.GUARDIANSHIP, "Trusted adults are present after school.")
    old_action = store.plan.add_action(
        Action(goal_id=goal.id, description=text("earlier action"), agency_id=agency.id, due_date=date(2026, 6, 1))
    )
    store.plan.record_progress(
        old_action.id, text("earlier action's last update"), ActionStatus.DONE, happened_on=date(2026, 5, 1)
    )

    assessment = reassess(store, earlier.id, form, start_date=date(2026, 10, 1))
    assessment.assessor_name = text("assessor name")
    assessment.assessor_agency = text("assessor agency")
    assessment.scope_boundary = text("boundary")
    assessment.scope_times = text("days and times")
    assessment.analysis = text("analysis")
    assessment.recommendation = text("recommendation")
    for side in Side:
        finding = assessment.findings[side]
        finding.strengths = text(f"{side.value} strengths")
        finding.concerns = text(f"{side.value} concerns")
        finding.evidence = text(f"{side.value} evidence")
        finding.rating = Rating.AMBER
    assessment.findings[Side.YOUNG_PEOPLE].answers["youth_offer"] = text("local field youth_offer")
    assessment.findings[Side.ENVIRONMENT].answers["local_note"] = text("local field local_note")
    store.assessments.save(assessment)

    start = datetime(2026, 10, 14, 15, 30, tzinfo=UTC)
    visit = store.assessments.save_observation(
        assessment.id,
        Observation(
            start=start,
            end=start + timedelta(hours=2),
            observer=text("observer"),
            weather=text("weather"),
            light="dusk",
            notes=text("visit notes"),
            activities=text("activities"),
            guardians=text("guardians"),
            sides={Side.YOUNG_PEOPLE},
        ),
    )
    store.consultations.save(
        assessment.id,
        Consultation(
            consulted=text("who was consulted"),
            method=ConsultationMethod.WALKABOUT,
            held_on=date(2026, 10, 20),
            said=text("what they said"),
        ),
    )
    store.maps.save_pin(
        assessment.id,
        MapPin(
            latitude=51.2777,
            longitude=0.5197,
            category="cctv",
            label=text("pin label", MAX_LABEL),
            notes=text("pin notes"),
        ),
    )
    store.photos.add(
        assessment.id, import_photo(_jpeg(), "bandstand.jpg"), caption=text("photo caption"), observation_id=visit.id
    )
    store.plan.save_weights(
        assessment.id,
        [ContextWeight(context="own_words", label=text("context in own words"), weight=7, rationale=text("why"))],
    )
    new_goal = store.plan.add_goal(assessment.id, Side.ENVIRONMENT, text("safety goal"))
    store.plan.add_action(
        Action(
            goal_id=new_goal.id,
            description=text("action"),
            agency_id=agency.id,
            lead=text("named lead"),
            measure=text("measure"),
            due_date=date(2026, 12, 1),
            status=ActionStatus.ON_TRACK,
        )
    )
    review = store.plan.save_review(
        Review(assessment_id=assessment.id, meeting_date=date(2026, 11, 10), agencies_present=[agency.name])
    )
    review.decision = Decision.CONTINUE
    review.notes = text("review notes")
    store.plan.finalise_review(review)
    return assessment.id


def test_a_report_with_20000_characters_in_every_text_field_exports_whole(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forms = FormLibrary.load(write_forms(tmp_path / "forms", local_form_text()))
    text = LongTexts()
    with monkeypatch.context() as before_the_limit:  # a location name saved before names were limited to 200
        before_the_limit.setattr(locations_store, "validate_location", lambda *args, **kwargs: None)
        assessment_id = _fill(store, forms, text)

    out = write_report(read_report(store, forms, assessment_id), tmp_path / "long.pdf")

    pdf = read_pdf(out)
    printed = set(pdf.text.split())
    missing = {
        field: [word for word in words.split() if word not in printed][:3]
        for field, words in text.fields.items()
        if any(word not in printed for word in words.split())
    }
    assert missing == {}
    assert len(text.fields) >= 40
    assert len(pdf.pages) > 100
