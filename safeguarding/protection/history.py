"""An assessment's history in plain words, from the audit trail, and as a CSV file.

Each audited change becomes one line per field changed: when (UK local time),
who, what ("Visit added", "Side write-up changed"), the field and its old and
new values. Technical columns (ids, timestamps that change on every save) are
left out of the lines but kept in the trail. What an entry set that no longer
matches the trail's seal (the record was changed outside the app afterwards) is
never shown as what was entered: the line says so (:data:`ALTERED_WORDS`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safeguarding.model import AgeBand, ObservedGender
from safeguarding.private_files import write_private_atomically
from safeguarding.store.audit import AuditEntry
from safeguarding.timeutil import utc_now, utc_to_local

TABLE_LABELS = {
    "locations": "Location",
    "assessments": "Assessment",
    "side_findings": "Side write-up",
    "observations": "Visit",
    "observation_counts": "Visit head count",
    "observation_sides": "Visit side tag",
    "photos": "Photo file",
    "assessment_photos": "Photo",
    "consultations": "Consultation",
    "consultation_sides": "Consultation side tag",
    "map_pins": "Map pin",
    "map_boundaries": "Map boundary",
    "plan_agencies": "Agency",
    "plan_weights": "Context weight",
    "plan_goals": "Safety goal",
    "plan_actions": "Action",
    "plan_action_updates": "Action history entry",
    "plan_reviews": "DCSM review",
    "plan_review_items": "DCSM review item",
    "plan_reassessments": "Reassessment link",
    "plan_carried_findings": "Carried-forward finding",
    "people": "Person (for redaction)",
    "redaction_decisions": "Redaction choice",
    "app_meta": "Database setting",
    "meeting_snapshots": "Meeting snapshot",
}
FIELD_LABELS = {
    "start_utc": "Start (UTC)",
    "end_utc": "End (UTC)",
    "deleted_at": "Deleted",
    "real_name": "Real name",
    "other_names": "Other names",
    "scope_boundary": "Boundary of the place",
    "scope_times": "Days and times covered",
    "assessor_name": "Assessor",
    "assessor_agency": "Agency",
    "referral_reason": "Reason for referral",
    "finalised_at": "Finalised",
}
HIDDEN_FIELDS = frozenset(
    {"id", "updated_at", "created_at", "assessment_id", "at_utc", "changes", "revision", "updated_by"}
)
"""Bookkeeping columns never shown as changes (links between records end in ``_id`` and are hidden too)."""
VALUE_LABELS = {
    "not_started": "Not started",
    "on_track": "On track",
    "at_risk": "At risk",
    "done": "Done",
    "cancelled": "Cancelled",
    "draft": "Draft",
    "complete": "Complete",
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "young_people": "Young people",
    "guardianship": "Guardianship",
    "environment": "Community and environment",
}
"""Stored codes shown in words in the history (the CSV keeps the same words)."""
ACTION_WORDS = {"insert": "added", "update": "changed", "delete": "removed", "purge": "purged by the retention rule"}
CSV_HEADERS = ["When (UK time)", "Who", "What", "Record", "Field", "Before", "After"]
TRAIL_CHECK = "Audit trail check"
ALTERED_WORDS = (
    "What was entered here cannot be shown: the record was changed outside this app afterwards "
    "(it no longer matches the audit trail's seal)."
)
"""Said instead of what an entry set when the record no longer matches its seal (``AuditEntry.altered``)."""
NOT_KEPT_WORDS = "What was entered here cannot be shown: it was not kept (the record was written over later)."
"""Said instead of what an entry set that was never kept (``AuditEntry.not_kept``)."""
OUTSIDE_BEFORE_WORDS = (
    "Changed outside this app before the next change: what it replaced is not what the audit trail recorded last."
)
"""Said on a line of its own before an update that found the record changed outside the app."""
OUTSIDE_AFTER_WORDS = {
    "changed": "Changed outside this app afterwards: the record no longer holds what the audit trail says it does.",
    "removed": "Removed outside this app afterwards: the audit trail has no entry for its removal.",
    "put back": "Put back outside this app afterwards: the record exists although the audit trail says it was removed.",
}
"""Said on a line of its own after a record's last entry when the record is not what it left
(``AuditEntry.outside_after``), by what was found."""
KEY_TABLES = {
    "observation_sides": "Side tag",
    "consultation_sides": "Side tag",
    "plan_carried_findings": "Carried-forward finding",
}
"""Tables whose records are their keys only, named by their last key in words (e.g. "Side tag: Young people")."""


LONG_VALUE = 4_000
"""Characters above which a value that reads as data (JSON, base64) is summarised in the CSV (:func:`csv_cell`)."""
CELL_LIMIT = 32_767
"""The most characters a spreadsheet cell holds (Microsoft Excel's limit); longer text is cut off when opened."""
DATA_WORD = 1_000
"""A "word" (no spaces) this long is not typed text: encoded data such as a base64 photo."""


def _data_like(text: str) -> bool:
    """True if ``text`` reads as data rather than typed words: JSON, or a run without spaces of :data:`DATA_WORD`."""
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            json.loads(stripped)
        except ValueError:
            pass
        else:
            return True
    return any(len(word) >= DATA_WORD for word in stripped.split())


def csv_cell(text: str, field: str = "") -> str:
    """A value as written in the history's CSV: long data summarised, typed text whole (said when too long).

    A value over :data:`LONG_VALUE` characters that reads as data (a meeting snapshot's JSON with a
    photo in base64) becomes e.g. "<content in data form, 91,121 characters: kept in the audit trail,
    not shown here>". Typed text is never cut: over :data:`CELL_LIMIT` characters it is kept whole,
    after a note that a spreadsheet shows only the start of it (a tester's finding: a 91,121-character
    cell).

    Args:
        text: The value in words.
        field: The field's label (e.g. "Content"), named in the summary.
    """
    if len(text) <= LONG_VALUE:
        return text
    if _data_like(text):
        what = field.lower() or "value"
        return f"<{what} in data form, {len(text):,} characters: kept in the audit trail, not shown here>"
    if len(text) > CELL_LIMIT:
        return (
            f"[This text has {len(text):,} characters, more than a spreadsheet cell shows ({CELL_LIMIT:,}): "
            f"open this file in a text editor to read it whole.] {text}"
        )
    return text


def table_label(table: str) -> str:
    """Human name of a table, e.g. ``"Visit"`` for ``observations``."""
    return TABLE_LABELS.get(table, table.replace("_", " ").capitalize())


def field_label(column: str) -> str:
    """Human name of a column, e.g. ``"Reason for referral"``."""
    return FIELD_LABELS.get(column, column.replace("_", " ").capitalize())


@dataclass(frozen=True)
class HistoryLine:
    """One line of the history: a change to one field (or a whole record added or removed).

    Attributes:
        when: UK local date and time, e.g. ``"30/11/2026 17:40"``.
        who: The practitioner ("Not recorded" when no profile was set).
        what: E.g. ``"Visit changed"``.
        record: Which record, in words (its name, label or date, e.g. ``"‘Bandstand’"``); its
            short id only when no entry names it (issue 16: ids read as jargon).
        field: The field in words, or "" for a whole record.
        before, after: The values as text ("" when none).
    """

    when: str
    who: str
    what: str
    record: str
    field: str
    before: str
    after: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    return VALUE_LABELS.get(str(value), str(value))


NAMING_FIELDS = ("name", "label", "statement", "description", "caption", "consulted", "pseudonym")
"""Fields that name a record, tried in order, for the history's Record column."""
DATED_FIELDS = ("start_utc", "meeting_date", "held_on", "start_date")
"""Fields that date a record without a name (a visit, a review), tried after :data:`NAMING_FIELDS`."""


def _words_for(values: dict[str, Any]) -> str:
    for field in NAMING_FIELDS:
        text = str(values.get(field) or "").strip()
        if text:
            return f"‘{text[:40]}{'…' if len(text) > 40 else ''}’"
    for field in DATED_FIELDS:
        text = str(values.get(field) or "")
        if len(text) >= 10 and text[4] == "-":
            day = text[:10]
            return f"of {day[8:10]}/{day[5:7]}/{day[:4]}"
    return ""


def record_names(entries: Iterable[AuditEntry]) -> dict[str, str]:
    """Each record's name in words, from the last entry that names it (see :data:`NAMING_FIELDS`)."""
    names: dict[str, str] = {}
    for entry in entries:
        words = _words_for({**(entry.old or {}), **(entry.new or {})})
        if words:
            names[entry.record_id] = words
    return names


def describe(entry: AuditEntry, names: dict[str, str] | None = None) -> list[HistoryLine]:
    """Return the lines that describe one audited change (``names``: :func:`record_names` of the history)."""
    when = utc_to_local(entry.at).strftime("%d/%m/%Y %H:%M:%S")
    who = entry.actor or "Not recorded"
    action = entry.action
    if action == "update" and entry.new and entry.new.get("deleted_at") and not (entry.old or {}).get("deleted_at"):
        action_word = "deleted (recoverable)"
    else:
        action_word = ACTION_WORDS.get(action, action)
    what = f"{table_label(entry.table)} {action_word}"
    record = (names or {}).get(entry.record_id) or _words_for({**(entry.old or {}), **(entry.new or {})})
    record = record or _key_words(entry.table, entry.record_id, names) or f"record {entry.record_id[:8]}"
    if entry.purged_at is not None and action != "purge":
        return [HistoryLine(when, who, what, record, "", "(values removed by the retention purge)", "")]
    if action == "purge":
        rows = (entry.new or {}).get("rows", {})
        summary = ", ".join(f"{table_label(t)}: {n}" for t, n in sorted(rows.items()))
        return [
            HistoryLine(when, who, "Assessment purged by the retention rule", record, "Records deleted", "", summary)
        ]
    outside = (
        [
            HistoryLine(
                when, "", f"{table_label(entry.table)} changed outside this app", record, "", "", OUTSIDE_BEFORE_WORDS
            )
        ]
        if entry.outside_before
        else []
    )
    outside_after = (
        [
            HistoryLine(
                when,
                "",
                f"{table_label(entry.table)} {entry.outside_after} outside this app",
                record,
                "",
                "",
                OUTSIDE_AFTER_WORDS.get(entry.outside_after, OUTSIDE_AFTER_WORDS["changed"]),
            )
        ]
        if entry.outside_after
        else []
    )
    return outside + _entry_lines(entry, when, who, what, record) + outside_after


def _key_words(table: str, record_id: str, names: dict[str, str] | None = None) -> str:
    """A record keyed by several columns in words ("" for any other record).

    E.g. "Side tag: Young people" (:data:`KEY_TABLES`), "Head count: 11-13, female", "Review of
    ‘Cut back the hedge’" (the action's name from ``names``, :func:`record_names`), "Carried-forward
    finding: Guardianship". A tester's finding: 67 rows named ``record ["d126c4``.
    """
    if not record_id.startswith("["):
        return ""
    try:
        keys = json.loads(record_id)
    except ValueError:
        return ""
    if not isinstance(keys, list) or not keys:
        return ""
    if table == "observation_counts" and len(keys) == 3:
        band = next((item.label for item in AgeBand if item.value == keys[1]), str(keys[1]))
        gender = next((item.label for item in ObservedGender if item.value == keys[2]), str(keys[2]))
        return f"Head count: {band}, {gender.lower()}"
    if table == "plan_review_items" and len(keys) == 2:
        action = (names or {}).get(str(keys[1]))
        return f"Review of {action}" if action else "Review of an action"
    label = KEY_TABLES.get(table)
    return f"{label}: {_text(keys[-1])}" if label is not None else ""


def _entry_lines(entry: AuditEntry, when: str, who: str, what: str, record: str) -> list[HistoryLine]:
    """The lines of what one entry replaced and set (what it set said unconfirmed when it is)."""
    action = entry.action
    old, new = entry.old or {}, entry.new or {}
    columns = [c for c in dict.fromkeys([*old, *new]) if c not in HIDDEN_FIELDS and not c.endswith("_id")]
    if entry.unconfirmed:  # never the values read back as what was entered: only what the trail kept
        words = ALTERED_WORDS if entry.altered else NOT_KEPT_WORDS
        lines = [HistoryLine(when, who, what, record, field_label(c), _text(old.get(c)), words) for c in columns]
        return lines or [HistoryLine(when, who, what, record, "", "", words)]
    if action == "update":
        columns = [c for c in columns if old.get(c) != new.get(c)]
    lines = [
        HistoryLine(when, who, what, record, field_label(c), _text(old.get(c)), _text(new.get(c)))
        for c in columns
        if action == "update" or _text(old.get(c) if action == "delete" else new.get(c))
    ]
    return lines or [HistoryLine(when, who, what, record, "", "", "")]


def history_lines(entries: Iterable[AuditEntry]) -> list[HistoryLine]:
    """Return the lines of many entries, in order, each record named as the history names it."""
    listed = list(entries)
    names = record_names(listed)
    return [line for entry in listed for line in describe(entry, names)]


def write_history_csv(lines: list[HistoryLine], path: Path, trail: Sequence[str] = ()) -> Path:
    """Write the history as CSV (UTF-8 with a byte-order mark so spreadsheet programs read accents).

    Written owner-only to a temporary file and moved into place, so a failure leaves no half file.
    Long values are written as :func:`csv_cell` says (data summarised, typed text whole).

    Args:
        lines: The history.
        path: The file to write.
        trail: What the check of the audit trail found, in sentences (see
            :meth:`~safeguarding.store.audit_chain.ChainReport.lines`): written after the
            history, one row each under "What" = "Audit trail check", so whoever reads
            the file knows whether (and from which entry) the trail behind it is broken.

    Raises:
        ExportError: the folder cannot be written or the disk is full.
    """
    path = Path(path).absolute()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADERS)
    for line in lines:
        before, after = csv_cell(line.before, line.field), csv_cell(line.after, line.field)
        writer.writerow([line.when, line.who, line.what, line.record, line.field, before, after])
    if trail:
        writer.writerow([])
        checked = utc_to_local(utc_now()).strftime("%d/%m/%Y %H:%M:%S")
        for sentence in trail:
            writer.writerow([checked, "", TRAIL_CHECK, "", "", "", sentence])
    return write_private_atomically(path, buffer.getvalue(), encoding="utf-8-sig", what="the history")
