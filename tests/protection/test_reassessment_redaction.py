"""A reassessment's redacted report never prints a name recorded for the place."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from safeguarding.forms import FormDefinition
from safeguarding.model import Location, Person, PersonRole, Side
from safeguarding.reports import export_assessment_report
from safeguarding.store import Store
from safeguarding.workflows.reassess import reassess


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_reassessment_carries_people_and_redacts_them(store: Store, form: FormDefinition, tmp_path: Path) -> None:
    location = store.locations.add(Location(name="Mote Park skate area"))
    first = store.assessments.create(location.id, form)
    first.findings[Side.YOUNG_PEOPLE].concerns = "Zoë Kowalska seen getting into Łukasz Nowak's car."
    store.assessments.save(first)
    store.people.save(Person(first.id, "Zoë Kowalska", "Young person A", PersonRole.YOUNG_PERSON))
    store.people.save(Person(first.id, "Łukasz Nowak", "Adult B", PersonRole.ALLEGED_PERPETRATOR))

    second = reassess(store, first.id, form)
    assert {p.real_name for p in store.people.of_assessment(second.id)} == {"Zoë Kowalska", "Łukasz Nowak"}
    assert "Zoë Kowalska" in second.findings[Side.YOUNG_PEOPLE].concerns  # carried forward, unredacted in the app

    # Even if someone removes them from the reassessment's list, names recorded for the place still count.
    for person in store.people.of_assessment(second.id):
        store.people.remove(person.id)
    people = store.people.for_redaction(second.id)
    assert {p.pseudonym for p in people} == {"Young person A", "Adult B"}

    out = export_assessment_report(
        location, store.assessments.get(second.id), form, tmp_path / "r.pdf", redacted=True, people=people
    )
    text = _pdf_text(out)
    for name in ("Zoë", "Kowalska", "Łukasz", "Nowak"):
        assert name not in text
    assert "Young person A" in text and "Adult B" in text
