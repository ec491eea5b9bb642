"""SQL triggers that write the audit trail, generated from the live schema.

Every app table except ``audit_log`` itself and the migrations record gets three
``AFTER`` triggers (insert, update, delete) that add one row to ``audit_log``:

* ``table_name``, ``record_id`` (the primary key; several key columns are joined
  as a JSON array; a table without a declared key uses its ``rowid``);
* ``assessment_id``: the assessment the row belongs to, worked out when the row
  is written by following foreign keys (``side_findings.assessment_id``,
  ``plan_actions.goal_id`` → ``plan_goals.assessment_id``, ...), so the history
  of an assessment can be read back even after a parent row is gone; ``NULL``
  for rows that belong to no single assessment (locations, agencies, photo bytes);
* ``action`` (``insert``/``update``/``delete``), ``old_values`` and
  ``new_values`` as JSON objects over the table's columns (an update keeps only
  the columns that changed; an update that changes nothing but ``updated_at``
  is not recorded); binary values are never copied: they appear as
  ``"<binary N bytes>"``;
* ``at_utc`` (ISO 8601 UTC with milliseconds) and ``actor``.

The actor comes from the application-defined SQL function ``audit_actor()``
that :func:`register_audit_functions` installs on each connection (the
practitioner profile's name). A connection without it (for example the plain
``sqlite3`` shell) cannot write to audited tables: the trigger fails with
"no such function: audit_actor". That is deliberate: nothing is changed
without being audited.

Triggers are (re)created idempotently by :func:`ensure_audit_triggers`, which
:func:`safeguarding.store.database.open_database` runs after the migrations, so
tables added by later migrations are audited too, and a table that gained
columns gets triggers that record them. A later migration that drops or
renames a column of an audited table should call :func:`drop_audit_triggers`
for that table first (SQLite refuses to drop a column a trigger names).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

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
    }
)
"""Tables never audited: the audit itself, sqlite-utils' record of migrations, team sync bookkeeping, and
the rows of imported police.uk data (public reference data, up to hundreds of thousands of rows a year:
each import is audited through ``crime_imports`` instead)."""
NOT_AUDITED_PREFIXES = ("search_",)
"""Tables never audited by name prefix: the search index (``search_docs``, the FTS5 table and its shadow
tables) is derived from audited records and rewritten by triggers (:mod:`safeguarding.store.schema.search`)."""
UNCHANGED_ON_SAVE = frozenset({"updated_at"})
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


def _value(ref: str, column: str) -> str:
    """SQL for a column value that never copies binary data into the audit."""
    col = f"{ref}.{quote(column)}"
    return f"CASE WHEN typeof({col}) = 'blob' THEN '<binary ' || length({col}) || ' bytes>' ELSE {col} END"


def _object(ref: str, columns: list[str]) -> str:
    pairs = ", ".join(f"{_literal(name)}, {_value(ref, name)}" for name in columns)
    return f"json_object({pairs})"


def _changed_object(columns: list[str]) -> str:
    """JSON of NEW's values, keeping only the columns that differ from OLD (use with ref NEW or OLD)."""

    def build(ref: str) -> str:
        removals = ", ".join(
            f"CASE WHEN OLD.{quote(name)} IS NEW.{quote(name)} THEN {_literal('$.' + quote(name))} ELSE '$.\"\"' END"
            for name in columns
        )
        return f"json_remove({_object(ref, columns)}, {removals})"

    return build("OLD"), build("NEW")  # type: ignore[return-value]


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


def trigger_sql(db: Database, table: str) -> dict[str, str]:
    """Return ``{trigger name: CREATE TRIGGER statement}`` for the three audit triggers of ``table``."""
    columns = _columns(db, table)
    names = [name for name, _ in columns]
    insert_cols = "table_name, record_id, assessment_id, action, old_values, new_values, at_utc, actor"
    statements = {}
    for action in ACTIONS:
        ref = "OLD" if action == "delete" else "NEW"
        old = "NULL"
        new = "NULL"
        when = ""
        if action == "insert":
            new = _object("NEW", names)
        elif action == "delete":
            old = _object("OLD", names)
        else:
            old, new = _changed_object(names)
            watched = [name for name in names if name not in UNCHANGED_ON_SAVE] or names
            when = " WHEN " + " OR ".join(f"OLD.{quote(n)} IS NOT NEW.{quote(n)}" for n in watched)
        name = f"{TRIGGER_PREFIX}{table}_{action}"
        statements[name] = (
            f"CREATE TRIGGER {quote(name)} AFTER {action.upper()} ON {quote(table)}{when}\n"
            f"BEGIN\n"
            f"  INSERT INTO {AUDIT_TABLE} (id, {insert_cols}) VALUES (\n"
            f"    lower(hex(randomblob(16))), {_literal(table)}, {_record_id(ref, columns)},\n"
            f"    {assessment_expression(db, table, ref)}, {_literal(action)},\n"
            f"    {old},\n    {new},\n"
            f"    {NOW_SQL}, coalesce(audit_actor(), '')\n"
            f"  );\n"
            f"END"
        )
    return statements


def _existing_triggers(db: Database) -> dict[str, str]:
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ? ESCAPE '\\'",
        [TRIGGER_PREFIX.replace("_", "\\_") + "%"],
    ).fetchall()
    return {row[0]: row[1] for row in rows}


def ensure_audit_triggers(db: Database) -> list[str]:
    """Create any missing or out-of-date audit triggers; drop those of tables that are gone.

    Idempotent and cheap when nothing changed (the generated SQL is compared
    with what the database holds). Runs in one transaction.

    Returns:
        The names of the triggers (re)created.
    """
    if AUDIT_TABLE not in {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}:
        return []
    existing = _existing_triggers(db)
    wanted: dict[str, str] = {}
    for table in audited_tables(db):
        wanted.update(trigger_sql(db, table))
    changed = [name for name, sql in wanted.items() if existing.get(name) != sql]
    stale = [name for name in existing if name not in wanted and not name.startswith(f"{TRIGGER_PREFIX}log_")]
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
    """Install ``audit_actor()`` on a connection (sqlite3 or sqlcipher3) and return its holder.

    Args:
        conn: A DB-API connection with ``create_function``.
        actor: The initial actor name, e.g. the practitioner profile's name.

    Returns:
        The :class:`ActorHolder`; set its ``name`` when the practitioner changes.
    """
    holder = ActorHolder(actor)
    conn.create_function("audit_actor", 0, holder, deterministic=False)
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
    "ActorHolder",
    "drop_audit_triggers",
    "ensure_audit_triggers",
    "register_audit_functions",
]
