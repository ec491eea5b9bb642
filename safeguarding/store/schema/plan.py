"""Schema of the plan: context weighting, safety goals, actions, their history and DCSM reviews.

Steps 0030-0039, listed in order in :mod:`safeguarding.store.migrations`. Never edit a released step; add one.
History is append-only by design: ``plan_action_updates`` rows are only ever
inserted; actions and goals are never deleted (an action is cancelled instead).
"""

from __future__ import annotations

from sqlite_utils import Database


def m0030_plan_agencies(db: Database) -> None:
    """Create the editable list of partner agencies that own actions."""
    db.execute(
        """
        CREATE TABLE plan_agencies (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """
    )
    db.execute(
        "CREATE UNIQUE INDEX idx_plan_agencies_name ON plan_agencies (name COLLATE NOCASE) WHERE deleted_at IS NULL"
    )


def m0031_plan_weights(db: Database) -> None:
    """Create context weights (0-10 with a rationale) per assessment."""
    db.execute(
        """
        CREATE TABLE plan_weights (
            id TEXT PRIMARY KEY NOT NULL,
            assessment_id TEXT NOT NULL REFERENCES assessments (id),
            context TEXT NOT NULL CHECK (length(trim(context)) > 0),
            label TEXT NOT NULL,
            weight INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 10),
            rationale TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            UNIQUE (assessment_id, context)
        )
        """
    )


def m0032_plan_goals_actions(db: Database) -> None:
    """Create safety goals, their actions and the append-only action history."""
    db.execute(
        """
        CREATE TABLE plan_goals (
            id TEXT PRIMARY KEY NOT NULL,
            assessment_id TEXT NOT NULL REFERENCES assessments (id),
            side TEXT NOT NULL CHECK (side IN ('young_people', 'guardianship', 'environment')),
            statement TEXT NOT NULL CHECK (length(trim(statement)) > 0),
            library_id TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_plan_goals_assessment ON plan_goals (assessment_id)")
    db.execute(
        """
        CREATE TABLE plan_actions (
            id TEXT PRIMARY KEY NOT NULL,
            goal_id TEXT NOT NULL REFERENCES plan_goals (id),
            description TEXT NOT NULL CHECK (length(trim(description)) > 0),
            agency_id TEXT REFERENCES plan_agencies (id),
            lead TEXT NOT NULL DEFAULT '',
            due_date TEXT,
            measure TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN ('not_started', 'on_track', 'at_risk', 'done', 'cancelled')),
            carried_from_action_id TEXT REFERENCES plan_actions (id),
            position INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_plan_actions_goal ON plan_actions (goal_id)")
    db.execute("CREATE INDEX idx_plan_actions_carried ON plan_actions (carried_from_action_id)")
    db.execute(
        """
        CREATE TABLE plan_action_updates (
            id TEXT PRIMARY KEY NOT NULL,
            action_id TEXT NOT NULL REFERENCES plan_actions (id),
            kind TEXT NOT NULL CHECK (kind IN ('created', 'edited', 'progress', 'review', 'carried')),
            at_utc TEXT NOT NULL,
            happened_on TEXT,
            status TEXT NOT NULL CHECK (status IN ('not_started', 'on_track', 'at_risk', 'done', 'cancelled')),
            note TEXT NOT NULL DEFAULT '',
            changes TEXT NOT NULL DEFAULT '{}',
            author TEXT NOT NULL DEFAULT '',
            review_id TEXT REFERENCES plan_reviews (id)
        )
        """
    )
    db.execute("CREATE INDEX idx_plan_action_updates_action ON plan_action_updates (action_id, at_utc)")
    # Append-only: the history of an action is never rewritten or removed.
    db.execute(
        """
        CREATE TRIGGER plan_action_updates_no_update BEFORE UPDATE ON plan_action_updates
        BEGIN SELECT RAISE(ABORT, 'action history is append-only'); END
        """
    )
    db.execute(
        """
        CREATE TRIGGER plan_action_updates_no_delete BEFORE DELETE ON plan_action_updates
        BEGIN SELECT RAISE(ABORT, 'action history is append-only'); END
        """
    )


def m0033_plan_reviews(db: Database) -> None:
    """Create DCSM reviews and what each recorded about each open action."""
    db.execute(
        """
        CREATE TABLE plan_reviews (
            id TEXT PRIMARY KEY NOT NULL,
            assessment_id TEXT NOT NULL REFERENCES assessments (id),
            meeting_date TEXT NOT NULL,
            agencies_present TEXT NOT NULL DEFAULT '[]',
            decision TEXT CHECK (decision IS NULL OR decision IN ('continue', 'close', 'escalate', 'reassess')),
            next_review_date TEXT,
            notes TEXT NOT NULL DEFAULT '',
            finalised_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (finalised_at IS NULL OR decision IS NOT NULL)
        )
        """
    )
    db.execute("CREATE INDEX idx_plan_reviews_assessment ON plan_reviews (assessment_id, meeting_date)")
    db.execute(
        """
        CREATE TABLE plan_review_items (
            review_id TEXT NOT NULL REFERENCES plan_reviews (id),
            action_id TEXT NOT NULL REFERENCES plan_actions (id),
            status TEXT NOT NULL CHECK (status IN ('not_started', 'on_track', 'at_risk', 'done', 'cancelled')),
            note TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (review_id, action_id)
        )
        """
    )


def m0034_plan_carried(db: Database) -> None:
    """Create the links of a reassessment to the earlier assessment it carried forward."""
    db.execute(
        """
        CREATE TABLE plan_reassessments (
            assessment_id TEXT PRIMARY KEY NOT NULL REFERENCES assessments (id),
            earlier_assessment_id TEXT NOT NULL REFERENCES assessments (id),
            created_at TEXT NOT NULL,
            CHECK (assessment_id <> earlier_assessment_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE plan_carried_findings (
            assessment_id TEXT NOT NULL REFERENCES assessments (id),
            side TEXT NOT NULL CHECK (side IN ('young_people', 'guardianship', 'environment')),
            from_assessment_id TEXT NOT NULL REFERENCES assessments (id),
            rating_then TEXT CHECK (rating_then IS NULL OR rating_then IN ('red', 'amber', 'green')),
            created_at TEXT NOT NULL,
            PRIMARY KEY (assessment_id, side)
        )
        """
    )
