"""Storage of the partner agencies: seeded once from the plan library, never deleted while an action names one."""

from __future__ import annotations

from safeguarding.errors import ValidationError
from safeguarding.model import new_id
from safeguarding.plan.library import shipped_library
from safeguarding.plan.records import ActionStatus, Agency
from safeguarding.plan.rules import AgencyInUseError
from safeguarding.store.plan.base import PlanTables
from safeguarding.store.revisions import FieldChange, apply_changes, connection_actor
from safeguarding.timeutil import from_iso, to_iso

AGENCIES_SEEDED = "plan_agencies_seeded"
"""``app_meta`` key set once the seed agencies have been added (so deleting them all is respected)."""


class PlanAgencies(PlanTables):
    """The partner agencies that own actions (one list for the whole database)."""

    def agencies(self) -> list[Agency]:
        """Return the partner agencies by name; a new database is first seeded from the library.

        Raises:
            StorageError: if the seed cannot be written.
        """
        seeded = list(self._db.query("SELECT value FROM app_meta WHERE key = ?", [AGENCIES_SEEDED]))
        if not seeded:
            library = self._library or shipped_library()
            now = self._now()

            def seed() -> None:
                existing = {
                    str(row["name"]).casefold()
                    for row in self._db.query("SELECT name FROM plan_agencies WHERE deleted_at IS NULL")
                }
                for agency in library.agencies:
                    if agency.name.casefold() not in existing:
                        self._db.table("plan_agencies").insert(
                            {"id": new_id(), "name": agency.name, "created_at": now, "updated_at": now}
                        )
                self._db.table("app_meta").upsert({"key": AGENCIES_SEEDED, "value": now}, pk="key")

            self._write(seed)
        return [
            Agency(
                id=row["id"],
                name=row["name"],
                created_at=from_iso(row["created_at"]),
                updated_at=from_iso(row["updated_at"]),
                revision=row["revision"],
            )
            for row in self._db.query(
                "SELECT * FROM plan_agencies WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE"
            )
        ]

    def _check_agency_name(self, name: str, except_id: str = "") -> str:
        name = name.strip()
        if not name:
            raise ValidationError("Please give the agency a name.", "name")
        clash = list(
            self._db.query(
                "SELECT id FROM plan_agencies WHERE deleted_at IS NULL AND lower(name) = lower(?) AND id <> ?",
                [name, except_id],
            )
        )
        if clash:
            raise ValidationError(f"There is already an agency called {name}.", "name")
        return name

    def add_agency(self, name: str) -> Agency:
        """Add a partner agency.

        Raises:
            ValidationError: if the name is blank or already used.
            StorageError: if the database cannot be written.
        """
        self.agencies()
        name = self._check_agency_name(name)
        now = self._clock()
        agency = Agency(name=name, created_at=now, updated_at=now)
        self._write(
            lambda: self._db.table("plan_agencies").insert(
                {"id": agency.id, "name": name, "created_at": to_iso(now), "updated_at": to_iso(now)}
            )
        )
        return agency

    def rename_agency(self, agency_id: str, name: str, base: str | None = None) -> None:
        """Rename an agency; actions it owns show the new name (their history keeps the old one).

        Args:
            agency_id: The agency.
            name: Its new name.
            base: Its name as the editor showed it; if another window has renamed it since,
                nothing is saved. None: rename whatever it is called now.

        Raises:
            NotFoundError, ValidationError, StorageError.
            EditConflictError: another window renamed it meanwhile (field ``name``).
        """
        row = self._require("plan_agencies", agency_id, "That agency no longer exists.")
        name = self._check_agency_name(name, agency_id)
        loaded = row["name"] if base is None else base
        self._write(
            lambda: apply_changes(
                self._db,
                "plan_agencies",
                agency_id,
                [FieldChange("name", loaded, name)] if loaded != name else [],
                now=self._clock(),
                actor=connection_actor(self._db),
            )
        )

    def agency_usage(self, agency_id: str) -> list[str]:
        """Describe the actions (any assessment, any status) that name an agency as owner."""
        return [
            f"{row['location']}: {row['description']} ({ActionStatus(row['status']).label.lower()})"
            for row in self._db.query(
                """
                SELECT a.description, a.status, l.name AS location
                FROM plan_actions a JOIN plan_goals g ON g.id = a.goal_id
                JOIN assessments s ON s.id = g.assessment_id JOIN locations l ON l.id = s.location_id
                WHERE a.agency_id = ? ORDER BY l.name, a.created_at
                """,
                [agency_id],
            )
        ]

    def delete_agency(self, agency_id: str) -> None:
        """Remove an agency from the list, unless an action names it as owner.

        Raises:
            AgencyInUseError: listing the actions that use it (nothing changed).
            NotFoundError, StorageError.
        """
        row = self._require("plan_agencies", agency_id, "That agency no longer exists.")
        used = self.agency_usage(agency_id)
        if used:
            raise AgencyInUseError(row["name"], used)
        now = self._now()
        self._write(lambda: self._db.table("plan_agencies").update(agency_id, {"deleted_at": now, "updated_at": now}))
