"""The meeting's papers read back as a chair reads them: the pack (cover, front sheets, tracker), minutes, CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest

from safeguarding.errors import ExportError
from safeguarding.meetings.tracker import CSV_COLUMNS
from safeguarding.model import Person, PersonRole
from safeguarding.reports.export import FULL_COPY, PROTECTIVE_MARKING, REDACTED_COPY
from safeguarding.store import Store
from safeguarding.workflows import meeting_papers as papers
from tests.reports.pdfread import ReadPdf, collapse, read_pdf

NOVEMBER = date(2026, 11, 19)
DECEMBER = date(2026, 12, 17)
HEADINGS = ("Place ratings and direction of travel", "Overdue actions", "Action tracker", "Agenda", "Discussion")


def _pack(store: Store, when: date, out: Path, *, redacted: bool = False) -> ReadPdf:
    return read_pdf(papers.write_pack(papers.read_pack(store, when, redacted=redacted), out))


def _check_pages(pdf: ReadPdf, copy: str = FULL_COPY) -> None:
    """Every page marked and numbered, none blank, no heading left at the foot of a page."""
    total = len(pdf.pages)
    for number, text in enumerate(pdf.pages, start=1):
        assert text.count(PROTECTIVE_MARKING) >= 2, f"page {number} lacks the marking"
        assert f"Page {number} of {total}" in text and copy in text
        body = [
            line.strip()
            for line in text.splitlines()
            if line.strip() and PROTECTIVE_MARKING not in line and "Page " not in line and copy not in line
        ]
        assert len(body) > 3, f"page {number} is blank"
        assert not any(body[-2].startswith(heading) for heading in HEADINGS), f"heading stranded on page {number}"


def test_december_pack_cover_agenda_front_sheets_and_tracker(demo: Store, tmp_path: Path) -> None:
    pdf = _pack(demo, DECEMBER, tmp_path / "pack.pdf")
    _check_pages(pdf)
    cover = collapse(pdf.pages[0])
    assert "DCSM meeting pack" in cover and "Maidstone DCSM, Thursday 17 December 2026" in cover
    assert "DRAFT AGENDA" in cover and "DEMO DATA" in cover
    assert re.search(
        r"1 Brenchley Gardens Review due .* 2 Maidstone East station forecourt .* 3 North Week Street", cover
    )
    # One front sheet per item, each starting its own page, in agenda order.
    sheets = [collapse(page) for page in pdf.pages if "Front sheet" in page]
    assert [re.search(r"Item \d: [^\n]+?(?= Changed| Why)", s).group(0) for s in sheets] == [  # type: ignore[union-attr]
        "Item 1: Brenchley Gardens",
        "Item 2: Maidstone East station forecourt",
        "Item 3: North Week Street",
    ]
    brenchley = sheets[0]
    for expected in (
        "Changed since the DCSM of 19 November 2026: the plan.",
        "Why it is on the agenda Review due. Review set for 17 December 2026 at the DCSM of 19 November 2026.",
        "Decision sought Review progress on the plan: continue, close, escalate or reassess.",
        "Status On the plan",
        "Last decision Continue with the plan (19 November 2026)",
        "Next review 17 December 2026",
        "Then (at the DCSM of 19 November 2026)",
        "Guardianship Amber Amber No change",
        "Overdue actions (as on 17 December 2026)",
        "Repair the two Station Road path lamps",
        "Refer the peer group meeting in the park on Friday nights to the MACE panel",
    ):
        assert expected in brenchley, expected
    station = sheets[1]
    assert "Status Referred" in station and "No plan yet." in station
    assert "Last decision Accept the referral: assess the location (19 November 2026)" in station
    north = sheets[2]
    assert "Status Being assessed" in north and "Interim: PCSO presence at the bus stops" in north
    assert "Changed since the DCSM of 19 November 2026: the write-up of the sides." in north


def test_pack_tracker_is_grouped_by_agency_then_lead(demo: Store, tmp_path: Path) -> None:
    pdf = _pack(demo, DECEMBER, tmp_path / "pack.pdf")
    start = next(index for index, page in enumerate(pdf.pages) if "Action tracker" in page and "grouped" in page)
    tracker = collapse(" ".join(pdf.pages[start:]))
    groups = [
        "Borough council community protection (1)",
        "British Transport Police (1)",
        "Business improvement district (1)",
        "Children's social care (1)",
        "Police (2)",
    ]
    positions = [tracker.find(group) for group in groups]
    assert all(position >= 0 for position in positions) and positions == sorted(positions), positions
    police = tracker[tracker.find("Police (2)") :]
    assert police.find("Lead: PCSO D. Mercer (fictional)") < police.find("Lead: PCSO K. Byrne (fictional)")
    assert "Overdue (last marked at risk)" in tracker and "26 November 2026: Contractor did not attend" in tracker
    assert "6 actions across locations" in tracker and "3 overdue" in tracker


def test_finalised_pack_shows_what_the_meeting_saw(demo: Store, tmp_path: Path) -> None:
    pdf = _pack(demo, NOVEMBER, tmp_path / "pack.pdf")
    _check_pages(pdf)
    text = pdf.text
    assert "Finalised: what the meeting saw" in text and "DRAFT AGENDA" not in text
    # The lamps' status as the meeting heard it (on track), not the later "at risk".
    sheet = collapse(next(page for page in pdf.pages if "Item 1: Brenchley Gardens" in page))
    assert "Changed since" not in sheet
    assert "Raised by British Transport Police" in text


def test_minutes_of_the_finalised_meeting(demo: Store, tmp_path: Path) -> None:
    request = papers.read_minutes(demo, NOVEMBER)
    pdf = read_pdf(papers.write_minutes(request, tmp_path / "minutes.pdf"))
    _check_pages(pdf)
    text = pdf.text
    for expected in (
        "DCSM minutes: summary and plan",
        "Chair Dr A. Mensah, Children's Social Care (fictional)",
        "Insp. J. Patel (fictional), Police",
        "Apologies L. Brooks (fictional), Schools T. Grant (fictional), Licensing",
        "Item 1: Brenchley Gardens",
        "Decision Continue with the plan Next review 17 December 2026",
        "Reassessment presented: after school better, Friday and Saturday nights not.",
        "Two afternoons a week; Friday evenings not covered.",
        "Contractor booked for 26 November.",
        "New actions agreed",
        "Refer the peer group meeting in the park on Friday nights to the MACE panel Measured by: Referral accepted "
        "by the MACE panel Children's social care Dr A. Mensah (fictional) 10 December 2026",
        "Item 2: North Week Street",
        "Decision Accept the referral: assess the location",
        "Item 3: Maidstone East station forecourt",
        "Raised by British Transport Police",
        "BTP and the youth service to visit together on two Friday evenings",
        "Actions agreed at this meeting",
    ):
        assert expected in text, expected
    # Every update given at the meeting is printed (four for Brenchley, one for North Week Street).
    assert text.count("On track") + text.count("At risk") + text.count("Not started") >= 5


def test_minutes_wait_for_the_meeting_to_be_finalised(demo: Store) -> None:
    with pytest.raises(ExportError, match="once the meeting is finalised"):
        papers.read_minutes(demo, DECEMBER)


def test_a_tracker_that_cannot_be_saved_is_called_the_action_tracker(demo: Store, tmp_path: Path) -> None:
    rows, options = papers.read_tracker(demo)
    with pytest.raises(ExportError, match="so the action tracker could not be saved") as raised:
        papers.write_tracker(rows, options, tmp_path / "gone" / "tracker.csv")
    assert "report" not in str(raised.value)
    assert not (tmp_path / "gone").exists()


def test_tracker_csv_is_grouped_and_complete(demo: Store, tmp_path: Path) -> None:
    rows, options = papers.read_tracker(demo)
    out = papers.write_tracker(rows, options, tmp_path / "tracker.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(table[0]) == CSV_COLUMNS
    agencies = [row[0] for row in table[1:]]
    assert agencies == sorted(agencies, key=str.casefold)
    lamps = next(row for row in table if row[4].startswith("Repair the two Station Road"))
    assert lamps[5] == "2026-11-27" and lamps[6] == "Overdue (last marked at risk)" and lamps[7] == "yes"
    assert lamps[8] == "2026-11-26" and lamps[9].startswith("Contractor did not attend")


def _register_names(store: Store) -> tuple[str, str]:
    """Record a young person in Brenchley Gardens' assessment and name them in the meeting's discussion and a note."""
    row = next(row for row in store.register.rows(DECEMBER) if row.name == "Brenchley Gardens")
    assessment_id = str(row.latest_assessment_id)
    store.people.save(
        Person(assessment_id, "Kacper Zieliński", "Young person A", PersonRole.YOUNG_PERSON, other_names="Kacpi")
    )
    meeting = store.meetings.on_date(DECEMBER)
    assert meeting.items[0].review is not None
    meeting.items[0].review.notes = "Kacper Zieliński was seen with the group again."
    meeting.items[0].review.items[0].note = "Kacpi asked the PCSO for help."
    store.meetings.save(meeting)
    action = store.plan.load(assessment_id).actions()[-1]
    store.plan.record_progress(action.id, "Spoke with Kacper Zieliński's school.", action.status)
    return "Kacper", "Kacpi"


def test_redacted_pack_and_tracker_name_nobody(demo: Store, tmp_path: Path) -> None:
    names = _register_names(demo)
    full = _pack(demo, DECEMBER, tmp_path / "full.pdf")
    assert "Kacper Zieliński" in full.text
    redacted = _pack(demo, DECEMBER, tmp_path / "redacted.pdf", redacted=True)
    _check_pages(redacted, REDACTED_COPY)
    assert "Young person A" in redacted.text
    assert not any(name in redacted.text for name in names)
    rows, options = papers.read_tracker(demo, redacted=True)
    text = papers.write_tracker(rows, options, tmp_path / "tracker.csv").read_text(encoding="utf-8-sig")
    assert "Young person A" in text and not any(name in text for name in names)


def test_redacted_minutes_name_nobody(demo: Store, tmp_path: Path) -> None:
    from safeguarding.workflows.meetings import finalise_meeting
    from tests.meetings.test_meetings import _finalisable

    names = _register_names(demo)
    meeting = _finalisable(demo)
    meeting = demo.meetings.get(meeting.id)
    assert meeting.items[0].review is not None
    meeting.items[0].review.notes = "Kacper Zieliński was seen with the group again."
    demo.meetings.save(meeting)
    finalise_meeting(demo, meeting.id)
    pdf = read_pdf(papers.write_minutes(papers.read_minutes(demo, DECEMBER, redacted=True), tmp_path / "m.pdf"))
    assert "Young person A was seen with the group again." in pdf.text
    assert not any(name in pdf.text for name in names)


def test_the_version_a_meeting_saw_prints_with_its_notice(demo: Store, tmp_path: Path, form_library: object) -> None:
    from safeguarding.workflows.export import read_kept_report, read_report, write_report

    row = next(row for row in demo.register.rows(DECEMBER) if row.name == "Brenchley Gardens")
    assessment_id = str(row.latest_assessment_id)
    now = read_pdf(write_report(read_report(demo, form_library, assessment_id), tmp_path / "now.pdf"))  # type: ignore[arg-type]
    first = collapse(now.pages[0])
    assert first.startswith("Front sheet Brenchley Gardens") or "Front sheet Brenchley Gardens" in first
    assert "Changed since the DCSM of 19 November 2026: the plan." in first
    assert "Overdue (last marked at risk)" in now.text  # the lamps, marked at risk after the meeting
    kept = read_kept_report(demo, form_library, assessment_id, NOVEMBER)  # type: ignore[arg-type]
    seen = read_pdf(write_report(kept, tmp_path / "seen.pdf"))
    assert all("As considered by the DCSM of 19 November 2026" in page for page in seen.pages)
    assert "Changed since" not in seen.pages[0]
    assert "Overdue (last marked at risk)" not in seen.text  # as the meeting heard it: on track
    assert "Overdue (last marked on track)" in seen.text
    assert "Contractor booked for 26 November." in seen.text  # the update the meeting heard
