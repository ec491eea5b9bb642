"""Answering a subject access request: every record that names a registered person, across all assessments.

A person asking for their data (UK GDPR Article 15), or someone acting for them, is
entitled to the records about them. The people registered for redaction are the
only place real names belong, so a search for one person looks for every form of
their name that a redacted export replaces (:class:`~safeguarding.protection.name_matching.NameMatcher`:
the full name, each part, other names listed, however it was typed), in every text
of every record of every assessment, and in the earlier versions the audit trail
keeps (a note since corrected, a record since deleted).

The person is everyone registered under the same name (folded: accents, apostrophes
and case do not matter) in any assessment, so one search covers a young person
recorded at several places. Matches judged "an everyday word" (lower-case "will"
for someone called Will) are left out; matches the redaction preview would ask about
are kept, so nothing that may name them is missed (the reviewer decides).

The export is a CSV: the full copy as recorded, or a redacted copy in which every
*other* registered person's name is replaced by their pseudonym (third parties are
not disclosed), while the person's own name stays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from safeguarding.model import Person
from safeguarding.private_files import write_private_atomically
from safeguarding.protection.history import field_label, table_label
from safeguarding.protection.name_matching import Certainty, NameMatcher, fold_name
from safeguarding.protection.redaction import nfc
from safeguarding.protection.sharing import csv_text
from safeguarding.timeutil import utc_to_local

CSV_HEADERS = [
    "Location",
    "Assessment",
    "Record",
    "Field",
    "Record id",
    "Last changed (UK time)",
    "Version",
    "Names found",
    "Text",
]


@dataclass(frozen=True)
class TextRecord:
    """One piece of text in the database, with where it belongs.

    Attributes:
        table: The table, e.g. ``"observations"``.
        record_id: The record's key.
        column: The column, e.g. ``"notes"``.
        text: The text.
        assessment_id: The assessment it belongs to ("" if none).
        location: The location's name ("" if none).
        assessment_label: The assessment in words, e.g. "started 03/03/2026" ("" if none).
        when: When the record (or this version of it) was last changed, if known (aware UTC).
        current: False for an earlier version kept by the audit trail.
        deleted: The record is deleted (kept until purged).
    """

    table: str
    record_id: str
    column: str
    text: str
    assessment_id: str = ""
    location: str = ""
    assessment_label: str = ""
    when: datetime | None = None
    current: bool = True
    deleted: bool = False


@dataclass(frozen=True)
class Mention:
    """A text that names the person, and the forms of their name found in it."""

    record: TextRecord
    found: tuple[str, ...]

    def row(self, others: OthersRedactor | None = None) -> list[str]:
        """The mention as a row of :data:`CSV_HEADERS` (``others`` replaces other people's names)."""
        record = self.record
        text = others.redact(record.text) if others is not None else record.text
        version = "current" if record.current else "earlier version (audit trail)"
        if record.deleted:
            version += ", deleted"
        return [
            record.location,
            record.assessment_label,
            table_label(record.table),
            field_label(record.column),
            record.record_id[:8],
            f"{utc_to_local(record.when):%d/%m/%Y %H:%M}" if record.when else "",
            version,
            "; ".join(self.found),
            text,
        ]


class OthersRedactor:
    """Replaces every registered person's name but the requester's, never inside the requester's own name.

    Siblings share a surname: "Green" may be Will Green's surname and Zoë Green's too.
    A form of another person's name is replaced unless a match of the requester's
    name as long or longer overlaps it, so "Zoë Green" stays whole while "Will Green"
    becomes his pseudonym; a surname written alone, which may be either, is kept for
    the reviewer to judge.

    Args:
        person: The requester's registrations.
        others: Everyone else registered.
    """

    def __init__(self, person: list[Person], others: list[Person]) -> None:
        self._own = NameMatcher(person)
        self._others = NameMatcher(others)

    def redact(self, text: str) -> str:
        """``text`` (in NFC) with the other people's names replaced by their pseudonyms."""
        text = nfc(text)
        own = [(item.start, item.end) for item in self._own.find(text) if item.certainty is not Certainty.WORD]
        pieces, last = [], 0
        for item in self._others.find(text):
            if item.certainty is Certainty.WORD or item.start < last:
                continue
            overlapping = [end - start for start, end in own if start < item.end and item.start < end]
            if overlapping and max(overlapping) >= item.end - item.start:
                continue  # within the requester's own name ("Green" of "Zoë Green"), or as likely theirs: kept
            pieces += [text[last : item.start], item.person.pseudonym + ("s" if item.bare_possessive else "")]
            last = item.end
        return "".join([*pieces, text[last:]])


def same_person(chosen: Person, everyone: Iterable[Person]) -> list[Person]:
    """Everyone registered under the same (folded) real name as ``chosen``, in any assessment."""
    name = fold_name(chosen.real_name)
    return [person for person in everyone if fold_name(person.real_name) == name]


def find_mentions(
    records: Iterable[TextRecord],
    person: list[Person],
    progress: Callable[[int], None] = lambda done: None,
    others: Iterable[Person] = (),
) -> list[Mention]:
    """Every text that names ``person`` (every registration of them), certain or doubtful matches.

    Args:
        records: The texts to search (see :func:`safeguarding.store.subject_access.text_records`).
        person: The person's registrations (:func:`same_person`).
        progress: Told how many texts were searched, every 2,000 (it may raise to stop).
        others: Everyone else registered: a match of the person's name inside a longer match
            of someone else's ("Green" in "Will Green") is not theirs, and another person's
            registration is not a record about them.

    Returns:
        The mentions, in the order of ``records``.
    """
    matcher = NameMatcher(person)
    other_people = [item for item in others if item not in person]
    theirs = NameMatcher(other_people)
    registrations = {item.id for item in other_people}
    mentions = []
    for number, record in enumerate(records, start=1):
        if number % 2000 == 0:
            progress(number)
        if record.table == "people" and record.record_id in registrations:
            continue
        found = [item for item in matcher.find(record.text) if item.certainty is not Certainty.WORD]
        if found and other_people:
            longer = [(item.start, item.end) for item in theirs.find(record.text)]
            found = [
                item
                for item in found
                if not any(start <= item.start and item.end <= end and end - start > item.end - item.start
                           for start, end in longer)
            ]  # fmt: skip
        if found:
            written = tuple(dict.fromkeys(record.text[item.start : item.end] for item in found))
            mentions.append(Mention(record, written))
    return mentions


def write_subject_access_csv(
    mentions: list[Mention], path: Path, *, person: list[Person], everyone: list[Person], redacted: bool
) -> Path:
    """Write the mentions as CSV (UTF-8 with a byte-order mark), owner-only, replaced atomically.

    Args:
        mentions: From :func:`find_mentions`.
        path: The file to write.
        person: The person's registrations (their own name is never replaced).
        everyone: Every registered person; in the redacted copy the others' names become their pseudonyms.
        redacted: Write the redacted copy.

    Raises:
        ExportError: the file cannot be written.
    """
    own = {fold_name(item.real_name) for item in person}
    others = [item for item in everyone if fold_name(item.real_name) not in own]
    redactor = OthersRedactor(person, others) if redacted else None
    path = Path(path).absolute()
    text = csv_text(CSV_HEADERS, (mention.row(redactor) for mention in mentions))
    return write_private_atomically(path, text, encoding="utf-8-sig", what="the records")
