"""The SQL of team migration 5: the tables added to team sync after the first release.

Safety-mapping sessions and marks, police-data search areas, redaction answers,
the form definition each assessment was written with, and the sharing log
travel now (:data:`safeguarding.team.tables.SYNCED_TABLES`). Most need nothing
new on the server: their records carry their assessment, and the policies of
migration 3 already give practitioners only the assessments they are on. What
changes (docs/team.md explains why):

* ``form_definitions`` (the team's form wordings, no personal data, one per
  text) and ``sharing_log`` entries about no single assessment (a register
  export) belong to no assessment: practitioners may add them. A practitioner
  reads the sharing-log entries of the assessments they are on and the ones they
  logged themselves; coordinators read the whole, combined log.
* The sharing log only grows on the server too: an entry, once there, cannot be
  changed or deleted by anyone (a trigger), so it can never be in conflict.
* A partner receives the form definition of each assessment it is shown (it
  needs it to open the assessment; a form holds no personal data), and nothing
  else new: safety-mapping marks, police-data search areas, redaction answers
  and the sharing log stay within the assessment's practitioners and coordinators.
  ``team.partner_pull`` of migration 4 is kept, renamed ``team.partner_pull_4``,
  and the new function adds to what it returns.

See :mod:`safeguarding.team.server_sql` for the conventions (``__P__`` is the
role prefix; every statement is idempotent).
"""

from __future__ import annotations

_SHARED = (
    "(assessment_id IS NULL AND table_name IN "
    "('locations', 'plan_agencies', 'team_conflicts', 'form_definitions', 'sharing_log'))"
)
"""Team-wide records a practitioner may add or change (migration 3's list, and two more)."""


def more_shared_tables(mine: str) -> str:
    """The SQL of migration 5.

    Args:
        mine: The SQL condition "the record's assessment is one the signed-in user is on".
    """
    readable = f"(assessment_id IS NULL AND (table_name <> 'sharing_log' OR created_by = session_user)) OR {mine}"
    return f"""
DROP POLICY IF EXISTS practitioner_read ON team.records;
CREATE POLICY practitioner_read ON team.records FOR SELECT TO __P__practitioner
    USING ((SELECT team.my_role()) = 'practitioner' AND ({readable}));
DROP POLICY IF EXISTS practitioner_add ON team.records;
CREATE POLICY practitioner_add ON team.records FOR INSERT TO __P__practitioner
    WITH CHECK ((SELECT team.my_role()) = 'practitioner'
                AND ({_SHARED} OR table_name = 'assessments' OR {mine}));
DROP POLICY IF EXISTS practitioner_change ON team.records;
CREATE POLICY practitioner_change ON team.records FOR UPDATE TO __P__practitioner
    USING ((SELECT team.my_role()) = 'practitioner' AND ({_SHARED} OR {mine}))
    WITH CHECK ((SELECT team.my_role()) = 'practitioner' AND ({_SHARED} OR {mine}));

CREATE OR REPLACE FUNCTION team.sharing_log_only_grows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.data IS DISTINCT FROM OLD.data OR NEW.deleted OR NEW.table_name <> OLD.table_name
            OR NEW.assessment_id IS DISTINCT FROM OLD.assessment_id THEN
        RAISE EXCEPTION 'The team sharing log only grows: an entry cannot be changed or deleted'
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS records_sharing_log_grows ON team.records;
CREATE TRIGGER records_sharing_log_grows BEFORE UPDATE ON team.records
    FOR EACH ROW WHEN (OLD.table_name = 'sharing_log') EXECUTE FUNCTION team.sharing_log_only_grows();

DO $$
BEGIN
    IF to_regprocedure('team.partner_pull_4()') IS NULL THEN
        ALTER FUNCTION team.partner_pull() RENAME TO partner_pull_4;
    END IF;
END $$;
REVOKE ALL ON FUNCTION team.partner_pull_4() FROM PUBLIC, __P__partner;
CREATE OR REPLACE FUNCTION team.partner_pull()
RETURNS TABLE (table_name text, record_key text, assessment_id text, data jsonb, revision bigint, updated_by text,
               updated_at timestamptz, rank integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, team AS $$
    WITH earlier AS (
        SELECT * FROM team.partner_pull_4()
    ), links AS (
        SELECT r.* FROM team.records r
        WHERE r.table_name = 'assessment_forms' AND NOT r.deleted
            AND r.assessment_id IN (SELECT e.record_key FROM earlier e WHERE e.table_name = 'assessments')
    )
    SELECT * FROM earlier
    UNION ALL
    SELECT r.table_name, r.record_key, r.assessment_id, r.data, r.revision, r.updated_by, r.updated_at, 1
    FROM team.records r WHERE r.table_name = 'form_definitions' AND NOT r.deleted
        AND r.record_key IN (SELECT l.data->>'form_digest' FROM links l)
    UNION ALL
    SELECT l.table_name, l.record_key, l.assessment_id, l.data, l.revision, l.updated_by, l.updated_at, 3
    FROM links l
    ORDER BY 8, 5
$$;
REVOKE ALL ON FUNCTION team.partner_pull() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION team.partner_pull() TO __P__partner;
"""
