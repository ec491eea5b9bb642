"""SQL triggers that write the audit trail, generated from the live schema, and the guards of the trail.

Every app table except ``audit_log`` itself, the migrations record and the tables in
:data:`NOT_AUDITED` (among them the editors' drafts) gets three ``AFTER`` triggers
(insert, update, delete) that append one entry to ``audit_log``:

* ``seq``: the entry's number, one more than the last (the order of the chain);
* ``table_name``, ``record_id`` (the primary key; several key columns are joined
  as a JSON array; a table without a declared key uses its ``rowid``);
* ``assessment_id``: the assessment the row belongs to, worked out when the row
  is written by following foreign keys (``side_findings.assessment_id``,
  ``plan_actions.goal_id`` → ``plan_goals.assessment_id``, ...), so the history
  of an assessment can be read back even after a parent row is gone; ``NULL``
  for rows that belong to no single assessment (locations, agencies, photo bytes);
* ``action`` (``insert``/``update``/``delete``), ``old_values`` and ``new_values``
  as JSON objects, and ``set_digest``. Since schema step 0070
  (:mod:`safeguarding.store.schema.trail`) the trail keeps **each value once, when it is
  replaced**, and a sealed digest of what each change set: an insert keeps no values
  (the record holds them) and ``set_digest``, the SHA-256 of the JSON of its values that
  are not empty; an update keeps in ``old_values`` the values the changed columns had
  before, and in ``set_digest`` the SHA-256 of the JSON of their new values; a delete
  keeps the values the record had. ``new_values`` stays ``NULL`` in these entries (the
  app's own notices and purges keep theirs). The history is read back from the record
  as it is now and these entries, and every value read back is checked against the
  digest of the entry that set it (:mod:`safeguarding.store.audit_replay`): a value
  changed outside the app is shown as such, never as the value entered. Entries written
  before the step keep the values set (an insert's values, an update's new values;
  :func:`safeguarding.store.audit.with_before_values` replays what they replaced) and
  are read as before. Write audited tables with upserts (``INSERT ... ON CONFLICT DO
  UPDATE``), never ``INSERT OR REPLACE``: on a connection without recursive triggers a
  replace fires no delete trigger, and the values the replaced record was given are then
  kept nowhere (the history says so). Never kept: what the entry already says (the key, the assessment)
  nor the bookkeeping (``created_at``, ``updated_at``: ``at_utc`` says when;
  ``updated_by``: ``actor`` says who; a record's ``revision``). An update that changes
  nothing but ``updated_at``, ``revision`` and ``updated_by`` is not recorded. Binary
  values are never copied: they appear as ``"<binary N bytes>"``;
* ``at_utc`` (ISO 8601 UTC with milliseconds) and ``actor``;
* ``hash``: the entry's seal, SHA-256 over the previous entry's seal and this
  entry's content, ``set_digest`` included (:mod:`safeguarding.store.audit_seal`), so a changed, removed or
  forged entry shows (:mod:`safeguarding.store.audit_chain` checks the chain).

The actor comes from the application-defined SQL function ``audit_actor()``
that :func:`register_audit_functions` installs on each connection (the
practitioner profile's name), with the functions that keep the values and seal
the entry. A connection without them (for example the plain ``sqlite3`` shell)
cannot write to audited tables: the trigger fails with "no such function".
That is deliberate: nothing is changed without being audited.

The trail itself has guards (:data:`GUARDS`): no entry can be updated or deleted,
and an entry can only be added at the end, with the right seal.

Triggers and guards are (re)created idempotently by :func:`ensure_audit_triggers`,
which :func:`safeguarding.store.database.open_database` runs after the migrations, so
tables added by later migrations are audited too, a table that gained columns gets
triggers that record them, and a trigger or guard that was dropped or altered is put
back. The triggers and the ``audit_log_sealed`` guard take the step-0070 form (digests)
when ``audit_log`` has the ``set_digest`` column (:func:`keeps_set_digest`), the form
before it otherwise (the migrations before 0070 run with it). A change to the SQL
generated here must come with a migration step (a trigger
that differs from what this module generates, found when no step is pending, is
reported as tampering). A later migration that drops or renames a column of an
audited table should call :func:`drop_audit_triggers` for that table first (SQLite
refuses to drop a column a trigger names).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

from safeguarding.store.audit_seal import register_seal_functions

AUDIT_TABLE = "audit_log"
TRIGGER_PREFIX = "audit_"
ACTIONS = ("insert", "update", "delete")
NOT_AUDITED = frozenset(
    {
        AUDIT_TABLE,
        "_sqlite_migrations",
        "team_state",
        "team_changes",
        "team_base",
        "team_pending",
        "crime_records",
        "crime_types",
        "crime_places",
        "crime_outcomes",
        "drafts",
    }
)
"""Tables never audited: the audit itself, sqlite-utils' record of migrations, team sync bookkeeping, and
the rows of imported police.uk data (public reference data, up to hundreds of thousands of rows a year:
each import is audited through ``crime_imports`` instead), and the editors' unsaved drafts (work in
progress, not a record: saving it is what the trail records)."""
NOT_AUDITED_PREFIXES = ("search_",)
"""Tables never audited by name prefix: the search index (``search_docs``, the FTS5 table and its shadow
tables) is derived from audited records and rewritten by triggers (:mod:`safeguarding.store.schema.search`)."""
UNCHANGED_ON_SAVE = frozenset({"updated_at", "revision", "updated_by"})
"""Columns whose change alone does not make an update worth recording (autosave touches them)."""
AUDIT_READ_ONLY_MESSAGE = "The audit trail cannot be changed"
NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

Actor = Callable[[], str]


def quote(name: str) -> str:
    """Quote an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def audited_tables(db: Database) -> list[str]:
    """Return the names of the tables to audit (every table but the audit and the migrations record)."""
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [row[0] for row in rows if row[0] not in NOT_AUDITED and not row[0].startswith(NOT_AUDITED_PREFIXES)]


def _columns(db: Database, table: str) -> list[tuple[str, int]]:
    """(name, primary-key position) of each column."""
    return [(row[1], row[5]) for row in db.execute(f"PRAGMA table_info({quote(table)})").fetchall()]


BOOKKEEPING = frozenset({"created_at", "updated_at", "revision", "updated_by"})
"""Columns the trail never copies: the entry's own time says when, its actor who, its number the order."""


def _pairs(ref: str, columns: list[str]) -> str:
    return ", ".join(f"{_literal(name)}, {ref}.{quote(name)}" for name in columns)


def _triples(columns: list[str]) -> str:
    return ", ".join(f"{_literal(name)}, OLD.{quote(name)}, NEW.{quote(name)}" for name in columns)


SET_DIGEST = "set_digest"
"""The column of the digest of the values an entry set (schema step 0070; see :mod:`.audit_seal`)."""


def keeps_set_digest(db: Database) -> bool:
    """True if the trail has the ``set_digest`` column (schema step 0070): the triggers keep digests."""
    return SET_DIGEST in {row[1] for row in db.execute(f"PRAGMA table_info({AUDIT_TABLE})").fetchall()}


def append_sql(entry: str, *, with_digest: bool = False) -> str:
    """An ``INSERT`` that appends one sealed entry to the trail.

    Args:
        entry: A ``SELECT`` of one row with the columns ``table_name, record_id,
            assessment_id, action, old_values, new_values, at_utc, actor`` (values,
            expressions or ``?`` parameters), and ``set_digest`` after them when
            ``with_digest``; the entry's number and seal are added here. Without it
            the entry has no ``set_digest`` and is sealed as before step 0070.
    """
    columns = "table_name, record_id, assessment_id, action, old_values, new_values, at_utc, actor"
    if with_digest:
        columns += f", {SET_DIGEST}"
    fields = ", ".join(f"e.{name}" for name in columns.split(", "))
    return (
        f"INSERT INTO {AUDIT_TABLE} (seq, {columns}, hash)\n"
        f"  SELECT e.seq, {fields},\n"
        f"    audit_seal(p.hash, e.seq, {fields})\n"
        f"  FROM (SELECT coalesce((SELECT max(seq) FROM {AUDIT_TABLE}), 0) + 1 AS seq, e0.*\n"
        f"    FROM ({entry}) AS e0) AS e\n"
        f"  LEFT JOIN {AUDIT_TABLE} AS p ON p.seq = e.seq - 1"
    )


def _record_id(ref: str, columns: list[tuple[str, int]]) -> str:
    keys = [name for name, position in sorted(columns, key=lambda c: c[1]) if position]
    if not keys:
        return f"CAST({ref}.rowid AS TEXT)"
    if len(keys) == 1:
        return f"CAST({ref}.{quote(keys[0])} AS TEXT)"
    return "json_array(" + ", ".join(f"{ref}.{quote(key)}" for key in keys) + ")"


def assessment_expression(db: Database, table: str, ref: str, depth: int = 0) -> str:
    """SQL giving the id of the assessment a row of ``table`` belongs to (``NULL`` if none).

    Args:
        db: The database (its foreign keys are followed).
        table: The table of the row.
        ref: How the row is named in the SQL (``NEW``, ``OLD`` or an alias).
        depth: Recursion depth (foreign keys are followed at most four deep).
    """
    names = [name for name, _ in _columns(db, table)]
    if table == "assessments":
        return f"{ref}.id"
    if "assessment_id" in names:
        return f"{ref}.assessment_id"
    if depth >= 4:
        return "NULL"
    required = {row[1] for row in db.execute(f"PRAGMA table_info({quote(table)})").fetchall() if row[3]}
    links = [
        (row[2], row[3], row[4] or "id")
        for row in db.execute(f"PRAGMA foreign_key_list({quote(table)})").fetchall()
        if row[2] != table  # a link to another row of the same table says nothing about the owner
    ]
    links.sort(key=lambda link: link[1] not in required)  # required links first: they always lead somewhere
    for parent, column, parent_column in links:
        alias = f"p{depth}"
        inner = assessment_expression(db, parent, alias, depth + 1)
        if inner != "NULL":
            return (
                f"(SELECT {inner} FROM {quote(parent)} AS {alias} "
                f"WHERE {alias}.{quote(parent_column)} = {ref}.{quote(column)})"
            )
    return "NULL"


def record_columns(db: Database, table: str) -> list[str]:
    """The columns of ``table`` an insert or delete entry keeps, in table order: all but the key, the assessment
    and the bookkeeping."""
    columns = _columns(db, table)
    names = [name for name, _ in columns]
    keys = {name for name, position in columns if position}
    owner = {"assessment_id"} if "assessment_id" in names else set()
    return [name for name in names if name not in keys | owner | BOOKKEEPING]


def compared_columns(db: Database, table: str) -> list[str]:
    """The columns of ``table`` an update entry compares, in table order: all but the bookkeeping."""
    return [name for name, _ in _columns(db, table) if name not in BOOKKEEPING]


def trigger_sql(db: Database, table: str, *, digests: bool | None = None) -> dict[str, str]:
    """Return ``{trigger name: CREATE TRIGGER statement}`` for the three audit triggers of ``table``.

    ``digests``: the step-0070 form (an insert keeps ``set_digest``, an update its old values
    and ``set_digest``); None: that form when the trail has the column (:func:`keeps_set_digest`).
    """
    digests = keeps_set_digest(db) if digests is None else digests
    columns = _columns(db, table)
    names = [name for name, _ in columns]
    whole = record_columns(db, table)  # inserts and deletes
    compared = compared_columns(db, table)  # updates
    statements = {}
    for action in ACTIONS:
        ref = "OLD" if action == "delete" else "NEW"
        old = new = digest = "NULL"
        when = ""
        if action == "insert":
            values = f"audit_row({_pairs('NEW', whole)})" if whole else "NULL"
            if digests:  # the record holds the values: the digest seals what they were
                digest = f"audit_sha256({values})" if whole else "NULL"
            else:
                new = values
        elif action == "delete":
            old = f"audit_row({_pairs('OLD', whole)})" if whole else "NULL"
        else:
            watched = [name for name in names if name not in UNCHANGED_ON_SAVE] or names
            when = " WHEN " + " OR ".join(f"OLD.{quote(n)} IS NOT NEW.{quote(n)}" for n in watched)
            if digests and compared:  # the values replaced; the new ones are in the record, sealed by digest
                old = f"audit_changed('old', {_triples(compared)})"
                digest = f"audit_sha256(audit_changed('new', {_triples(compared)}))"
            elif compared:  # the values replaced were stored when they were set: only the new ones are kept
                new = f"audit_changed('new', {_triples(compared)})"
        entry = (
            f"SELECT {_literal(table)} AS table_name, {_record_id(ref, columns)} AS record_id,\n"
            f"    {assessment_expression(db, table, ref)} AS assessment_id, {_literal(action)} AS action,\n"
            f"    {old} AS old_values,\n    {new} AS new_values,\n"
            f"    {NOW_SQL} AS at_utc, coalesce(audit_actor(), '') AS actor"
            + (f",\n    {digest} AS {SET_DIGEST}" if digests else "")
        )
        name = f"{TRIGGER_PREFIX}{table}_{action}"
        statements[name] = (
            f"CREATE TRIGGER {quote(name)} AFTER {action.upper()} ON {quote(table)}{when}\n"
            f"BEGIN\n  {append_sql(entry, with_digest=digests)};\nEND"
        )
    return statements


GUARDS = {
    "audit_log_no_update": (
        f"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON {AUDIT_TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{AUDIT_READ_ONLY_MESSAGE}'); END"
    ),
    "audit_log_no_delete": (
        f"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON {AUDIT_TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{AUDIT_READ_ONLY_MESSAGE}'); END"
    ),
    "audit_log_sealed": (
        f"CREATE TRIGGER audit_log_sealed BEFORE INSERT ON {AUDIT_TABLE} "
        f"WHEN NEW.seq IS NOT coalesce((SELECT max(seq) FROM {AUDIT_TABLE}), 0) + 1 "
        f"OR NEW.hash IS NOT audit_seal((SELECT hash FROM {AUDIT_TABLE} WHERE seq = NEW.seq - 1), NEW.seq, "
        "NEW.table_name, NEW.record_id, NEW.assessment_id, NEW.action, NEW.old_values, NEW.new_values, "
        f"NEW.at_utc, NEW.actor) BEGIN SELECT RAISE(ABORT, '{AUDIT_READ_ONLY_MESSAGE}'); END"
    ),
}
"""The guards of the trail, by name: no update, no delete, and an entry only at the end with its seal.

The form before step 0070 (no ``set_digest``); :func:`guards` gives the form a database wants.
The retention purge lifts the first two inside its transaction (see
:mod:`safeguarding.store.retention`); :func:`ensure_audit_triggers` puts back any that is missing.
"""

SEALED_WITH_DIGEST = (
    f"CREATE TRIGGER audit_log_sealed BEFORE INSERT ON {AUDIT_TABLE} "
    f"WHEN NEW.seq IS NOT coalesce((SELECT max(seq) FROM {AUDIT_TABLE}), 0) + 1 "
    f"OR NEW.hash IS NOT audit_seal((SELECT hash FROM {AUDIT_TABLE} WHERE seq = NEW.seq - 1), NEW.seq, "
    "NEW.table_name, NEW.record_id, NEW.assessment_id, NEW.action, NEW.old_values, NEW.new_values, "
    f"NEW.at_utc, NEW.actor, NEW.{SET_DIGEST}) BEGIN SELECT RAISE(ABORT, '{AUDIT_READ_ONLY_MESSAGE}'); END"
)
"""The ``audit_log_sealed`` guard since step 0070: the seal covers ``set_digest`` (:mod:`.audit_seal`)."""


def guards(db: Database) -> dict[str, str]:
    """The guards this database wants: :data:`GUARDS`, with the seal over ``set_digest`` once the trail has it."""
    return {**GUARDS, "audit_log_sealed": SEALED_WITH_DIGEST} if keeps_set_digest(db) else dict(GUARDS)


def is_chained(db: Database) -> bool:
    """True if the trail has its chained form (schema step 0050: ``seq`` and ``hash``)."""
    return "hash" in {row[1] for row in db.execute(f"PRAGMA table_info({AUDIT_TABLE})").fetchall()}


_WANTED: dict[str, dict[str, str]] = {}
"""The wanted triggers by the tables' definitions (opening a database checks them three times)."""


def wanted_triggers(db: Database) -> dict[str, str]:
    """Every audit trigger and guard this version wants, ``{name: CREATE statement}``.

    They follow from the tables' definitions alone, so they are made once per set of
    definitions (``sqlite_master`` holds each table's statement as altered since).
    """
    tables = "\n".join(
        str(row[0]) for row in db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
    )
    cached = _WANTED.get(tables)
    if cached is None:
        cached = guards(db)
        for table in audited_tables(db):
            cached.update(trigger_sql(db, table))
        if len(_WANTED) >= 8:  # a few schemas at most (upgrades, tests): never grows without end
            _WANTED.clear()
        _WANTED[tables] = cached
    return dict(cached)


def same_sql(first: str | None, second: str | None) -> bool:
    """True if two statements are the same but for spacing."""
    return first is not None and second is not None and first.split() == second.split()


def _existing_triggers(db: Database) -> dict[str, str]:
    """The audit triggers and guards the database holds, ``{name: CREATE statement}``."""
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ? ESCAPE '\\'",
        [TRIGGER_PREFIX.replace("_", "\\_") + "%"],
    ).fetchall()
    return {row[0]: row[1] for row in rows}


def ensure_audit_triggers(db: Database) -> list[str]:
    """Create any missing or out-of-date audit trigger or guard; drop those of tables that are gone.

    Idempotent and cheap when nothing changed (the generated SQL is compared with
    what the database holds). Runs in one transaction. Does nothing before the trail
    has its chained form (schema step 0050 builds it, then calls this): the triggers
    of an older trail stay as they are until then.

    Returns:
        The names of the triggers and guards (re)created.
    """
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if AUDIT_TABLE not in tables or not is_chained(db):
        return []
    existing = _existing_triggers(db)
    wanted = wanted_triggers(db)
    changed = [name for name, sql in wanted.items() if not same_sql(existing.get(name), sql)]
    stale = [name for name in existing if name not in wanted]
    if not changed and not stale:
        return []
    with db.atomic():
        for name in stale:
            db.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")
        for name in changed:
            db.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")
            db.execute(wanted[name])
    return changed


def drop_audit_triggers(db: Database, table: str) -> None:
    """Drop the audit triggers of ``table`` (before a migration drops or renames one of its columns).

    :func:`ensure_audit_triggers` recreates them after the migrations.
    """
    for action in ACTIONS:
        db.execute(f"DROP TRIGGER IF EXISTS {quote(f'{TRIGGER_PREFIX}{table}_{action}')}")


class ActorHolder:
    """The name recorded as ``actor`` for changes made through one connection.

    Attributes:
        name: The practitioner's name ("" if unknown).
    """

    def __init__(self, name: str = "") -> None:
        self.name = name

    def __call__(self) -> str:
        return self.name


def register_audit_functions(conn: Any, actor: str = "") -> ActorHolder:
    """Install ``audit_actor()`` and the sealing functions on a connection (sqlite3 or sqlcipher3).

    Args:
        conn: A DB-API connection with ``create_function``.
        actor: The initial actor name, e.g. the practitioner profile's name.

    Returns:
        The :class:`ActorHolder`; set its ``name`` when the practitioner changes.
    """
    holder = ActorHolder(actor)
    conn.create_function("audit_actor", 0, holder, deterministic=False)
    register_seal_functions(conn)
    return holder


def default_actor() -> str:
    """The practitioner profile's name on this computer, or ``""`` if there is no profile."""
    from safeguarding.profile import load_profile

    profile = load_profile()
    return profile.name if profile else ""


def is_audit_guard_error(error: BaseException) -> bool:
    """True if a database error is the audit trail refusing a change."""
    return AUDIT_READ_ONLY_MESSAGE.lower() in str(error).lower()


__all__ = [
    "AUDIT_TABLE",
    "GUARDS",
    "SET_DIGEST",
    "ActorHolder",
    "append_sql",
    "drop_audit_triggers",
    "ensure_audit_triggers",
    "guards",
    "keeps_set_digest",
    "register_audit_functions",
]
