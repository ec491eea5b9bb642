"""What an exported history (and its window) says about the audit trail behind it.

A whole check can find the trail intact *now* although it was broken before: the app
puts back a dropped trigger when it opens the database, and the break then lives only
in the trail's ``notice`` entries (:func:`~safeguarding.store.audit_chain.record_notices`),
and in the records changed meanwhile (marked when the history is read,
:mod:`safeguarding.store.audit_replay`). The words here never read as a clean bill of
health while any of these hold (a tester's finding: an exported history ended
"Audit trail intact" after a visit's notes were changed with the protection removed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from safeguarding.store.audit import AuditEntry
from safeguarding.store.audit_chain import ChainReport
from safeguarding.timeutil import utc_to_local
from safeguarding.words import counted


def changed_outside(entries: Iterable[AuditEntry]) -> int:
    """How many records of a history were changed outside the app (distinct table and key).

    A record counts when any of its entries is marked: what it set was changed or never kept
    (``unconfirmed``), or the record was changed before an update (``outside_before``) or after
    its last entry (``outside_after``).
    """
    return len(
        {
            (entry.table, entry.record_id)
            for entry in entries
            if entry.unconfirmed or entry.outside_before or entry.outside_after
        }
    )


def _day(entry: AuditEntry) -> str:
    return f"{utc_to_local(entry.at):%d/%m/%Y %H:%M}"


def reported_lines(notices: Sequence[AuditEntry]) -> list[str]:
    """Each break recorded as reported (a ``notice`` entry), in words: when, how it was reported, and what it was.

    E.g. "Reported on 07/12/2026 21:05 (found when the database was opened, and put back): The audit
    trail's protection was removed (...) and has been put back. ...".
    """
    lines = []
    for notice in notices:
        values = notice.new or {}
        how = str(values.get("how") or "").strip()
        words = str(values.get("words") or "").strip() or f"a problem with entry {notice.record_id} (no words kept)."
        lines.append(f"Reported on {_day(notice)}{f' ({how})' if how else ''}: {words}")
    return lines


def trail_summary(report: ChainReport, notices: Sequence[AuditEntry] = (), changed: int = 0) -> str:
    """One sentence: what the check finds now, every break reported before, and records changed outside the app.

    Reads "Audit trail intact (last entry N, seal H)." only when none of these holds; the last
    entry's number and whole seal are always in it (a copy to check the trail against later).

    Args:
        report: The check of the trail.
        notices: The trail's ``notice`` entries (breaks reported before), oldest first.
        changed: How many records of the history were changed outside the app (:func:`changed_outside`).
    """
    if not notices and not changed:
        return report.summary()
    head = f"last entry {report.head_seq:,}, seal {report.head_hash}" if report.head_seq else "no entries yet"
    if report.intact:
        parts = [f"Audit trail: the chain is intact now ({head})"]
    else:
        parts = [report.summary().removesuffix(".")]
    if notices:
        count = counted(len(notices), "problem")
        was = "was" if len(notices) == 1 else "were"
        first, last = _day(notices[0]), _day(notices[-1])
        when = f"on {first}" if first == last else f"from {first} to {last}"
        parts.append(f"{count} {was} reported before, {when} (each is said below)")
    if changed:
        was = "was" if changed == 1 else "were"
        parts.append(f"{counted(changed, 'record')} in this history {was} changed outside this app")
    return "; ".join(parts) + "."


def trail_lines(report: ChainReport, notices: Sequence[AuditEntry] = (), changed: int = 0) -> list[str]:
    """The summary (:func:`trail_summary`), the breaks found now, then those reported before (:func:`reported_lines`).

    What an exported history ends with (one row each) and what its window says when anything is wrong.
    """
    return [trail_summary(report, notices, changed), *report.lines()[1:], *reported_lines(notices)]
