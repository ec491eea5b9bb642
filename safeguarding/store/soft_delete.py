"""Soft deletion of a record that belongs to an assessment (design rule: soft first, purged later)."""

from __future__ import annotations

from sqlite_utils import Database

from safeguarding.errors import NotFoundError
from safeguarding.store.dberrors import DB_ERRORS, write_error


def soft_delete_assessment_record(db: Database, table: str, record_id: str, now_iso: str, missing: str) -> None:
    """Mark a record of ``table`` deleted and touch its assessment's ``updated_at``, in one transaction.

    The record stays in the file (hidden everywhere) until the retention rule purges it; the
    audit trail records the change.

    Args:
        db: An open database.
        table: A table with ``id``, ``assessment_id``, ``deleted_at`` and ``updated_at`` columns.
        record_id: The record to delete.
        now_iso: The time of deletion, ISO 8601 UTC.
        missing: The message when there is no such undeleted record, e.g. "That visit no longer exists."

    Raises:
        NotFoundError: if there is no such undeleted record.
        StorageError: if the database cannot be written.
    """
    rows = list(db[table].rows_where("id = ? AND deleted_at IS NULL", [record_id]))
    if not rows:
        raise NotFoundError(missing)
    try:
        with db.atomic():
            db.table(table).update(record_id, {"deleted_at": now_iso, "updated_at": now_iso})
            db.table("assessments").update(rows[0]["assessment_id"], {"updated_at": now_iso})
    except DB_ERRORS as error:
        raise write_error(error) from error
