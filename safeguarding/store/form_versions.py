"""Each assessment's own form definition, kept in the database (tables of schema step 0049).

An assessment is opened, edited and printed with the wording it was written
with, whatever forms are installed later (design rule: "an assessment remembers
the form id and version it was written with, and still opens and exports after
the form changes"). Remembering only the id and version is not enough once a
version is uninstalled, so the exact TOML text is kept:

* when an assessment is created (:func:`keep_form`, inside the creating
  transaction);
* for an assessment created before this table existed, the first time it is
  opened or exported while the installed library still has its version.

Only an assessment whose version was never kept and is no longer installed
falls back to the newest installed version of its form, and the window says so
in words (:attr:`AssessmentForm.notice`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from safeguarding.errors import FormDefinitionError
from safeguarding.forms import FormDefinition, FormLibrary, parse_form
from safeguarding.model import Assessment
from safeguarding.store.dberrors import DB_ERRORS
from safeguarding.timeutil import Clock, to_iso, utc_now


@dataclass(frozen=True)
class AssessmentForm:
    """The form an assessment opens with, and whether it is its own.

    Attributes:
        form: The definition to open, edit and print the assessment with.
        own: True if it is the definition the assessment was written with (kept
            in the database, or installed at exactly its version).
        notice: Words for the user when it is not ("" when it is).
    """

    form: FormDefinition
    own: bool
    notice: str = ""


@functools.lru_cache(maxsize=32)
def _identity(text: str) -> tuple[str, int] | None:
    """The (form id, version) that ``text`` defines, or None if it is not a valid form."""
    try:
        form = parse_form(text, Path("form"))
    except FormDefinitionError:
        return None
    return form.id, form.version


def keep_form(db: Database, assessment_id: str, form: FormDefinition, now: str) -> bool:
    """Keep ``form``'s exact text in the database as the form of ``assessment_id``.

    Call inside the transaction that writes the assessment. The text is stored
    once per wording; an assessment that already has a kept form keeps it.

    Args:
        db: The open database.
        assessment_id: An existing assessment.
        form: The definition the assessment is written with.
        now: The time to record (ISO 8601 UTC).

    Returns:
        True if the form is (now) kept; False if ``form`` carries no text, or text
        that does not define this form id and version (a definition made in code),
        so there is nothing faithful to keep.

    Raises:
        The database's errors (the caller's transaction turns them into StorageError).
    """
    if not form.text or _identity(form.text) != (form.id, form.version):
        return False
    db.execute(
        "INSERT OR IGNORE INTO form_definitions (digest, form_id, version, toml, stored_at) VALUES (?, ?, ?, ?, ?)",
        [form.digest, form.id, form.version, form.text, now],
    )
    db.execute(
        "INSERT OR IGNORE INTO assessment_forms (assessment_id, form_digest, stored_at) VALUES (?, ?, ?)",
        [assessment_id, form.digest, now],
    )
    return True


class FormVersionRepository:
    """Reads each assessment's kept form definition, keeping it on first open when it is still installed.

    Args:
        db: An open database.
        clock: Returns "now" as an aware UTC datetime.
    """

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock
        self._parsed: dict[str, FormDefinition] = {}

    def kept(self, assessment_id: str) -> FormDefinition | None:
        """Return the form definition kept for ``assessment_id``, or None if none is kept.

        Raises:
            FormDefinitionError: if the kept text can no longer be read as a form
                (for example, written by a newer version of the app).
        """
        row = self._db.execute(
            "SELECT d.digest, d.toml, d.form_id, d.version FROM assessment_forms AS a "
            "JOIN form_definitions AS d ON d.digest = a.form_digest WHERE a.assessment_id = ?",
            [assessment_id],
        ).fetchone()
        if row is None:
            return None
        digest, text, form_id, version = row
        if digest not in self._parsed:
            self._parsed[digest] = parse_form(text, Path(f"{form_id} version {version} (kept in this database)"))
        return self._parsed[digest]

    def keep(self, assessment_id: str, form: FormDefinition) -> bool:
        """Keep ``form`` as the form of ``assessment_id`` (see :func:`keep_form`).

        Returns:
            True if it is kept; False if there was nothing faithful to keep or the
            database cannot be written now (read-only): the caller still uses ``form``.
        """
        try:
            with self._db.atomic():
                return keep_form(self._db, assessment_id, form, to_iso(self._clock()))
        except DB_ERRORS:
            return False

    def for_assessment(self, assessment: Assessment, library: FormLibrary) -> AssessmentForm:
        """Return the form to open, edit and print ``assessment`` with.

        In order: the definition kept in the database; else the installed
        definition of exactly its id and version (then kept, so it survives a
        later uninstall); else the newest installed version of its form, with a
        notice in words.

        Raises:
            FormDefinitionError: if nothing is kept and no version of its form is installed.
        """
        problem = ""
        try:
            kept = self.kept(assessment.id)
        except FormDefinitionError as error:
            kept, problem = None, f" The copy kept in this database could not be read ({error})."
        if kept is not None:
            return AssessmentForm(kept, own=True)
        installed = library.exact(assessment.form_id, assessment.form_version)
        if installed is not None and not problem:
            self.keep(assessment.id, installed)
            return AssessmentForm(installed, own=True)
        if installed is not None:
            return AssessmentForm(installed, own=True, notice=problem.strip())
        newest = library.get(assessment.form_id)
        notice = (
            f"This assessment was written with version {assessment.form_version} of the form "
            f"“{newest.title}”, which is not installed and was not kept in this database.{problem} "
            f"It is shown with version {newest.version}, so some wording may differ. Every answer is kept as "
            "it was; an answer whose option this version does not offer is marked "
            "“(no longer in the form)”."
        )
        return AssessmentForm(newest, own=False, notice=notice)
