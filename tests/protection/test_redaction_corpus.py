"""A corpus of names as people really type them, through the real redacted export, the PDF read back.

Each line of the corpus marks the names in it with ``[...]``; everything else is
ordinary text that must come out unchanged. A simulated user answers the
preview the way the assessor would (replace exactly the marked names), then
the redacted PDF is read back and two figures are computed independently of the
redaction code (by comparing words):

* **registered-name forms left**: marked spellings still in the redacted PDF;
* **ordinary words wrongly replaced**: unmarked words spelled like a
  registered name form ("will", "Green" as a rating, "mo") missing from it.

Both must be 0 (recorded in docs/redaction.md). Run with ``-s`` to see them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from safeguarding.forms import FormDefinition
from safeguarding.model import Person
from safeguarding.protection.leak_check import RedactionLeakError, verify_file
from safeguarding.protection.name_matching import fold_name, name_forms
from safeguarding.protection.redaction import Redactor, redact_copies
from safeguarding.reports.export import export_assessment_report
from tests.protection.conftest import Scene
from tests.reports.pdfread import read_pdf

PEOPLE = [
    Person("a", "Liam O'Brien", "Young person A"),
    Person("a", "Sean Murphy", "Young person B"),  # registered without the accent that notes use
    Person("a", "Zoë Green", "Young person C"),
    Person("a", "Anna Kowalska-Smith", "Young person D"),
    Person("a", "Will Young", "Young person E"),
    Person("a", "Pádraig Ó Súilleabháin", "Young person F"),
    Person("a", "Łukasz Wójcik", "Young person G"),
    Person("a", "Jay Patel", "Young person H"),
    Person("a", "Mo Ahmed", "Young person I"),
    Person("a", "Siobhán Ní Bhriain", "Young person J"),  # registered with accents that notes leave out
    Person("a", "Zuzanna Wiśniewska", "Young person K", other_names="Zuzia"),
]

CORPUS: list[tuple[str, str]] = [
    (
        "Seen: [O\u2019Brien] by the gate at 16:10, [O\u2019Brien]\u2019s bike left by the bench.",
        "Seen: Young person A by the gate at 16:10, Young person A\u2019s bike left by the bench.",
    ),
    (
        "[OBrien] and [O BRIEN] again, then [o\u2019brien]\u2019s mate.",
        "Young person A and Young person A again, then Young person A\u2019s mate.",
    ),
    (
        "Variants: [O\u2018Brien], [O\u02bcbrien], [O`Brien], [O\u2032Brien], [O\u00b4Brien], [O\uff07Brien].",
        "Variants: Young person A, Young person A, Young person A, Young person A, Young person A, Young person A.",
    ),
    (
        "[Se\u00e1n] and [SE\u00c1N MURPHY] were with [se\u00e1n]; [Murphy]'s phone.",
        "Young person B and Young person B were with Young person B; Young person B's phone.",
    ),
    (
        "[Siobhan] told staff; [SIOBH\u00c1N N\u00cd BHRIAIN] confirmed; [Bhriain] left.",
        "Young person J told staff; Young person J confirmed; Young person J left.",
    ),
    (
        "[GREEN] was seen with [Zo\u00eb]; the green space was busy; the site was rated Green overall.",
        "Young person C was seen with Young person C; the green space was busy; the site was rated Green overall.",
    ),
    (
        "[Kowalska] met [Smith] at the shop; a [Kowalska\u2013Smith] sibling; [KOWALSKA SMITH] in capitals.",
        "Young person D met Young person D at the shop; a Young person D sibling; Young person D in capitals.",
    ),
    (
        "Pasted from an e-mail: [Kowal\u00adska], [Ko\u200dwalska], [W\u00f3\u200bjcik] and [\u2060Zo\u00eb\ufeff].",
        "Pasted from an e-mail: Young person D, Young person D, Young person G and Young person C.",
    ),
    (
        "We will return in May. [Will] said he will come back. Will the council fund it? WE WILL RETURN SOON. "
        "Staff spoke to [Will] about it; young people agree.",
        "We will return in May. Young person E said he will come back. Will the council fund it? WE WILL RETURN "
        "SOON. Staff spoke to Young person E about it; young people agree.",
    ),
    (
        "[P\u00e1draig] and [Padraig]; [O Suilleabhain] and [\u00d3 S\u00daILLEABH\u00c1IN]; "
        "[P\u00e1draig]\u2019s coat.",
        "Young person F and Young person F; Young person F and Young person F; Young person F\u2019s coat.",
    ),
    (
        "[\u0141ukasz] and [Lukasz] and [\u0141UKASZ W\u00d3JCIK]; [\uff2c\uff55\uff4b\uff41\uff53\uff5a] typed "
        "full-width; [Lukaszs] phone.",
        "Young person G and Young person G and Young person G; Young person G typed full-width; Young person G\u2019s "
        "phone.",
    ),
    (
        "[Jay] and [Mo] were by the bandstand; wait a mo, said the warden; a jay flew over.",
        "Young person H and Young person I were by the bandstand; wait a mo, said the warden; a jay flew over.",
    ),
    (
        "[Zuzia] and [Zuzanna] and [Wisniewska] and [ZUZIA].",
        "Young person K and Young person K and Young person K and Young person K.",
    ),
    ("[Anna\nKowalska-Smith] was seen near [Zo\u00eb\nGreen].", "Young person D was seen near Young person C."),
    ("[\uff27\uff32\uff25\uff25\uff2e] in full-width capitals.", "Young person C in full-width capitals."),
    (
        "[zoe] typed in lower case by a phone; [Zoes] bag.",
        "Young person C typed in lower case by a phone; Young person C\u2019s bag.",
    ),
    (
        "Annual review at Greenwich; Smithfield and Willow Lane; Seanna and Anneliese; Murphys Yard.",
        "Annual review at Greenwich; Smithfield and Willow Lane; Seanna and Anneliese; Murphys Yard.",
    ),
]
KNOWN_GAPS = ["Spoke to Kowalskiej\u2019s mother."]
"""Not caught (documented in the README): a Polish case ending not listed under Other names."""

MARK = re.compile(r"\[([^\]]*)\]")


def _source(line: str) -> tuple[str, list[tuple[int, int]]]:
    """The line without marks, and the spans of the marked names in it."""
    text, spans, last = "", [], 0
    for match in MARK.finditer(line):
        text += line[last : match.start()]
        spans.append((len(text), len(text) + len(match.group(1))))
        text += match.group(1)
        last = match.end()
    return text + line[last:], spans


def _ngrams(text: str, size: int) -> Counter[tuple[str, ...]]:
    words = fold_name(text).split()
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def _count(text: str, phrase: str) -> int:
    words = tuple(fold_name(phrase).split())
    return _ngrams(text, len(words))[words] if words else 0


def _pdf_lines(path: Path) -> dict[int, str]:
    pages = [page.rsplit("OFFICIAL-SENSITIVE", 2)[0] for page in read_pdf(path).pages]  # drop page furniture
    text = " ".join(" ".join(unicodedata.normalize("NFKC", " ".join(pages)).split()).split())
    return {int(number): body.strip() for number, body in re.findall(r"Line (\d\d): (.*?)(?= Line \d\d: |$)", text)}


def _analysis(lines: list[str]) -> str:
    return "\n\n".join(f"Line {number:02d}: {line}" for number, line in enumerate(lines, start=1)) + "\n\nLine 99: end"


@pytest.fixture
def corpus_scene(scene: Scene) -> Scene:
    sources = [_source(line)[0] for line, _ in CORPUS]
    scene.assessment.analysis = _analysis([*sources, *KNOWN_GAPS])
    scene.store.assessments.save(scene.assessment)
    for person in PEOPLE:
        scene.store.people.save(
            Person(scene.assessment.id, person.real_name, person.pseudonym, other_names=person.other_names)
        )
    return scene


def _answers(scene: Scene) -> tuple[dict[str, bool], int]:
    """Answer the preview like the assessor: replace exactly the marked names. Returns answers and rows asked."""
    store, assessment = scene.store, store_assessment(scene)
    people = store.people.for_redaction(assessment.id)
    _, _, log = redact_copies(scene.location, assessment, people)
    offsets, position = [], len("Line 01: ")
    for number, (line, _) in enumerate(CORPUS, start=1):
        text, spans = _source(line)
        offsets.append([(position + a, position + b) for a, b in spans])
        position += len(text) + len(f"\n\nLine {number + 1:02d}: ")
    marked = [span for spans in offsets for span in spans]
    answers = {}
    for item in log.occurrences:
        assert item.where == "Analysis"
        answers[item.key] = any(a < item.end and item.start < b for a, b in marked)
    return answers, len(log.doubtful)


def store_assessment(scene: Scene):  # type: ignore[no-untyped-def]
    return scene.store.assessments.get(scene.assessment.id)


def _figures(path: Path) -> tuple[int, int, list[int]]:
    """(registered-name forms left, ordinary words wrongly replaced, lines that differ) in a redacted PDF."""
    printed = _pdf_lines(path)
    forms = {form.text for person in PEOPLE for form in name_forms(person)}
    left = wrong = 0
    differ = []
    for number, (line, expected) in enumerate(CORPUS, start=1):
        out = printed.get(number, "")
        if not out.startswith(" ".join(expected.split())):
            differ.append(number)
        text, spans = _source(line)
        for spelling in {text[a:b] for a, b in spans}:
            left += max(0, _count(out, spelling) - _count(expected, spelling))
        unmarked = MARK.sub(" ", line)
        for form in forms:
            wrong += max(0, min(_count(unmarked, form), _count(expected, form)) - _count(out, form))
    return left, wrong, differ


def test_corpus_through_the_real_redacted_export(corpus_scene: Scene, form: FormDefinition, tmp_path: Path) -> None:
    store, scene = corpus_scene.store, corpus_scene
    assessment = store_assessment(scene)
    people = store.people.for_redaction(assessment.id)
    answers, asked = _answers(scene)
    store.redaction_decisions.remember(assessment.id, answers)
    decisions = store.redaction_decisions.for_assessment(assessment.id)

    proposed = export_assessment_report(
        scene.location, assessment, form, tmp_path / "proposed.pdf", redacted=True, people=people
    )
    answered = export_assessment_report(
        scene.location, assessment, form, tmp_path / "answered.pdf", redacted=True, people=people, decisions=decisions
    )
    before = _figures(proposed)
    left, wrong, differ = _figures(answered)
    print(
        f"\nRedaction corpus: {len(CORPUS)} lines, {sum(len(_source(line)[1]) for line, _ in CORPUS)} marked names, "
        f"{asked} doubtful matches asked. Before answering: {before[0]} name forms left, {before[1]} ordinary words "
        f"replaced. After answering: {left} name forms left, {wrong} ordinary words wrongly replaced."
    )
    assert (left, wrong, differ) == (0, 0, [])
    assert before[0] == 0  # the proposal, unanswered, already leaves no name: doubtful ones default to replace
    # The known gap stays as typed (the README says so); listing the inflected form under Other names catches it.
    assert "Kowalskiej" in " ".join(read_pdf(answered).text.split())


def test_the_read_back_finds_names_split_across_pdf_lines(
    corpus_scene: Scene, form: FormDefinition, tmp_path: Path
) -> None:
    """The full copy wraps names across lines and pages; the read-back finds them all the same."""
    assessment = store_assessment(corpus_scene)
    people = corpus_scene.store.people.for_redaction(assessment.id)
    full = export_assessment_report(corpus_scene.location, assessment, form, tmp_path / "full.pdf")
    flat = read_pdf(full).text
    assert "Young person" not in flat
    with pytest.raises(RedactionLeakError) as caught:
        verify_file(full, Redactor(people), headings=["Summary"], what="redacted report")
    pseudonyms = {leak.pseudonym for leak in caught.value.leaks}
    assert pseudonyms == {person.pseudonym for person in PEOPLE} - {
        "Young person E",
        "Young person H",
        "Young person I",
    }
    assert all(leak.place.startswith("page ") for leak in caught.value.leaks)
    assert "Liam" not in str(caught.value) and "page" in str(caught.value)
