"""Schema of the search index: one SQLite FTS5 index over every record, kept current by triggers.

Step 0063, listed in :mod:`safeguarding.store.migrations`. The index lives inside the
database file, so an encrypted (SQLCipher) database keeps its index encrypted too.

Two tables:

* ``search_docs``: one row per searchable record (its type, id, assessment,
  location, date, visit times, sides of the triangle, and its text as ``title``
  and ``body``);
* ``search_index``: an FTS5 index over ``search_docs`` (external content), with
  the ``unicode61`` tokenizer folding case and accents ("Zoe" finds "Zoë").

Triggers on each source table rewrite that record's row of ``search_docs``
whenever it is inserted, changed or deleted (by the window, the command line, a
team sync or a purge alike), and triggers on ``search_docs`` keep the FTS5
index in step. A record that is soft-deleted leaves the index. A change to a
child row (a visit's sides, an action's progress notes, a review's item notes,
a meeting's date) rewrites its parent's row.

The search tables are neither audited nor sent to the team (they are derived
from records that are): see ``NOT_AUDITED_PREFIXES`` in
:mod:`safeguarding.store.audit_schema` and :data:`safeguarding.team.tables.SYNCED_TABLES`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

NL = " || char(10) || "


def _text(*parts: str) -> str:
    """SQL joining text columns with newlines (NULLs as empty)."""
    return NL.join(f"coalesce({part}, '')" for part in parts)


@dataclass(frozen=True)
class DocKind:
    """How one kind of record becomes a row of ``search_docs``.

    Attributes:
        kind: The record type stored in ``search_docs.record_type`` (e.g. ``"visit"``).
        table: The source table; ``alias`` names it in ``select``.
        select: SQL after ``SELECT`` giving, in order: record id, assessment id,
            location id, date (``YYYY-MM-DD``), start and end (ISO UTC, visits only),
            sides (space separated), title, body.
        source: SQL after ``FROM`` (the table and anything joined).
        live: SQL condition for a record that belongs in the index.
    """

    kind: str
    table: str
    alias: str
    select: str
    source: str
    live: str = "1"


_ASSESSMENT_LOCATION = "(SELECT location_id FROM assessments WHERE id = {ref}.assessment_id)"

KINDS: tuple[DocKind, ...] = (
    DocKind(
        "location",
        "locations",
        "l",
        f"l.id, NULL, l.id, l.referral_date, NULL, NULL, '', l.name, "
        f"{_text('l.address', 'l.ward', 'l.district', 'l.place_type', 'l.referral_reason', 'l.referral_source')}",
        "locations AS l",
    ),
    DocKind(
        "assessment",
        "assessments",
        "a",
        "a.id, a.id, a.location_id, a.start_date, NULL, NULL, '', 'Scope and summary', "
        f"{_text('a.assessor_name', 'a.assessor_agency', 'a.scope_boundary', 'a.scope_times', 'a.analysis')}"
        f"{NL}{_text('a.recommendation')}",
        "assessments AS a",
        "a.deleted_at IS NULL",
    ),
    DocKind(
        "finding",
        "side_findings",
        "f",
        f"f.id, f.assessment_id, {_ASSESSMENT_LOCATION.format(ref='f')}, NULL, NULL, NULL, f.side, "
        "CASE f.side WHEN 'young_people' THEN 'Young people' WHEN 'guardianship' THEN 'Guardianship' "
        "ELSE 'Community and environment' END, "
        f"{_text('f.strengths', 'f.concerns', 'f.evidence')}"
        f"{NL}coalesce((SELECT group_concat(value, char(10)) FROM json_each(f.answers) "
        "WHERE json_valid(f.answers) AND type = 'text'), '')",
        "side_findings AS f",
    ),
    DocKind(
        "visit",
        "observations",
        "o",
        f"o.id, o.assessment_id, {_ASSESSMENT_LOCATION.format(ref='o')}, substr(o.start_utc, 1, 10), "
        "o.start_utc, o.end_utc, "
        "coalesce((SELECT group_concat(side, ' ') FROM observation_sides WHERE observation_id = o.id), ''), "
        f"o.observer, {_text('o.notes', 'o.activities', 'o.guardians', 'o.weather')}",
        "observations AS o",
        "o.deleted_at IS NULL",
    ),
    DocKind(
        "consultation",
        "consultations",
        "c",
        f"c.id, c.assessment_id, {_ASSESSMENT_LOCATION.format(ref='c')}, c.held_on, NULL, NULL, "
        "coalesce((SELECT group_concat(side, ' ') FROM consultation_sides WHERE consultation_id = c.id), ''), "
        f"c.consulted, {_text('c.said', 'c.method')}",
        "consultations AS c",
        "c.deleted_at IS NULL",
    ),
    DocKind(
        "pin",
        "map_pins",
        "p",
        f"p.id, p.assessment_id, {_ASSESSMENT_LOCATION.format(ref='p')}, NULL, NULL, NULL, p.side, "
        f"p.label, {_text('p.notes', 'p.category')}",
        "map_pins AS p",
        "p.deleted_at IS NULL",
    ),
    DocKind(
        "photo",
        "assessment_photos",
        "ph",
        f"ph.id, ph.assessment_id, {_ASSESSMENT_LOCATION.format(ref='ph')}, NULL, NULL, NULL, "
        "coalesce(ph.side, ''), 'Photo caption', ph.caption",
        "assessment_photos AS ph",
        "ph.deleted_at IS NULL",
    ),
    DocKind(
        "goal",
        "plan_goals",
        "g",
        f"g.id, g.assessment_id, {_ASSESSMENT_LOCATION.format(ref='g')}, NULL, NULL, NULL, g.side, "
        "'Safety goal', g.statement",
        "plan_goals AS g",
        "g.deleted_at IS NULL",
    ),
    DocKind(
        "action",
        "plan_actions",
        "ac",
        "ac.id, g.assessment_id, (SELECT location_id FROM assessments WHERE id = g.assessment_id), ac.due_date, "
        "NULL, NULL, g.side, coalesce((SELECT name FROM plan_agencies WHERE id = ac.agency_id), ''), "
        f"{_text('ac.description', 'ac.measure', 'ac.lead')}{NL}"
        "coalesce((SELECT group_concat(note, char(10)) FROM plan_action_updates "
        "WHERE action_id = ac.id AND note <> ''), '')",
        "plan_actions AS ac JOIN plan_goals AS g ON g.id = ac.goal_id",
    ),
    DocKind(
        "review",
        "plan_reviews",
        "r",
        f"r.id, r.assessment_id, {_ASSESSMENT_LOCATION.format(ref='r')}, r.meeting_date, NULL, NULL, '', "
        f"'DCSM review', {_text('r.notes', 'r.route')}{NL}"
        "coalesce((SELECT group_concat(note, char(10)) FROM plan_review_items "
        "WHERE review_id = r.id AND note <> ''), '')",
        "plan_reviews AS r",
    ),
    DocKind(
        "meeting",
        "meeting_items",
        "mi",
        "mi.id, mi.assessment_id, mi.location_id, (SELECT meeting_date FROM meetings WHERE id = mi.meeting_id), "
        "NULL, NULL, '', 'DCSM meeting item', "
        f"{_text('mi.raised_by', 'mi.reason_note', 'mi.decision_sought', 'mi.discussion', 'mi.route')}",
        "meeting_items AS mi",
        "mi.deleted_at IS NULL",
    ),
    DocKind(
        "meeting",
        "meetings",
        "m",
        f"m.id, NULL, NULL, m.meeting_date, NULL, NULL, '', m.title, {_text('m.chair', 'm.venue', 'm.notes')}",
        "meetings AS m",
        "m.deleted_at IS NULL",
    ),
)
"""Every kind of searchable record (two tables write ``meeting`` rows: a meeting and its items)."""

RECORD_TYPES: tuple[str, ...] = tuple(dict.fromkeys(kind.kind for kind in KINDS))
"""The record types in ``search_docs.record_type``, in the order the search offers them."""

_CHILDREN: tuple[tuple[str, str, str], ...] = (
    ("observation_sides", "observation_id", "observations"),
    ("consultation_sides", "consultation_id", "consultations"),
    ("plan_action_updates", "action_id", "plan_actions"),
    ("plan_review_items", "review_id", "plan_reviews"),
)
"""(child table, column naming the parent, parent table): a child's change rewrites its parent's row."""


def _refresh_sql(kind: DocKind, key: str) -> str:
    """SQL statements that rewrite the ``search_docs`` row of the ``kind`` record whose id is ``key``."""
    return (
        f"DELETE FROM search_docs WHERE record_type = '{kind.kind}' AND record_id = {key}; "
        "INSERT INTO search_docs (record_id, assessment_id, location_id, on_date, start_utc, end_utc, sides, "
        f"title, body, record_type) SELECT {kind.select}, '{kind.kind}' FROM {kind.source} "
        f"WHERE {kind.alias}.id = {key} AND {kind.live};"
    )


def _kind_of(table: str) -> DocKind:
    return next(kind for kind in KINDS if kind.table == table)


def trigger_statements() -> list[str]:
    """Every ``CREATE TRIGGER`` statement that keeps ``search_docs`` and ``search_index`` current."""
    statements = [
        "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN "
        "INSERT INTO search_index (rowid, title, body) VALUES (NEW.rowid, NEW.title, NEW.body); END",
        "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN "
        "INSERT INTO search_index (search_index, rowid, title, body) "
        "VALUES ('delete', OLD.rowid, OLD.title, OLD.body); END",
    ]
    for kind in KINDS:
        name = f"search_{kind.table}"
        statements.append(
            f"CREATE TRIGGER {name}_ai AFTER INSERT ON {kind.table} BEGIN {_refresh_sql(kind, 'NEW.id')} END"
        )
        statements.append(
            f"CREATE TRIGGER {name}_au AFTER UPDATE ON {kind.table} BEGIN {_refresh_sql(kind, 'NEW.id')} END"
        )
        statements.append(
            f"CREATE TRIGGER {name}_ad AFTER DELETE ON {kind.table} BEGIN "
            f"DELETE FROM search_docs WHERE record_type = '{kind.kind}' AND record_id = OLD.id; END"
        )
    for child, column, parent in _CHILDREN:
        kind = _kind_of(parent)
        for action, ref in (("ai", "NEW"), ("au", "NEW"), ("ad", "OLD")):
            event = {"ai": "INSERT", "au": "UPDATE", "ad": "DELETE"}[action]
            statements.append(
                f"CREATE TRIGGER search_{child}_{action} AFTER {event} ON {child} BEGIN "
                f"{_refresh_sql(kind, f'{ref}.{column}')} END"
            )
    items = _kind_of("meeting_items")
    statements.append(
        "CREATE TRIGGER search_meetings_items_au AFTER UPDATE OF meeting_date ON meetings BEGIN "
        f"UPDATE search_docs SET on_date = NEW.meeting_date WHERE record_type = '{items.kind}' "
        "AND record_id IN (SELECT id FROM meeting_items WHERE meeting_id = NEW.id); END"
    )
    return statements


def m0063_search_index(db: Database) -> None:
    """Create the search index over every record, its triggers, and index what is already there."""
    db.execute(
        """
        CREATE TABLE search_docs (
            rowid INTEGER PRIMARY KEY,
            record_type TEXT NOT NULL,
            record_id TEXT NOT NULL,
            assessment_id TEXT,
            location_id TEXT,
            on_date TEXT,
            start_utc TEXT,
            end_utc TEXT,
            sides TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            UNIQUE (record_type, record_id)
        )
        """
    )
    db.execute("CREATE INDEX idx_search_docs_location ON search_docs (location_id, record_type)")
    db.execute("CREATE INDEX idx_search_docs_date ON search_docs (on_date)")
    db.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5 (title, body, content = 'search_docs', "
        "content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2')"
    )
    for statement in trigger_statements():
        db.execute(statement)
    for kind in KINDS:
        db.execute(
            "INSERT INTO search_docs (record_id, assessment_id, location_id, on_date, start_utc, end_utc, sides, "
            f"title, body, record_type) SELECT {kind.select}, '{kind.kind}' FROM {kind.source} WHERE {kind.live}"
        )
