"""The Store: an open database and one repository per aggregate.

Use :func:`open_store` to get a :class:`Store`. A new aggregate's repository is
created in :func:`open_store` and listed as a field of :class:`Store`. The UI calls
these repositories and never runs SQL itself.
"""

from __future__ import annotations

import contextlib
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from safeguarding.security.keys import Key
from safeguarding.store.assessments import AssessmentRepository
from safeguarding.store.audit import AuditRepository
from safeguarding.store.backups import StoreBackups
from safeguarding.store.consultations import ConsultationRepository
from safeguarding.store.crime import CrimeRepository
from safeguarding.store.database import OpenedDatabase, open_database, open_read_only
from safeguarding.store.dberrors import DB_ERRORS, is_damage, raising_damage
from safeguarding.store.drafts import DraftRepository
from safeguarding.store.form_versions import FormVersionRepository
from safeguarding.store.locations import LocationRepository
from safeguarding.store.map_features import MapFeatureRepository
from safeguarding.store.meetings import MeetingRepository
from safeguarding.store.meta import MetaRepository
from safeguarding.store.people import PeopleRepository
from safeguarding.store.photos import PhotoRepository
from safeguarding.store.plan.repository import PlanRepository
from safeguarding.store.redaction_decisions import RedactionDecisionRepository
from safeguarding.store.register import RegisterRepository
from safeguarding.store.retention import RetentionRepository
from safeguarding.store.safety_mapping import SafetyMappingRepository
from safeguarding.store.search import SearchRepository
from safeguarding.store.sharing import SharingRepository
from safeguarding.store.subject_access import RecordTexts
from safeguarding.timeutil import Clock, utc_now


@dataclass
class Store:
    """An open database and its repositories.

    Attributes:
        path: The database file.
        db: The sqlite-utils database (use only from the thread that opened it).
        locations: Locations and the locations list.
        assessments: Assessments, side findings and observation visits.
        meta: Facts about the database itself (e.g. whether it is the demo).
        maps: Map pins and the drawn boundary of each assessment.
        photos: Photos of each assessment (stored once per content hash).
        consultations: Consultations (engagement) of each assessment.
        plan: Context weighting, safety goals, actions, their history and DCSM reviews.
        audit: The audit trail (read-only) and who is recorded as making changes.
        people: People named in an assessment, with pseudonyms for redacted exports.
        redaction_decisions: The answers given in the redaction preview, per assessment.
        retention: The retention rule, what is due for deletion, and the purge.
        crime: Imported police.uk records and each assessment's counting distance.
        safety: Safety-mapping sessions with young people and their marks.
        form_versions: Each assessment's own form definition, kept in the database.
        sharing: The sharing log: every copy exported, which, when, by whom, for whom and why.
        texts: Every text of every record and its earlier versions (subject access searches).
        meetings: DCSM meetings (attendees, agenda, what each item decided) and what each finalised one saw.
        register: The DCSM register: every location, where it stands and what is due.
        search: Search across every record (an FTS5 index inside the database).
        backups: Encrypted rotating backups of this database (take one, list them).
        drafts: The editors' unsaved work, kept inside the database (never a record).
        opened: What happened while opening (created, migrations applied, backup, key).
        clock: Returns "now" as an aware UTC datetime; every repository uses it (tests pass a fixed clock).
    """

    path: Path
    db: Database
    locations: LocationRepository
    assessments: AssessmentRepository
    meta: MetaRepository
    maps: MapFeatureRepository
    photos: PhotoRepository
    consultations: ConsultationRepository
    plan: PlanRepository
    audit: AuditRepository
    people: PeopleRepository
    redaction_decisions: RedactionDecisionRepository
    retention: RetentionRepository
    crime: CrimeRepository
    safety: SafetyMappingRepository
    form_versions: FormVersionRepository
    sharing: SharingRepository
    texts: RecordTexts
    meetings: MeetingRepository
    register: RegisterRepository
    search: SearchRepository
    backups: StoreBackups
    drafts: DraftRepository
    opened: OpenedDatabase
    clock: Clock = utc_now

    def close(self) -> None:
        """Checkpoint the write-ahead log (if writable) and close the connection.

        On a damaged file (:func:`~safeguarding.store.dberrors.is_damage`) a failed
        checkpoint is let go: the log stays beside the file, which is closed all the same.
        """
        try:
            if not self.read_only:
                self._anchor_audit_trail()
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except DB_ERRORS as error:
            if not is_damage(error):
                raise
        finally:
            self.db.conn.close()

    def _anchor_audit_trail(self) -> None:
        """Check what was added to the audit trail since opening, and anchor its last entry beside the file."""
        from safeguarding.store.audit_chain import check_and_anchor

        with contextlib.suppress(*DB_ERRORS):  # a damaged file still closes
            check_and_anchor(self.db, self.path)

    def raising_damage(self) -> AbstractContextManager[None]:
        """Within it, database work that fails because the file is damaged raises DamagedDatabaseError.

        The opening checks do not read every page, so damage can show later, when a
        damaged page is read. Callers catch :class:`~safeguarding.errors.DamagedDatabaseError`
        and offer the latest good backup (see :func:`~safeguarding.store.dberrors.raising_damage`).
        """
        return raising_damage(self.path)

    @property
    def read_only(self) -> bool:
        """True if the store was opened with ``read_only=True``."""
        return self.opened.read_only


def open_store(path: Path, clock: Clock = utc_now, *, read_only: bool = False, key: Key | None = None) -> Store:
    """Open (creating or migrating if needed) the database at ``path``.

    Args:
        path: The database file.
        clock: Returns "now" as an aware UTC datetime.
        read_only: Open an existing, up-to-date database without writing
            anything (for exports from a read-only folder). Writes then fail.
        key: The data key of an encrypted database (see
            :func:`safeguarding.security.keys.unlock`); a new database is
            created encrypted with it. None: a plain database.

    Raises:
        StorageError: or a subclass, with a plain-English message (see
            :func:`safeguarding.store.database.open_database` and
            :func:`~safeguarding.store.database.open_read_only`).
    """
    opened = open_read_only(Path(path), key) if read_only else open_database(Path(path), key)
    plan = PlanRepository(opened.db, clock)
    return Store(
        path=opened.path,
        db=opened.db,
        locations=LocationRepository(opened.db, clock),
        assessments=AssessmentRepository(opened.db, clock),
        meta=MetaRepository(opened.db),
        maps=MapFeatureRepository(opened.db, clock),
        photos=PhotoRepository(opened.db, clock),
        consultations=ConsultationRepository(opened.db, clock),
        plan=plan,
        audit=AuditRepository(opened.db),
        people=PeopleRepository(opened.db, clock),
        redaction_decisions=RedactionDecisionRepository(opened.db, clock),
        retention=RetentionRepository(opened.db, clock),
        crime=CrimeRepository(opened.db, clock),
        safety=SafetyMappingRepository(opened.db, clock),
        form_versions=FormVersionRepository(opened.db, clock),
        sharing=SharingRepository(opened.db, clock),
        texts=RecordTexts(opened.db),
        meetings=MeetingRepository(opened.db, plan, clock),
        register=RegisterRepository(opened.db, clock),
        search=SearchRepository(opened.db),
        backups=StoreBackups(opened.db.conn, opened.path, opened.key, clock),
        drafts=DraftRepository(opened.db, clock),
        opened=opened,
        clock=clock,
    )


__all__ = ["Store", "open_store"]
