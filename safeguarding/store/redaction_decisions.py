"""Storage of the user's answers to the redaction preview (replace or keep one occurrence of a name).

One row per assessment and occurrence key (a hash of the matched words and the
words either side, see :func:`safeguarding.protection.name_matching.occurrence_key`):
the same phrase gets the same answer wherever it recurs in that assessment, and
the next export asks nothing already answered. A purge of the assessment removes
its rows (they follow ``assessment_id``); the audit trail records each answer.

A row's id is made from its assessment and occurrence key (:func:`decision_id`),
so the same answer given on two laptops of a team is one record, not two records
that clash on the unique (assessment, occurrence) index when they meet.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from sqlite_utils import Database

from safeguarding.store.dberrors import DB_ERRORS, write_error
from safeguarding.timeutil import Clock, to_iso, utc_now

_DECISIONS = uuid.UUID("6f1c2b0e-5a43-4f7e-9d1a-2c8e7b5d4a10")
"""The namespace of redaction-decision ids (any fixed UUID; never change it)."""


def decision_id(assessment_id: str, occurrence_key: str) -> str:
    """The id of the answer about ``occurrence_key`` in ``assessment_id``: 32 lowercase hex characters.

    The same on every laptop (a name-based UUID 5), so team sync sees one record per answer.
    """
    return uuid.uuid5(_DECISIONS, f"{assessment_id}/{occurrence_key}").hex


class RedactionDecisionRepository:
    """Read and remember the answers given in the redaction preview.

    Args:
        db: An open database.
        clock: Returns "now" as an aware UTC datetime.
    """

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def for_assessment(self, assessment_id: str) -> dict[str, bool]:
        """Return every remembered answer of an assessment: occurrence key → True (replace) / False (keep)."""
        rows = self._db.execute(
            "SELECT occurrence_key, replaced FROM redaction_decisions WHERE assessment_id = ?", [assessment_id]
        ).fetchall()
        return {key: bool(replaced) for key, replaced in rows}

    def remember(self, assessment_id: str, answers: Mapping[str, bool]) -> int:
        """Save answers (new or changed ones only), in one transaction; return how many rows changed.

        Raises:
            StorageError: the database cannot be written (nothing is saved).
        """
        known = self.for_assessment(assessment_id)
        changed = {key: value for key, value in answers.items() if known.get(key) is not value}
        if not changed:
            return 0
        now = to_iso(self._clock())
        try:
            with self._db.atomic():
                for key, value in changed.items():
                    if key in known:
                        self._db.execute(
                            "UPDATE redaction_decisions SET replaced = ?, updated_at = ? "
                            "WHERE assessment_id = ? AND occurrence_key = ?",
                            [int(value), now, assessment_id, key],
                        )
                    else:
                        self._db.table("redaction_decisions").insert(
                            {
                                "id": decision_id(assessment_id, key),
                                "assessment_id": assessment_id,
                                "occurrence_key": key,
                                "replaced": int(value),
                                "created_at": now,
                                "updated_at": now,
                            }
                        )
        except DB_ERRORS as error:
            raise write_error(error) from error
        return len(changed)
