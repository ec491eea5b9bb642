"""The Store: an open database and one repository per aggregate.

Use :func:`open_store` to get a :class:`Store`. A new aggregate's repository is
created in :func:`open_store` and listed as a field of :class:`Store`. The UI calls
these repositories and never runs SQL itself.
"""

from __future__ import annotations

import contextlib
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from safeguarding.store.audit import AuditRepository
from safeguarding.store.database import OpenedDatabase, open_database, open_read_only
from safeguarding.store.dberrors import DB_ERRORS, is_damage, raising_damage
from safeguarding.timeutil import Clock, utc_now

if TYPE_CHECKING:  # each repository's module is imported when the repository is first used (start-up speed)
    from safeguarding.security.keys import Key
    from safeguarding.store.assessments import AssessmentRepository
    from safeguarding.store.backups import StoreBackups
    from safeguarding.store.consultations import ConsultationRepository
    from safeguarding.store.crime import CrimeRepository
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


@dataclass
class Store:
    """An open database and its repositories.

    Each repository (``locations``, ``assessments``, ``plan``, ``search`` ...: see the
    properties below) is created, and its module imported, when it is first used,
    so opening the window imports only what its first screen needs (issue 14).

    Attributes:
        path: The database file.
        db: The sqlite-utils database (use only from the thread that opened it).
        audit: The audit trail (read-only) and who is recorded as making changes
            (made at opening: it registers the trail's functions on the connection).
        opened: What happened while opening (created, migrations applied, backup, key).
        clock: Returns "now" as an aware UTC datetime; every repository uses it (tests pass a fixed clock).
    """

    path: Path
    db: Database
    audit: AuditRepository
    opened: OpenedDatabase
    clock: Clock = utc_now
    _author: str | None = field(default=None, init=False, repr=False)  # see set_author

    def set_author(self, name: str) -> None:
        """Record ``name`` as who makes later changes: in the audit trail and in each action's history.

        The plan repository takes the name when it is first used, so naming the author at
        opening does not load the plan's modules before the locations are listed (issue 14).
        """
        self.audit.set_actor(name)
        self._author = name
        if "plan" in self.__dict__:  # already made (a cached property): tell it too
            self.plan.author = name

    @cached_property
    def locations(self) -> LocationRepository:
        """Locations and the locations list."""
        from safeguarding.store.locations import LocationRepository

        return LocationRepository(self.db, self.clock)

    @cached_property
    def assessments(self) -> AssessmentRepository:
        """Assessments, side findings and observation visits."""
        from safeguarding.store.assessments import AssessmentRepository

        return AssessmentRepository(self.db, self.clock)

    @cached_property
    def meta(self) -> MetaRepository:
        """Facts about the database itself (e.g. whether it is the demo)."""
        from safeguarding.store.meta import MetaRepository

        return MetaRepository(self.db)

    @cached_property
    def maps(self) -> MapFeatureRepository:
        """Map pins and the drawn boundary of each assessment."""
        from safeguarding.store.map_features import MapFeatureRepository

        return MapFeatureRepository(self.db, self.clock)

    @cached_property
    def photos(self) -> PhotoRepository:
        """Photos of each assessment (stored once per content hash)."""
        from safeguarding.store.photos import PhotoRepository

        return PhotoRepository(self.db, self.clock)

    @cached_property
    def consultations(self) -> ConsultationRepository:
        """Consultations (engagement) of each assessment."""
        from safeguarding.store.consultations import ConsultationRepository

        return ConsultationRepository(self.db, self.clock)

    @cached_property
    def plan(self) -> PlanRepository:
        """Context weighting, safety goals, actions, their history and DCSM reviews."""
        from safeguarding.store.plan.repository import PlanRepository

        return PlanRepository(self.db, self.clock, author=self._author)

    @cached_property
    def people(self) -> PeopleRepository:
        """People named in an assessment, with pseudonyms for redacted exports."""
        from safeguarding.store.people import PeopleRepository

        return PeopleRepository(self.db, self.clock)

    @cached_property
    def redaction_decisions(self) -> RedactionDecisionRepository:
        """The answers given in the redaction preview, per assessment."""
        from safeguarding.store.redaction_decisions import RedactionDecisionRepository

        return RedactionDecisionRepository(self.db, self.clock)

    @cached_property
    def retention(self) -> RetentionRepository:
        """The retention rule, what is due for deletion, and the purge."""
        from safeguarding.store.retention import RetentionRepository

        return RetentionRepository(self.db, self.clock)

    @cached_property
    def crime(self) -> CrimeRepository:
        """Imported police.uk records and each assessment's counting distance."""
        from safeguarding.store.crime import CrimeRepository

        return CrimeRepository(self.db, self.clock)

    @cached_property
    def safety(self) -> SafetyMappingRepository:
        """Safety-mapping sessions with young people and their marks."""
        from safeguarding.store.safety_mapping import SafetyMappingRepository

        return SafetyMappingRepository(self.db, self.clock)

    @cached_property
    def form_versions(self) -> FormVersionRepository:
        """Each assessment's own form definition, kept in the database."""
        from safeguarding.store.form_versions import FormVersionRepository

        return FormVersionRepository(self.db, self.clock)

    @cached_property
    def sharing(self) -> SharingRepository:
        """The sharing log: every copy exported, which, when, by whom, for whom and why."""
        from safeguarding.store.sharing import SharingRepository

        return SharingRepository(self.db, self.clock)

    @cached_property
    def texts(self) -> RecordTexts:
        """Every text of every record and its earlier versions (subject access searches)."""
        from safeguarding.store.subject_access import RecordTexts

        return RecordTexts(self.db)

    @cached_property
    def meetings(self) -> MeetingRepository:
        """DCSM meetings (attendees, agenda, what each item decided) and what each finalised one saw."""
        from safeguarding.store.meetings import MeetingRepository

        return MeetingRepository(self.db, self.plan, self.clock)

    @cached_property
    def register(self) -> RegisterRepository:
        """The DCSM register: every location, where it stands and what is due."""
        from safeguarding.store.register import RegisterRepository

        return RegisterRepository(self.db, self.clock)

    @cached_property
    def search(self) -> SearchRepository:
        """Search across every record (an FTS5 index inside the database)."""
        from safeguarding.store.search import SearchRepository

        return SearchRepository(self.db)

    @cached_property
    def backups(self) -> StoreBackups:
        """Encrypted rotating backups of this database (take one, list them)."""
        from safeguarding.store.backups import StoreBackups

        return StoreBackups(self.db.conn, self.opened.path, self.opened.key, self.clock)

    @cached_property
    def drafts(self) -> DraftRepository:
        """The editors' unsaved work, kept inside the database (never a record)."""
        from safeguarding.store.drafts import DraftRepository

        return DraftRepository(self.db, self.clock)

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
    return Store(path=opened.path, db=opened.db, audit=AuditRepository(opened.db), opened=opened, clock=clock)


__all__ = ["Store", "open_store"]
