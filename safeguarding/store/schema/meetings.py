"""Schema of DCSM meetings: the meeting, who came, its agenda items, new actions agreed, what it saw.

Steps 0060-0069, listed in order in :mod:`safeguarding.store.migrations`. Never edit a released step; add one.

A meeting item about a location with an assessment writes its discussion,
decision, open-action updates and next review date into that assessment's
DCSM review (``plan_reviews``, linked by ``review_id``): written once, read
everywhere. Only an item with no assessment yet (a new referral) keeps its own
discussion and decision columns.
"""

from __future__ import annotations

from sqlite_utils import Database

DECISIONS_SQL = "('continue', 'close', 'escalate', 'reassess', 'agree_plan', 'assess')"
"""Every :class:`~safeguarding.plan.records.Decision` value, for CHECK constraints."""
_OLD_DECISIONS_SQL = "('continue', 'close', 'escalate', 'reassess')"
SIDES_SQL = "('young_people', 'guardianship', 'environment')"
REASONS_SQL = "('review_due', 'new_referral', 'raised_by_partner', 'plan_to_agree', 'other')"


def m0060_meetings(db: Database) -> None:
    """Create meetings, the people at each (present or apologies), agenda items and new actions agreed."""
    db.execute(
        """
        CREATE TABLE meetings (
            id TEXT PRIMARY KEY NOT NULL,
            meeting_date TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            chair TEXT NOT NULL DEFAULT '',
            venue TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
            finalised_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            CHECK (status = 'draft' OR finalised_at IS NOT NULL)
        )
        """
    )
    db.execute("CREATE UNIQUE INDEX idx_meetings_date ON meetings (meeting_date) WHERE deleted_at IS NULL")
    db.execute(
        """
        CREATE TABLE meeting_people (
            id TEXT PRIMARY KEY NOT NULL,
            meeting_id TEXT NOT NULL REFERENCES meetings (id),
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            agency TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            attendance TEXT NOT NULL CHECK (attendance IN ('present', 'apologies')),
            position INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_meeting_people_meeting ON meeting_people (meeting_id, position)")
    db.execute(
        f"""
        CREATE TABLE meeting_items (
            id TEXT PRIMARY KEY NOT NULL,
            meeting_id TEXT NOT NULL REFERENCES meetings (id),
            location_id TEXT NOT NULL REFERENCES locations (id),
            assessment_id TEXT REFERENCES assessments (id),
            review_id TEXT REFERENCES plan_reviews (id),
            position INTEGER NOT NULL DEFAULT 0,
            reason TEXT NOT NULL CHECK (reason IN {REASONS_SQL}),
            raised_by TEXT NOT NULL DEFAULT '',
            reason_note TEXT NOT NULL DEFAULT '',
            decision_sought TEXT NOT NULL DEFAULT '',
            discussion TEXT NOT NULL DEFAULT '',
            decision TEXT CHECK (decision IS NULL OR decision IN {DECISIONS_SQL}),
            route TEXT NOT NULL DEFAULT '',
            next_review_date TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_meeting_items_meeting ON meeting_items (meeting_id, position)")
    db.execute("CREATE INDEX idx_meeting_items_location ON meeting_items (location_id)")
    db.execute("CREATE INDEX idx_meeting_items_assessment ON meeting_items (assessment_id)")
    db.execute(
        f"""
        CREATE TABLE meeting_new_actions (
            id TEXT PRIMARY KEY NOT NULL,
            item_id TEXT NOT NULL REFERENCES meeting_items (id),
            goal_id TEXT REFERENCES plan_goals (id),
            side TEXT NOT NULL DEFAULT 'environment' CHECK (side IN {SIDES_SQL}),
            description TEXT NOT NULL CHECK (length(trim(description)) > 0),
            agency_id TEXT REFERENCES plan_agencies (id),
            lead TEXT NOT NULL DEFAULT '',
            due_date TEXT,
            measure TEXT NOT NULL DEFAULT '',
            action_id TEXT REFERENCES plan_actions (id),
            position INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_meeting_new_actions_item ON meeting_new_actions (item_id, position)")


def m0061_review_decisions(db: Database) -> None:
    """Let a review agree a plan or accept a referral, say where an escalation goes, and name its meeting.

    SQLite cannot change a CHECK constraint in place, so ``plan_reviews`` is
    rebuilt from its own stored definition (columns added by other steps are
    kept) with the wider list of decisions: its rows are kept aside, the table is
    dropped and made again under its own name (so the tables linking to it need
    no change), and the rows put back; foreign keys to it are checked at commit
    (``defer_foreign_keys``), and its indexes and triggers (audit, team
    tracking) are made again as they were, once the rows are back.
    """
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'plan_reviews'").fetchone()
    if _OLD_DECISIONS_SQL not in sql:
        raise RuntimeError("plan_reviews has an unexpected definition; the decisions cannot be widened.")
    kept = [  # its indexes, then its triggers (audit, team tracking), made again as they were
        row[0]
        for row in db.execute(
            "SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = 'plan_reviews' "
            "AND sql IS NOT NULL ORDER BY type = 'trigger'"
        ).fetchall()
    ]
    columns = ", ".join(f'"{row[1]}"' for row in db.execute("PRAGMA table_info(plan_reviews)").fetchall())
    db.execute("PRAGMA defer_foreign_keys = ON")
    db.execute(f"CREATE TEMP TABLE plan_reviews_kept AS SELECT {columns} FROM plan_reviews")
    db.execute("DROP TABLE plan_reviews")
    db.execute(sql.replace(_OLD_DECISIONS_SQL, DECISIONS_SQL))
    # Putting each row back satisfies again the links the drop left dangling (checked at commit).
    db.execute(f"INSERT INTO plan_reviews ({columns}) SELECT {columns} FROM plan_reviews_kept")
    db.execute("DROP TABLE plan_reviews_kept")
    for statement in kept:
        db.execute(statement)
    db.execute("ALTER TABLE plan_reviews ADD COLUMN route TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE plan_reviews ADD COLUMN meeting_id TEXT REFERENCES meetings (id)")


def m0062_meeting_snapshots(db: Database) -> None:
    """Create what a finalised meeting saw: each considered assessment as it stood, never changed after."""
    db.execute(
        """
        CREATE TABLE meeting_snapshots (
            id TEXT PRIMARY KEY NOT NULL,
            meeting_id TEXT NOT NULL REFERENCES meetings (id),
            item_id TEXT NOT NULL REFERENCES meeting_items (id),
            assessment_id TEXT NOT NULL REFERENCES assessments (id),
            digest TEXT NOT NULL,
            content TEXT NOT NULL,
            taken_at TEXT NOT NULL,
            UNIQUE (meeting_id, assessment_id)
        )
        """
    )
    db.execute("CREATE INDEX idx_meeting_snapshots_assessment ON meeting_snapshots (assessment_id, taken_at)")
    db.execute(
        """
        CREATE TRIGGER meeting_snapshots_no_update BEFORE UPDATE ON meeting_snapshots
        BEGIN SELECT RAISE(ABORT, 'what a meeting saw is never changed'); END
        """
    )
