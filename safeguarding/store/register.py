"""Reading the DCSM register from the database in a few set-based queries (no assessment is loaded whole).

The rules that make a row's status are in :mod:`safeguarding.meetings.register`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlite_utils import Database

from safeguarding.meetings.register import LastDecision, RatingsAt, RegisterRow
from safeguarding.meetings.tracker import TrackerRow
from safeguarding.model import AssessmentStatus, Rating, Side
from safeguarding.plan.records import ActionStatus, Decision
from safeguarding.timeutil import Clock, date_from_iso, from_iso, utc_now, utc_to_local

_OPEN = "('not_started', 'on_track', 'at_risk')"


class RegisterRepository:
    """The register: one row per location, read in one pass over each table.

    Args:
        db: An open database.
        clock: Returns "now" (aware UTC); "today" for overdue actions is its UK local date.
    """

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def rows(self, today: date | None = None, *, include_archived: bool = False) -> list[RegisterRow]:
        """Every location (archived ones too if asked), by name.

        Args:
            today: The day overdue is worked out on (default: today in UK local time).
            include_archived: Include archived locations.

        Raises:
            StorageError: the database cannot be read.
        """
        today = today or utc_to_local(self._clock()).date()
        assessments = self._assessments()
        ratings = self._ratings()
        decisions = self._last_decisions()
        counts = self._action_counts(today)
        rows = []
        where = "" if include_archived else "WHERE archived = 0"
        for loc in self._db.query(
            f"SELECT id, name, ward, district, referral_date, archived FROM locations {where} "
            "ORDER BY name COLLATE NOCASE"
        ):
            own = assessments.get(loc["id"], [])
            latest = own[-1] if own else None
            history = tuple(
                RatingsAt(row["on"], {side: ratings.get(row["id"], {}).get(side) for side in Side}) for row in own
            )
            open_count, overdue = counts.get(latest["id"], (0, 0)) if latest else (0, 0)
            rows.append(
                RegisterRow(
                    location_id=loc["id"],
                    name=loc["name"],
                    ward=loc["ward"] or "",
                    district=loc["district"] or "",
                    referral_date=date_from_iso(loc["referral_date"]),
                    archived=bool(loc["archived"]),
                    latest_assessment_id=latest["id"] if latest else None,
                    assessment_status=AssessmentStatus(latest["status"]) if latest else None,
                    history=history,
                    lead_agency=latest["assessor_agency"] if latest else "",
                    lead_worker=latest["assessor_name"] if latest else "",
                    last_decision=decisions.get(loc["id"]),
                    open_actions=open_count,
                    overdue_actions=overdue,
                )
            )
        return rows

    def row(self, location_id: str, today: date | None = None) -> RegisterRow | None:
        """The register row of one location (archived or not), or None if there is no such location."""
        return next(
            (row for row in self.rows(today, include_archived=True) if row.location_id == location_id),
            None,
        )

    def action_log(self, today: date | None = None, *, since: date | None = None) -> list[TrackerRow]:
        """The action tracker: open actions of each location's latest assessment (not archived locations).

        Args:
            today: The day overdue is worked out on (default: today, UK local time).
            since: Also list actions done or cancelled on or after this day (e.g. since the last meeting).

        Raises:
            StorageError: the database cannot be read.
        """
        today = today or utc_to_local(self._clock()).date()
        closed = "" if since is None else (
            " OR (ac.status IN ('done', 'cancelled') AND EXISTS (SELECT 1 FROM plan_action_updates u "
            "WHERE u.action_id = ac.id AND u.status = ac.status AND coalesce(u.happened_on, substr(u.at_utc, 1, 10)) "
            ">= :since))"
        )  # fmt: skip
        query = f"""
            WITH latest AS (
                SELECT a.id, a.location_id FROM assessments a
                WHERE a.deleted_at IS NULL AND a.rowid = (
                    SELECT b.rowid FROM assessments b WHERE b.location_id = a.location_id AND b.deleted_at IS NULL
                    ORDER BY b.created_at DESC, b.rowid DESC LIMIT 1)
            )
            SELECT ac.id AS action_id, ac.description, ac.lead, ac.due_date, ac.status,
                   coalesce(ag.name, '') AS agency, g.statement AS goal, g.assessment_id,
                   l.id AS location_id, l.name AS location_name,
                   (SELECT u.note FROM plan_action_updates u WHERE u.action_id = ac.id AND u.note <> ''
                    ORDER BY u.at_utc DESC, u.rowid DESC LIMIT 1) AS last_note,
                   (SELECT coalesce(u.happened_on, substr(u.at_utc, 1, 10)) FROM plan_action_updates u
                    WHERE u.action_id = ac.id AND u.note <> '' ORDER BY u.at_utc DESC, u.rowid DESC LIMIT 1)
                    AS last_on
            FROM plan_actions ac
            JOIN plan_goals g ON g.id = ac.goal_id AND g.deleted_at IS NULL
            JOIN latest ON latest.id = g.assessment_id
            JOIN locations l ON l.id = latest.location_id AND l.archived = 0
            LEFT JOIN plan_agencies ag ON ag.id = ac.agency_id
            WHERE ac.status IN {_OPEN}{closed}
        """
        params: dict[str, Any] = {"since": since.isoformat()} if since else {}
        rows = []
        for row in self._db.query(query, params):
            status = ActionStatus(row["status"])
            due = date_from_iso(row["due_date"])
            rows.append(
                TrackerRow(
                    agency=row["agency"],
                    lead=row["lead"],
                    location_id=row["location_id"],
                    location_name=row["location_name"],
                    assessment_id=row["assessment_id"],
                    action_id=row["action_id"],
                    goal=row["goal"],
                    description=row["description"],
                    due_date=due,
                    status=status,
                    overdue=status.is_open and due is not None and due < today,
                    last_update_on=date_from_iso(row["last_on"]),
                    last_update=row["last_note"] or "",
                )
            )
        return rows

    # -- one query each ------------------------------------------------------------------

    def _assessments(self) -> dict[str, list[dict[str, Any]]]:
        """Live assessments per location, oldest first (as the locations list orders them)."""
        by_location: dict[str, list[dict[str, Any]]] = {}
        for row in self._db.query(
            "SELECT id, location_id, status, assessor_name, assessor_agency, start_date, created_at "
            "FROM assessments WHERE deleted_at IS NULL ORDER BY created_at, rowid"
        ):
            row["on"] = date_from_iso(row["start_date"]) or utc_to_local(from_iso(row["created_at"])).date()
            by_location.setdefault(row["location_id"], []).append(row)
        return by_location

    def _ratings(self) -> dict[str, dict[Side, Rating | None]]:
        ratings: dict[str, dict[Side, Rating | None]] = {}
        for row in self._db.query("SELECT assessment_id, side, rating FROM side_findings"):
            ratings.setdefault(row["assessment_id"], {})[Side(row["side"])] = (
                Rating(row["rating"]) if row["rating"] else None
            )
        return ratings

    def _last_decisions(self) -> dict[str, LastDecision]:
        """The latest finalised decision per location: its assessments' reviews, and referral items of meetings."""
        found: dict[str, tuple[tuple[str, str], LastDecision]] = {}
        query = """
            SELECT a.location_id AS location_id, r.meeting_date AS on_date, r.finalised_at AS at,
                   r.decision AS decision, r.route AS route, r.next_review_date AS next_review
            FROM plan_reviews r JOIN assessments a ON a.id = r.assessment_id
            WHERE r.finalised_at IS NOT NULL AND r.decision IS NOT NULL AND a.deleted_at IS NULL
            UNION ALL
            SELECT mi.location_id, m.meeting_date, m.finalised_at, mi.decision, mi.route, mi.next_review_date
            FROM meeting_items mi JOIN meetings m ON m.id = mi.meeting_id
            WHERE m.status = 'final' AND m.deleted_at IS NULL AND mi.deleted_at IS NULL
              AND mi.review_id IS NULL AND mi.decision IS NOT NULL
        """
        for row in self._db.query(query):
            order = (row["on_date"], row["at"])
            current = found.get(row["location_id"])
            if current is None or order > current[0]:
                found[row["location_id"]] = (
                    order,
                    LastDecision(
                        Decision(row["decision"]),
                        date.fromisoformat(row["on_date"]),
                        row["route"] or "",
                        date_from_iso(row["next_review"]),
                    ),
                )
        return {location: decision for location, (_, decision) in found.items()}

    def _action_counts(self, today: date) -> dict[str, tuple[int, int]]:
        """(open, overdue) actions per assessment."""
        return {
            row["assessment_id"]: (row["open"], row["overdue"])
            for row in self._db.query(
                f"""
                SELECT g.assessment_id AS assessment_id,
                       sum(ac.status IN {_OPEN}) AS open,
                       sum(ac.status IN {_OPEN} AND ac.due_date IS NOT NULL AND ac.due_date < ?) AS overdue
                FROM plan_actions ac JOIN plan_goals g ON g.id = ac.goal_id
                WHERE g.deleted_at IS NULL
                GROUP BY g.assessment_id
                """,
                [today.isoformat()],
            )
        }
