"""The sharing log in the database: record an export, list them per assessment or across the database.

The table (schema step 0051) refuses changes and deletions, and is audited like every
table, so its entries are also sealed in the audit trail.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import StorageError
from safeguarding.protection.sharing import VIA_WINDOW, SharingDetails, SharingRecord, file_fingerprint
from safeguarding.store.audit_schema import default_actor
from safeguarding.store.dberrors import DB_ERRORS, write_error
from safeguarding.timeutil import Clock, from_iso, to_iso, utc_now


def _record(row: dict[str, Any]) -> SharingRecord:
    return SharingRecord(
        id=row["id"],
        kind=row["kind"],
        redacted=row["copy"] == "redacted",
        shared_at=from_iso(row["shared_at"]),
        actor=row["actor"],
        about_assessment=row["about_assessment"] or "",
        location_name=row["location_name"],
        description=row["description"],
        file_name=row["file_name"],
        file_sha256=row["file_sha256"],
        file_bytes=int(row["file_bytes"]),
        details=SharingDetails(row["recipient"], row["lawful_basis"], row["purpose"]),
        via=row["via"],
    )


class SharingRepository:
    """Records exports in the sharing log and reads it back (newest first).

    Args:
        db: The open database.
        clock: Returns "now" (aware UTC).
    """

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def _actor(self) -> str:
        """The name the audit trail records for this connection (the practitioner's profile)."""
        try:
            row = self._db.execute("SELECT audit_actor()").fetchone()
            return str(row[0] or "")
        except DB_ERRORS:
            return default_actor()

    def record(
        self,
        kind: str,
        written: Path,
        *,
        redacted: bool = False,
        assessment_id: str = "",
        description: str = "",
        details: SharingDetails | None = None,
        via: str = VIA_WINDOW,
    ) -> SharingRecord:
        """Log one file just exported: its name, size and SHA-256, what it is, and for whom and why.

        Args:
            kind: A code of :data:`~safeguarding.protection.sharing.KINDS`.
            written: The file written (read once for its SHA-256).
            redacted: It is the redacted copy.
            assessment_id: The assessment it is about ("" for an export across the database).
            description: What it is, in words (default: the kind in words and the location).
            details: For whom and why (optional).
            via: ``"window"`` or ``"command line"``.

        Returns:
            The record written.

        Raises:
            StorageError: the file cannot be read, or the log cannot be written.
        """
        location = ""
        if assessment_id:
            row = self._db.execute(
                "SELECT l.name FROM assessments AS a JOIN locations AS l ON l.id = a.location_id WHERE a.id = ?",
                [assessment_id],
            ).fetchone()
            location = str(row[0]) if row else ""
        try:
            sha256, size = file_fingerprint(written)
        except OSError as error:
            name = Path(written).name
            raise StorageError(f"{name} could not be read to log it ({error.strerror or error}).") from error
        record = SharingRecord(
            kind=kind,
            redacted=redacted,
            shared_at=self._clock(),
            actor=self._actor(),
            about_assessment=assessment_id,
            location_name=location,
            description=description,
            file_name=Path(written).name,
            file_sha256=sha256,
            file_bytes=size,
            details=details or SharingDetails(),
            via=via,
        )
        if not record.description:
            record = replace(record, description=_describe(record))
        try:
            with self._db.atomic():
                self._db.table("sharing_log").insert(
                    {
                        "id": record.id,
                        "shared_at": to_iso(record.shared_at),
                        "actor": record.actor,
                        "kind": record.kind,
                        "copy": "redacted" if record.redacted else "full",
                        "about_assessment": record.about_assessment or None,
                        "location_name": record.location_name,
                        "description": record.description,
                        "file_name": record.file_name,
                        "file_sha256": record.file_sha256,
                        "file_bytes": record.file_bytes,
                        "recipient": record.details.recipient.strip(),
                        "lawful_basis": record.details.lawful_basis,
                        "purpose": record.details.purpose.strip(),
                        "via": record.via,
                    }
                )
        except DB_ERRORS as error:
            raise write_error(error) from error
        return record

    def entries(self, assessment_id: str | None = None) -> list[SharingRecord]:
        """Every logged export (of one assessment if given), newest first."""
        where, params = ("WHERE about_assessment = ?", [assessment_id]) if assessment_id else ("", [])
        cursor = self._db.execute(f"SELECT * FROM sharing_log {where} ORDER BY shared_at DESC, rowid DESC", params)
        columns = [item[0] for item in cursor.description]
        return [_record(dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]

    def count(self) -> int:
        """How many exports are logged."""
        return int(self._db.execute("SELECT count(*) FROM sharing_log").fetchone()[0])


def _describe(record: SharingRecord) -> str:
    about = f" of {record.location_name}" if record.location_name else ""
    return f"{record.kind_label}{about}"
