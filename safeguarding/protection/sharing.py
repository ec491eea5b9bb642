"""The sharing log: what left the app, which copy, when, by whom, for whom and why; and its CSV.

Information-governance officers ask first for exactly this (domain guide: reports are
OFFICIAL-SENSITIVE and shared only through approved channels). Every export the app
writes (a DCSM report, full or redacted; the action plan CSV; GeoJSON; an assessment's
history; photo copies; a subject access export; this log itself) is recorded by
:class:`~safeguarding.store.sharing.SharingRepository` with the file's name, size and
SHA-256, so a copy found later can be matched to its entry. "For whom" and "why" are
optional; the lawful basis is chosen from :data:`LAWFUL_BASES` (your information
governance officer decides which applies) and explained in free text.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from safeguarding.model import new_id
from safeguarding.private_files import write_private_atomically
from safeguarding.timeutil import utc_to_local

KINDS = {
    "dcsm_report": "DCSM report (PDF)",
    "action_plan": "Action plan (CSV)",
    "geojson": "Map (GeoJSON)",
    "history": "Assessment history (CSV)",
    "photo_copy": "Photo copy (JPEG)",
    "subject_access": "Subject access export (CSV)",
    "sharing_log": "Sharing log (CSV)",
    "meeting_pack": "Meeting pack (PDF)",
    "meeting_minutes": "Meeting minutes (PDF)",
    "action_tracker": "Action tracker (CSV)",
    "dcsm_register": "DCSM register (PDF)",
}
"""What was exported, by code; a code not listed is shown as it is (later kinds of export)."""

LAWFUL_BASES = {
    "safeguarding": "Safeguarding: public task (UK GDPR Art. 6(1)(e)), DPA 2018 Sch. 1 para. 18",
    "legal_obligation": "Legal obligation (UK GDPR Art. 6(1)(c))",
    "vital_interests": "Vital interests: a risk to life (UK GDPR Art. 6(1)(d))",
    "crime_disorder": "Crime and Disorder Act 1998 s.115 (sharing with partners)",
    "consent": "Consent (UK GDPR Art. 6(1)(a))",
    "subject_access": "Subject access request (UK GDPR Art. 15)",
    "own_agency": "Own agency's use (not shared outside)",
    "other": "Other (say why)",
}
"""The short list of reasons offered, by code (the words are kept in the log as chosen)."""

VIA_WINDOW = "window"
VIA_COMMAND_LINE = "command line"
CSV_HEADERS = [
    "When (UK time)",
    "Who",
    "What",
    "Copy",
    "For whom",
    "Lawful basis",
    "Why",
    "About",
    "File",
    "Size (bytes)",
    "SHA-256",
    "How",
]


@dataclass(frozen=True)
class SharingDetails:
    """What the user says about one export (every part optional).

    Attributes:
        recipient: For whom, e.g. "Maidstone DCSM, 19 November".
        lawful_basis: A code of :data:`LAWFUL_BASES`, or "".
        purpose: Why, in the user's words.
    """

    recipient: str = ""
    lawful_basis: str = ""
    purpose: str = ""


@dataclass(frozen=True)
class SharingRecord:
    """One export, as logged.

    Attributes:
        kind: A code of :data:`KINDS`.
        redacted: True for a redacted copy, False for the full one.
        shared_at: When (aware UTC).
        actor: Who (the practitioner profile's name, "" if none was set).
        about_assessment: The assessment it is about, if one ("" for a whole-database export).
        location_name: The location's name then.
        description: What it was, in words.
        file_name: The file's name (without its folder).
        file_sha256: The SHA-256 of the file as written (hex).
        file_bytes: Its size.
        details: For whom and why.
        via: ``"window"`` or ``"command line"``.
        id: The log entry's id.
    """

    kind: str
    redacted: bool
    shared_at: datetime
    actor: str = ""
    about_assessment: str = ""
    location_name: str = ""
    description: str = ""
    file_name: str = ""
    file_sha256: str = ""
    file_bytes: int = 0
    details: SharingDetails = field(default_factory=SharingDetails)
    via: str = VIA_WINDOW
    id: str = field(default_factory=new_id)

    @property
    def kind_label(self) -> str:
        """What, in words."""
        return KINDS.get(self.kind, self.kind.replace("_", " ").capitalize())

    @property
    def copy_label(self) -> str:
        """``"Redacted"`` or ``"Full"``."""
        return "Redacted" if self.redacted else "Full"

    @property
    def basis_label(self) -> str:
        """The lawful basis in words ("" if none was given)."""
        code = self.details.lawful_basis
        return LAWFUL_BASES.get(code, code)

    def row(self) -> list[str]:
        """The record as a row of :data:`CSV_HEADERS`."""
        return [
            f"{utc_to_local(self.shared_at):%d/%m/%Y %H:%M:%S}",
            self.actor or "Not recorded",
            self.description or self.kind_label,
            self.copy_label,
            self.details.recipient,
            self.basis_label,
            self.details.purpose,
            self.location_name,
            self.file_name,
            str(self.file_bytes),
            self.file_sha256,
            self.via,
        ]


def file_fingerprint(path: Path) -> tuple[str, int]:
    """The SHA-256 (hex) and size in bytes of a file just written.

    Raises:
        OSError: it cannot be read.
    """
    digest = hashlib.sha256()
    size = 0
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def csv_text(headers: list[str], rows: Iterable[list[str]]) -> str:
    """Rows as CSV text (the standard dialect, lines ended by CRLF as RFC 4180 says)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue()


def write_sharing_csv(records: Iterable[SharingRecord], path: Path) -> Path:
    """Write the log as CSV (UTF-8 with a byte-order mark so spreadsheet programs read accents), owner-only.

    Written to a temporary file and moved into place, so a failure leaves no half file.

    Raises:
        ExportError: the folder cannot be written or the disk is full.
    """
    path = Path(path).absolute()
    text = csv_text(CSV_HEADERS, (record.row() for record in records))
    return write_private_atomically(path, text, encoding="utf-8-sig", what="the sharing log")
