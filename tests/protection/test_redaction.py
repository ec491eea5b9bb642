"""Redaction by substitution: rules of the engine, and no registered real name in a redacted PDF."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from safeguarding.evidence.photos import import_photo
from safeguarding.forms import FormDefinition
from safeguarding.model import (
    Consultation,
    ConsultationMethod,
    MapPin,
    Observation,
    Person,
    PersonRole,
    Side,
)
from safeguarding.plan.records import Action
from safeguarding.protection.redaction import RedactionLog, Redactor, check_names, redact_copies, without_accents
from safeguarding.reports.export import FULL_COPY, REDACTED_COPY, export_assessment_report
from tests.protection.conftest import Scene, png_bytes
from tests.reports.pdfread import read_pdf

ZOE = Person("a", "Zoë Green", "Young person A")
LUKASZ = Person("a", "Łukasz Nowak", "Young person B", other_names="Luki")
AHMED_RU = Person("a", "Ахмед Иванов", "Young person C")
AHMED_AR = Person("a", "أحمد", "Young person D", role=PersonRole.OTHER)
PERP = Person("a", "Darren O'Neill", "Adult X", role=PersonRole.ALLEGED_PERPETRATOR)
PEOPLE = [ZOE, LUKASZ, AHMED_RU, AHMED_AR, PERP]


def redact(text: str) -> str:
    return Redactor(PEOPLE).redact(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zoë Green was seen.", "Young person A was seen."),
        ("ZOË  GREEN and zoë\ngreen", "Young person A and Young person A"),
        ("Zoë's bag; Zoë’s coat", "Young person A's bag; Young person A’s coat"),
        ("Zoe (no accent) and Lukasz", "Young person A (no accent) and Young person B"),
        (unicodedata.normalize("NFD", "Zoë said"), "Young person A said"),  # decomposed ë
        ("Łukasz met Nowak; Luki left", "Young person B met Young person B; Young person B left"),
        ("Ахмед и Иванов", "Young person C и Young person C"),
        ("رأيت أحمد وأحمد", "رأيت Young person D وYoung person D"),
        ("Darren O'Neill and O'Neill's car", "Adult X and Adult X's car"),
    ],
)
def test_names_are_replaced_in_every_form(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the green space by the bandstand",  # a common-word surname, lower case: left alone
        "Zoëy and Greenwich and Łukaszewski",  # inside longer words
        "Darrent",
    ],
)
def test_words_that_are_not_the_names_are_left_alone(text: str) -> None:
    assert redact(text) == unicodedata.normalize("NFC", text)


def test_a_capitalised_common_word_surname_is_replaced_and_shown_in_the_preview() -> None:
    log = RedactionLog()
    assert Redactor(PEOPLE).redact("Green left at six.", "Visit 1: notes", log) == "Young person A left at six."
    (item,) = log.replacements
    assert (item.found, item.pseudonym, item.where, item.count) == ("Green", "Young person A", "Visit 1: notes", 1)


def test_longest_name_wins_and_pseudonyms_are_not_rewritten() -> None:
    people = [Person("a", "Ann", "Young person Ann-Marie"), Person("a", "Ann Marie", "Young person B")]
    # "Ann" inside the first pseudonym is not replaced again (one pass).
    assert Redactor(people).redact("Ann Marie and Ann") == "Young person B and Young person Ann-Marie"


def test_redacted_copies_change_every_string_and_not_the_originals(scene: Scene, form: FormDefinition) -> None:
    store, assessment = scene.store, scene.assessment
    assessment.analysis = "Zoë Green is drawn here by Darren O'Neill."
    assessment.findings[Side.YOUNG_PEOPLE].answers = {"groups": "Łukasz and friends"}
    _, copy, log = redact_copies(scene.location, assessment, PEOPLE)
    assert copy.analysis == "Young person A is drawn here by Adult X."
    assert copy.findings[Side.YOUNG_PEOPLE].answers == {"groups": "Young person B and friends"}
    assert assessment.analysis.startswith("Zoë Green")  # the original is untouched
    wheres = {item.where for item in log.replacements}
    assert "Analysis" in wheres and "Young people side: answers" in wheres
    assert not check_names(PEOPLE, copy.analysis)
    assert store  # keeps the fixture open


def _fill_everywhere(scene: Scene) -> None:
    """Put the names in every section of the assessment that reaches the report."""
    store, assessment, location = scene.store, scene.assessment, scene.location
    location.referral_reason = "Zoë Green's school raised concerns about Darren O'Neill."
    store.locations.update(location)
    assessment.scope_boundary = "Where Łukasz Nowak lives nearby"
    assessment.analysis = "Ахмед Иванов and Zoë are groomed by Darren O'Neill; أحمد also seen."
    assessment.recommendation = "Protect ZOË GREEN."
    for side in Side:
        finding = assessment.findings[side]
        finding.strengths = f"{side.label}: Łukasz trusts the warden."
        finding.concerns = "Darren O'Neill approaches Zoë Green."
        finding.evidence = "Иванов told staff."
    store.assessments.save(assessment)
    store.assessments.save_observation(
        assessment.id,
        Observation(
            start=datetime(2026, 11, 3, 16, 0, tzinfo=UTC),
            end=datetime(2026, 11, 3, 17, 0, tzinfo=UTC),
            observer="Sam Practitioner",
            notes="Zoë's friends and Lukasz by the bandstand; O'Neill's car parked.",
            activities="Ахмед playing football",
            guardians="Warden spoke to Zoë",
        ),
    )
    store.consultations.save(
        assessment.id,
        Consultation(
            "Café manager", ConsultationMethod.CONVERSATION, date(2026, 11, 4), said="Darren O'Neill buys food."
        ),
    )
    store.maps.save_pin(assessment.id, MapPin(51.2776, 0.5196, "gathering", "Zoë's bench", "Łukasz sits here"))
    store.photos.add(assessment.id, import_photo(png_bytes(), "a.png"), caption="Where Darren O'Neill waits")
    goal = store.plan.add_goal(assessment.id, Side.GUARDIANSHIP, "Zoë Green has a trusted adult")
    agency = store.plan.agencies()[0]
    store.plan.add_action(
        Action(goal_id=goal.id, description="Disrupt Darren O'Neill", agency_id=agency.id, lead="PC Example"),
        note="Łukasz Nowak told us",
    )
    for person in PEOPLE:
        store.people.save(Person(assessment.id, person.real_name, person.pseudonym, person.role, person.other_names))


def _flat(path: Path) -> str:
    return unicodedata.normalize("NFKC", read_pdf(path).text)


def test_redacted_pdf_contains_no_registered_name(scene: Scene, form: FormDefinition, tmp_path: Path) -> None:
    _fill_everywhere(scene)
    store = scene.store
    assessment = store.assessments.get(scene.assessment.id)
    location = store.locations.get(scene.location.id)
    people = store.people.of_assessment(assessment.id)

    full = export_assessment_report(location, assessment, form, tmp_path / "full.pdf")
    full_text = _flat(full)
    assert FULL_COPY in full_text
    for name in ("Zoë Green", "Łukasz", "Ахмед Иванов", "Darren O'Neill"):
        assert name in full_text  # the full copy is complete, so the check below is not vacuous

    redacted = export_assessment_report(
        location, assessment, form, tmp_path / "redacted.pdf", redacted=True, people=people
    )
    text = _flat(redacted)
    assert REDACTED_COPY in text and FULL_COPY not in text
    folded = without_accents(text).casefold()
    for person in people:
        for part in person.real_name.split() + person.other_names.split():
            assert without_accents(part).casefold().replace("'", "") not in folded.replace("'", ""), part
    for pseudonym in ("Young person A", "Young person B", "Young person C", "Adult X"):
        assert pseudonym in text
    assert not check_names(people, text)
    assert "أحمد" not in text and "احمد" not in text
    # The source records keep the real names: only the export is redacted.
    assert store.assessments.get(assessment.id).recommendation == "Protect ZOË GREEN."


def test_cli_export_redacted(scene: Scene, form: FormDefinition, tmp_path: Path) -> None:
    from app.cli import main

    store, assessment = scene.store, scene.assessment
    assessment.analysis = "Zoë Green was seen with Łukasz Nowak."
    store.assessments.save(assessment)
    for person in (ZOE, LUKASZ):
        store.people.save(Person(assessment.id, person.real_name, person.pseudonym))
    store.close()
    out = tmp_path / "cli.pdf"
    assert main(["export", str(scene.path), "--location", "Brenchley Gardens", "--out", str(out), "--redacted"]) == 0
    text = _flat(out)
    assert REDACTED_COPY in text and "Young person A was seen with Young person B." in text
    assert "Zoë" not in text and "Łukasz" not in text


def test_cli_export_uses_the_answers_given_in_the_preview_and_says_what_is_unanswered(
    scene: Scene, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main
    from safeguarding.forms import FormLibrary
    from safeguarding.store import open_store
    from safeguarding.workflows.export import read_report, unanswered_doubts

    store, assessment = scene.store, scene.assessment
    assessment.analysis = "Zoë was seen by the gate. The lighting is rated Green."
    store.assessments.save(assessment)
    store.people.save(Person(assessment.id, ZOE.real_name, ZOE.pseudonym))
    store.close()
    command = ["export", str(scene.path), "--location", "Brenchley Gardens", "--redacted"]

    assert main([*command, "--out", str(tmp_path / "unanswered.pdf")]) == 0
    said = capsys.readouterr().err
    assert 'Note: 1 use of a recorded name that is also an everyday word ("Green") was replaced' in said
    assert "rated Young person A." in _flat(tmp_path / "unanswered.pdf")  # replaced while not answered

    store = open_store(scene.path)  # the window's preview: untick "rated Green", the lighting rating
    try:
        request = read_report(store, FormLibrary.load(), assessment.id, redacted=True)
        (doubt,) = unanswered_doubts(request)
        assert (doubt.found, doubt.replaced) == ("Green", True)
        store.redaction_decisions.remember(assessment.id, {doubt.key: False})
        assert unanswered_doubts(read_report(store, FormLibrary.load(), assessment.id, redacted=True)) == []
    finally:
        store.close()

    assert main([*command, "--out", str(tmp_path / "answered.pdf")]) == 0
    assert "Note:" not in capsys.readouterr().err
    text = _flat(tmp_path / "answered.pdf")
    assert "Young person A was seen by the gate. The lighting is rated Green." in text
    assert "Zoë" not in text


def test_other_names_are_phrases_never_split_into_words() -> None:
    from safeguarding.model import Person, PersonRole
    from safeguarding.protection.redaction import Redactor

    person = Person(
        assessment_id="a",
        real_name="Zoë Kowalska",
        pseudonym="Young person A",
        role=PersonRole.YOUNG_PERSON,
        other_names="Little Z\nMs Abu Bakr",
    )
    text = "A little later Ms Smith drove to Abu Dhabi; Little Z and Ms Abu Bakr were there with Zoë."
    redacted = Redactor([person]).redact(text)
    assert redacted == (
        "A little later Ms Smith drove to Abu Dhabi; Young person A and Young person A were there with Young person A."
    )


def test_titles_in_a_real_name_are_not_replaced_alone() -> None:
    from safeguarding.model import Person, PersonRole
    from safeguarding.protection.redaction import Redactor

    person = Person(assessment_id="a", real_name="Mr Łukasz Nowak", pseudonym="Adult B", role=PersonRole.OTHER)
    assert Redactor([person]).redact("Mr Smith met Nowak; Łukasz left.") == "Mr Smith met Adult B; Adult B left."


def test_folding_maps_what_keyboards_and_pastes_produce() -> None:
    from safeguarding.protection.name_matching import fold

    typed = "\uff2f\u2019\u0411\u0280 O\u02bcB\u00adR\u200bI\u2060E\ufeffN \u2013 Se\u0301an"
    assert fold(typed).text == "o'бʀ o'brien - sean"
    folded = fold("x O\u00adBrien y")
    start = folded.text.index("obrien")
    assert folded.span(start, start + 6) == (2, 9)  # back onto the source, soft hyphen inside


def test_a_redacted_report_that_still_names_someone_is_refused_and_not_written(
    scene: Scene, form: FormDefinition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safeguarding.protection.leak_check import RedactionLeakError
    from safeguarding.reports import export as export_module

    scene.assessment.analysis = "Zoë Green was seen by the bandstand."
    scene.location.referral_reason = "Raised by Zoë Green's school."
    out = tmp_path / "redacted.pdf"
    out.write_bytes(b"an earlier report")

    def forgetful(location, assessment, people, decisions=None):  # type: ignore[no-untyped-def]
        copied_location, copied, log = redact_copies(location, assessment, people, decisions)
        copied_location.referral_reason = location.referral_reason  # a section that skips redaction
        return copied_location, copied, log

    monkeypatch.setattr(export_module, "redact_copies", forgetful)
    with pytest.raises(RedactionLeakError) as caught:
        export_assessment_report(scene.location, scene.assessment, form, out, redacted=True, people=[ZOE])
    message = str(caught.value)
    assert "was not saved" in message and "Young person A" in message and "Zoë" not in message
    assert caught.value.leaks[0].place == "the cover page \u203a \u201cReferral\u201d"
    assert out.read_bytes() == b"an earlier report"
    assert not list(tmp_path.glob(".redacted.*"))


def test_the_pdf_read_back_catches_what_the_paragraph_check_cannot_see(
    scene: Scene, form: FormDefinition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safeguarding.protection.leak_check import RedactionLeakError
    from safeguarding.reports import export as export_module

    monkeypatch.setattr(export_module, "story_pieces", lambda story: [])  # as if a flowable hid its text
    monkeypatch.setattr(
        export_module, "redact_copies", lambda loc, assessment, people, decisions: (loc, assessment, RedactionLog())
    )
    scene.assessment.analysis = "Łukasz Nowak was seen."
    with pytest.raises(RedactionLeakError) as caught:
        export_assessment_report(
            scene.location, scene.assessment, form, tmp_path / "r.pdf", redacted=True, people=[LUKASZ]
        )
    assert {leak.pseudonym for leak in caught.value.leaks} == {"Young person B"}
    assert caught.value.leaks[0].place.startswith("page ")
    assert not (tmp_path / "r.pdf").exists()


def test_csv_and_geojson_are_read_back_by_place(tmp_path: Path) -> None:
    from safeguarding.protection.leak_check import csv_pieces, find_leaks, json_pieces

    table = tmp_path / "plan.csv"
    table.write_text("Action,Lead\r\nDisrupt O\u2019Neill,PC Example\r\n", encoding="utf-8")
    geo = tmp_path / "map.geojson"
    geo.write_text('{"features": [{"properties": {"label": "ok"}}, {"properties": {"notes": "DARREN here"}}]}')
    leaks = find_leaks(Redactor([PERP]), [*csv_pieces(table), *json_pieces(geo)])
    assert [leak.place for leak in leaks] == [
        "row 2, column \u201cAction\u201d",
        "features \u203a feature 2 \u203a properties \u203a notes",
    ]
