"""The plan repository's shared helpers: the clock, the author, one transaction per write, action history rows."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import NotFoundError
from safeguarding.model import new_id
from safeguarding.plan.library import PlanLibrary
from safeguarding.plan.records import ActionStatus, UpdateKind
from safeguarding.plan.rules import default_author
from safeguarding.store.dberrors import writing
from safeguarding.timeutil import Clock, date_from_iso, date_to_iso, from_iso, to_iso, utc_now, utc_to_local


def assessment_day(db: Database, assessment_id: str) -> date | None:
    """The assessment's start date, else the UK local day it was created; None if there is no such assessment."""
    rows = list(db.query("SELECT start_date, created_at FROM assessments WHERE id = ?", [assessment_id]))
    if not rows:
        return None
    return date_from_iso(rows[0]["start_date"]) or utc_to_local(from_iso(rows[0]["created_at"])).date()


class PlanTables:
    """What every part of :class:`~safeguarding.store.plan.repository.PlanRepository` shares.

    Args:
        db: An open database.
        clock: Returns "now" as an aware UTC datetime (tests pass a fixed clock).
        library: The plan library (seed agencies); default: the shipped one.
        author: Who is recording changes; default: the computer's user name.
    """

    def __init__(
        self,
        db: Database,
        clock: Clock = utc_now,
        library: PlanLibrary | None = None,
        author: str | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._library = library
        self.author = default_author() if author is None else author

    # -- helpers ------------------------------------------------------------------

    def today(self) -> date:
        """Today's date in UK local time, from the injected clock."""
        return utc_to_local(self._clock()).date()

    def _now(self) -> str:
        return to_iso(self._clock())

    def _require(self, table: str, row_id: str, message: str, live: bool = True) -> dict[str, Any]:
        where = "id = ? AND deleted_at IS NULL" if live else "id = ?"
        rows = list(self._db[table].rows_where(where, [row_id]))
        if not rows:
            raise NotFoundError(message)
        return rows[0]

    def _write(self, work: Any) -> None:
        with writing(self._db):
            work()

    def _append(
        self,
        action_id: str,
        kind: UpdateKind,
        status: ActionStatus,
        *,
        note: str = "",
        changes: dict[str, list[str]] | None = None,
        happened_on: date | None = None,
        review_id: str | None = None,
        at: str | None = None,
    ) -> None:
        self._db.table("plan_action_updates").insert(
            {
                "id": new_id(),
                "action_id": action_id,
                "kind": kind.value,
                "at_utc": at or self._now(),
                "happened_on": date_to_iso(happened_on),
                "status": status.value,
                "note": note.strip(),
                "changes": json.dumps(changes or {}, ensure_ascii=False, sort_keys=True),
                "author": self.author,
                "review_id": review_id,
            }
        )
