"""The SQL of the team schema on PostgreSQL, one text per numbered migration.

Every statement is idempotent (``IF NOT EXISTS``, ``CREATE OR REPLACE``, policies
dropped and created again), so running a migration twice changes nothing.
``__P__`` stands for the role prefix of this team database (``lat_<database>_``:
PostgreSQL roles belong to the whole server, so each team database has its own).

The design (docs/team.md explains why):

* ``team.records`` is one generic store: a row per app record, keyed by
  ``(table_name, record_key)``, with the record's values as ``jsonb``, the
  revision at which each field last changed (``field_revs``), a tombstone flag,
  and the assessment it belongs to (``assessment_id``), which row-level security
  uses. Revisions come from one sequence, taken under one transaction-level
  advisory lock, so they follow commit order and a laptop can pull "everything
  after revision N" without missing a change.
* ``team.audit`` is written only by triggers (security definer), refuses updates
  and deletes, and chains each row to the previous one with SHA-256, so removing
  or editing a row is detectable (``team.verify_audit()``).
* Roles: ``__P__practitioner``, ``__P__coordinator``, ``__P__partner`` (no
  login) hold the privileges; ``team.members`` says which role and agency each
  login has; the policies read it through ``team.my_role()``.
"""

from __future__ import annotations

from safeguarding.team.partner_sql import PARTNER
from safeguarding.team.shared_tables_sql import more_shared_tables

LOCK_KEY = 7281
"""The advisory lock that serialises writers (revisions and the audit chain follow commit order)."""

CORE_TABLES = """
CREATE SCHEMA IF NOT EXISTS team;
CREATE SEQUENCE IF NOT EXISTS team.revision_seq;
CREATE TABLE IF NOT EXISTS team.records (
    table_name text NOT NULL,
    record_key text NOT NULL,
    assessment_id text,
    data jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
    field_revs jsonb NOT NULL DEFAULT '{}',
    deleted boolean NOT NULL DEFAULT false,
    revision bigint NOT NULL DEFAULT 0,
    created_by text NOT NULL DEFAULT session_user,
    updated_by text NOT NULL DEFAULT session_user,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (table_name, record_key),
    CHECK (NOT (data ? 'assessment_id') OR data->>'assessment_id' IS NOT DISTINCT FROM assessment_id),
    CHECK (table_name <> 'assessments' OR assessment_id = record_key)
);
CREATE UNIQUE INDEX IF NOT EXISTS records_revision ON team.records (revision);
CREATE INDEX IF NOT EXISTS records_assessment ON team.records (assessment_id, revision);
CREATE INDEX IF NOT EXISTS records_photo ON team.records ((data->>'photo_sha256'))
    WHERE table_name = 'assessment_photos';
CREATE INDEX IF NOT EXISTS records_conflict ON team.records ((data->>'record_key'))
    WHERE table_name = 'team_conflicts';
CREATE TABLE IF NOT EXISTS team.members (
    username text PRIMARY KEY,
    display_name text NOT NULL,
    role text NOT NULL CHECK (role IN ('practitioner', 'coordinator', 'partner')),
    agency text NOT NULL DEFAULT '',
    active boolean NOT NULL DEFAULT true,
    added_at timestamptz NOT NULL DEFAULT now(),
    added_by text NOT NULL DEFAULT session_user
);
CREATE TABLE IF NOT EXISTS team.assessment_members (
    assessment_id text NOT NULL,
    username text NOT NULL REFERENCES team.members (username),
    added_revision bigint NOT NULL,
    added_by text NOT NULL DEFAULT session_user,
    PRIMARY KEY (assessment_id, username)
);
CREATE INDEX IF NOT EXISTS assessment_members_user ON team.assessment_members (username, added_revision);
CREATE TABLE IF NOT EXISTS team.audit (
    id bigserial PRIMARY KEY,
    revision bigint,
    at timestamptz NOT NULL,
    author text NOT NULL,
    sync_id uuid,
    table_name text NOT NULL,
    record_key text NOT NULL,
    assessment_id text,
    action text NOT NULL,
    old_values jsonb,
    new_values jsonb,
    prev_hash text NOT NULL,
    hash text NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_revision ON team.audit (revision);
CREATE INDEX IF NOT EXISTS audit_assessment ON team.audit (assessment_id, id);
CREATE TABLE IF NOT EXISTS team.syncs (
    id uuid PRIMARY KEY,
    username text NOT NULL DEFAULT session_user,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    outcome text NOT NULL DEFAULT 'started',
    pushed integer NOT NULL DEFAULT 0,
    pulled integer NOT NULL DEFAULT 0,
    conflicts integer NOT NULL DEFAULT 0,
    photos_sent integer NOT NULL DEFAULT 0,
    photos_received integer NOT NULL DEFAULT 0,
    app_version text NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS team.photos (
    sha256 text PRIMARY KEY CHECK (length(sha256) = 64),
    meta jsonb NOT NULL,
    thumbnail bytea NOT NULL,
    original bytea NOT NULL,
    uploaded_by text NOT NULL DEFAULT session_user,
    uploaded_at timestamptz NOT NULL DEFAULT now(),
    CHECK (sha256 = encode(sha256(original), 'hex'))
);
"""

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION team.my_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, team AS $$
    SELECT role FROM team.members WHERE username = session_user AND active
$$;

CREATE OR REPLACE FUNCTION team.is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, team AS $$
    SELECT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false)
        OR session_user = (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'team')
$$;

CREATE OR REPLACE FUNCTION team.begin_write(p_sync uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('team.sync_id', coalesce(p_sync::text, ''), true);
    PERFORM pg_advisory_xact_lock({LOCK_KEY});
END $$;

CREATE OR REPLACE FUNCTION team.audit_hash(
    p_prev text, p_revision bigint, p_at timestamptz, p_author text, p_sync uuid, p_table text, p_key text,
    p_assessment text, p_action text, p_old jsonb, p_new jsonb
) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(concat_ws('|', p_prev, coalesce(p_revision::text, ''),
        to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), p_author, coalesce(p_sync::text, ''),
        p_table, p_key, coalesce(p_assessment, ''), p_action, coalesce(p_old::text, ''),
        coalesce(p_new::text, '')), 'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION team.append_audit(
    p_revision bigint, p_table text, p_key text, p_assessment text, p_action text, p_old jsonb, p_new jsonb
) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, team AS $$
DECLARE
    prev text;
    stamp timestamptz := date_trunc('milliseconds', clock_timestamp());
    sid uuid := nullif(current_setting('team.sync_id', true), '')::uuid;
BEGIN
    PERFORM pg_advisory_xact_lock({LOCK_KEY});
    SELECT hash INTO prev FROM team.audit ORDER BY id DESC LIMIT 1;
    prev := coalesce(prev, '');
    INSERT INTO team.audit (revision, at, author, sync_id, table_name, record_key, assessment_id, action,
                            old_values, new_values, prev_hash, hash)
    VALUES (p_revision, stamp, session_user, sid, p_table, p_key, p_assessment, p_action, p_old, p_new, prev,
            team.audit_hash(prev, p_revision, stamp, session_user, sid, p_table, p_key, p_assessment, p_action,
                            p_old, p_new));
END $$;

CREATE OR REPLACE FUNCTION team.audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The team audit trail cannot be changed' USING ERRCODE = '42501';
END $$;
DROP TRIGGER IF EXISTS audit_no_change ON team.audit;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON team.audit
    FOR EACH ROW EXECUTE FUNCTION team.audit_is_append_only();
DROP TRIGGER IF EXISTS audit_no_truncate ON team.audit;
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON team.audit
    FOR EACH STATEMENT EXECUTE FUNCTION team.audit_is_append_only();

CREATE OR REPLACE FUNCTION team.verify_audit(OUT entries bigint, OUT first_bad bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, team AS $$
DECLARE
    row team.audit;
    prev text := '';
BEGIN
    entries := 0;
    first_bad := NULL;
    FOR row IN SELECT * FROM team.audit ORDER BY id LOOP
        entries := entries + 1;
        IF first_bad IS NULL AND (row.prev_hash <> prev OR row.hash <> team.audit_hash(prev, row.revision, row.at,
                row.author, row.sync_id, row.table_name, row.record_key, row.assessment_id, row.action,
                row.old_values, row.new_values)) THEN
            first_bad := row.id;
        END IF;
        prev := row.hash;
    END LOOP;
END $$;

CREATE OR REPLACE FUNCTION team.stamp_record() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, team AS $$
DECLARE
    rev bigint;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.data = OLD.data AND NEW.deleted = OLD.deleted
            AND NEW.assessment_id IS NOT DISTINCT FROM OLD.assessment_id THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock({LOCK_KEY});
    rev := nextval('team.revision_seq');
    NEW.revision := rev;
    NEW.updated_by := session_user;
    NEW.updated_at := now();
    IF TG_OP = 'INSERT' THEN
        NEW.created_by := session_user;
        NEW.field_revs := coalesce((SELECT jsonb_object_agg(k, rev) FROM jsonb_object_keys(NEW.data) AS k), '{{}}');
        IF NEW.deleted THEN
            NEW.field_revs := NEW.field_revs || jsonb_build_object('_deleted', rev);
        END IF;
    ELSE
        NEW.created_by := OLD.created_by;
        NEW.field_revs := OLD.field_revs || coalesce((SELECT jsonb_object_agg(n.key, rev)
            FROM jsonb_each(NEW.data) AS n WHERE OLD.data -> n.key IS DISTINCT FROM n.value), '{{}}');
        IF NEW.deleted IS DISTINCT FROM OLD.deleted THEN
            NEW.field_revs := NEW.field_revs || jsonb_build_object('_deleted', rev);
        END IF;
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS records_stamp ON team.records;
CREATE TRIGGER records_stamp BEFORE INSERT OR UPDATE ON team.records
    FOR EACH ROW EXECUTE FUNCTION team.stamp_record();

CREATE OR REPLACE FUNCTION team.audit_record() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, team AS $$
DECLARE
    act text;
    old_v jsonb;
    new_v jsonb;
BEGIN
    IF TG_OP = 'INSERT' THEN
        act := CASE WHEN NEW.deleted THEN 'delete' ELSE 'insert' END;
        new_v := NEW.data;
    ELSE
        act := CASE WHEN NEW.deleted AND NOT OLD.deleted THEN 'delete'
                    WHEN OLD.deleted AND NOT NEW.deleted THEN 'restore' ELSE 'update' END;
        SELECT jsonb_object_agg(o.key, o.value) INTO old_v FROM jsonb_each(OLD.data) AS o
            WHERE NEW.data -> o.key IS DISTINCT FROM o.value;
        SELECT jsonb_object_agg(n.key, n.value) INTO new_v FROM jsonb_each(NEW.data) AS n
            WHERE OLD.data -> n.key IS DISTINCT FROM n.value;
    END IF;
    PERFORM team.append_audit(NEW.revision, NEW.table_name, NEW.record_key, NEW.assessment_id, act, old_v, new_v);
    IF TG_OP = 'INSERT' AND NEW.table_name = 'assessments' AND team.my_role() = 'practitioner' THEN
        INSERT INTO team.assessment_members (assessment_id, username, added_revision)
        VALUES (NEW.record_key, session_user, NEW.revision) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS records_audit ON team.records;
CREATE TRIGGER records_audit AFTER INSERT OR UPDATE ON team.records
    FOR EACH ROW EXECUTE FUNCTION team.audit_record();

CREATE OR REPLACE FUNCTION team.records_never_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Team records are never removed: deletions are kept as tombstones' USING ERRCODE = '42501';
END $$;
DROP TRIGGER IF EXISTS records_no_delete ON team.records;
CREATE TRIGGER records_no_delete BEFORE DELETE ON team.records
    FOR EACH ROW EXECUTE FUNCTION team.records_never_removed();

CREATE OR REPLACE FUNCTION team.assign(p_assessment text, p_username text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, team AS $$
DECLARE
    rev bigint;
BEGIN
    IF NOT (team.is_admin() OR team.my_role() = 'coordinator') THEN
        RAISE EXCEPTION 'Only a coordinator or IT can put someone on an assessment' USING ERRCODE = '42501';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM team.records WHERE table_name = 'assessments' AND record_key = p_assessment) THEN
        RAISE EXCEPTION 'There is no assessment % on the server', p_assessment USING ERRCODE = 'P0002';
    END IF;
    IF EXISTS (SELECT 1 FROM team.assessment_members WHERE assessment_id = p_assessment AND username = p_username) THEN
        RETURN false;
    END IF;
    PERFORM pg_advisory_xact_lock({LOCK_KEY});
    rev := nextval('team.revision_seq');
    INSERT INTO team.assessment_members (assessment_id, username, added_revision)
        VALUES (p_assessment, p_username, rev);
    PERFORM team.append_audit(rev, 'team.assessment_members', p_assessment, p_assessment, 'assign', NULL,
                              jsonb_build_object('username', p_username));
    RETURN true;
END $$;

CREATE OR REPLACE FUNCTION team.sync_started(p_sync uuid, p_app text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, team AS $$
BEGIN
    INSERT INTO team.syncs (id, app_version) VALUES (p_sync, p_app) ON CONFLICT DO NOTHING;
END $$;

CREATE OR REPLACE FUNCTION team.sync_finished(
    p_sync uuid, p_pushed integer, p_pulled integer, p_conflicts integer, p_sent integer, p_received integer
) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, team AS $$
BEGIN
    PERFORM set_config('team.sync_id', p_sync::text, true);
    UPDATE team.syncs SET finished_at = now(), outcome = 'finished', pushed = p_pushed, pulled = p_pulled,
        conflicts = p_conflicts, photos_sent = p_sent, photos_received = p_received
        WHERE id = p_sync AND username = session_user;
    PERFORM team.append_audit(NULL, 'team.syncs', p_sync::text, NULL, 'sync', NULL,
        jsonb_build_object('pushed', p_pushed, 'pulled', p_pulled, 'conflicts', p_conflicts,
                           'photos_sent', p_sent, 'photos_received', p_received));
END $$;

CREATE OR REPLACE FUNCTION team.revision_authors(p_revisions bigint[])
RETURNS TABLE (revision bigint, author text, at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, team AS $$
    SELECT DISTINCT ON (a.revision) a.revision, a.author, a.at FROM team.audit a
    WHERE a.revision = ANY (p_revisions) ORDER BY a.revision, a.id
$$;

CREATE OR REPLACE FUNCTION team.assessments_taken(p_ids text[]) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, team AS $$
    SELECT r.record_key FROM team.records r WHERE r.table_name = 'assessments' AND r.record_key = ANY (p_ids)
$$;

CREATE OR REPLACE FUNCTION team.photos_missing(p_hashes text[]) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, team AS $$
    SELECT h FROM unnest(p_hashes) AS h WHERE NOT EXISTS (SELECT 1 FROM team.photos p WHERE p.sha256 = h)
$$;

CREATE OR REPLACE FUNCTION team.audit_photo() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, team AS $$
BEGIN
    PERFORM team.append_audit(NULL, 'photos', NEW.sha256, NULL, 'insert', NULL,
        NEW.meta || jsonb_build_object('bytes', length(NEW.original)));
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS photos_audit ON team.photos;
CREATE TRIGGER photos_audit AFTER INSERT ON team.photos FOR EACH ROW EXECUTE FUNCTION team.audit_photo();
"""

_MINE = "assessment_id IN (SELECT m.assessment_id FROM team.assessment_members m WHERE m.username = session_user)"
_SHARED = "(assessment_id IS NULL AND table_name IN ('locations', 'plan_agencies', 'team_conflicts'))"

SECURITY = f"""
DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['__P__practitioner', '__P__coordinator', '__P__partner'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', name);
        END IF;
    END LOOP;
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA team FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA team FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA team FROM PUBLIC;
GRANT USAGE ON SCHEMA team TO __P__practitioner, __P__coordinator, __P__partner;
GRANT SELECT ON team.schema_version, team.members TO __P__practitioner, __P__coordinator, __P__partner;
GRANT SELECT, INSERT, UPDATE ON team.records TO __P__practitioner, __P__coordinator;
GRANT SELECT, INSERT ON team.photos TO __P__practitioner, __P__coordinator;
GRANT SELECT ON team.assessment_members, team.audit, team.syncs TO __P__practitioner, __P__coordinator;
GRANT EXECUTE ON FUNCTION team.my_role(), team.is_admin(), team.sync_started(uuid, text),
    team.sync_finished(uuid, integer, integer, integer, integer, integer)
    TO __P__practitioner, __P__coordinator, __P__partner;
GRANT EXECUTE ON FUNCTION team.begin_write(uuid), team.photos_missing(text[]), team.revision_authors(bigint[]),
    team.assessments_taken(text[])
    TO __P__practitioner, __P__coordinator;
GRANT EXECUTE ON FUNCTION team.assign(text, text), team.verify_audit() TO __P__coordinator;

ALTER TABLE team.records ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS coordinator_all ON team.records;
CREATE POLICY coordinator_all ON team.records FOR ALL TO __P__coordinator
    USING ((SELECT team.my_role()) = 'coordinator') WITH CHECK ((SELECT team.my_role()) = 'coordinator');
DROP POLICY IF EXISTS practitioner_read ON team.records;
CREATE POLICY practitioner_read ON team.records FOR SELECT TO __P__practitioner
    USING ((SELECT team.my_role()) = 'practitioner' AND (assessment_id IS NULL OR {_MINE}));
DROP POLICY IF EXISTS practitioner_add ON team.records;
CREATE POLICY practitioner_add ON team.records FOR INSERT TO __P__practitioner
    WITH CHECK ((SELECT team.my_role()) = 'practitioner'
                AND ({_SHARED} OR table_name = 'assessments' OR {_MINE}));
DROP POLICY IF EXISTS practitioner_change ON team.records;
CREATE POLICY practitioner_change ON team.records FOR UPDATE TO __P__practitioner
    USING ((SELECT team.my_role()) = 'practitioner' AND ({_SHARED} OR {_MINE}))
    WITH CHECK ((SELECT team.my_role()) = 'practitioner' AND ({_SHARED} OR {_MINE}));

ALTER TABLE team.assessment_members ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own_or_coordinator ON team.assessment_members;
CREATE POLICY own_or_coordinator ON team.assessment_members FOR SELECT
    USING (username = session_user OR (SELECT team.my_role()) = 'coordinator');

ALTER TABLE team.audit ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS audit_read ON team.audit;
CREATE POLICY audit_read ON team.audit FOR SELECT
    USING ((SELECT team.my_role()) = 'coordinator' OR ((SELECT team.my_role()) = 'practitioner' AND {_MINE}));

ALTER TABLE team.syncs ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS syncs_read ON team.syncs;
CREATE POLICY syncs_read ON team.syncs FOR SELECT
    USING (username = session_user OR (SELECT team.my_role()) = 'coordinator');

ALTER TABLE team.photos ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS photos_read ON team.photos;
CREATE POLICY photos_read ON team.photos FOR SELECT
    USING ((SELECT team.my_role()) = 'coordinator' OR EXISTS (
        SELECT 1 FROM team.records r WHERE r.table_name = 'assessment_photos' AND r.data->>'photo_sha256' = sha256));
DROP POLICY IF EXISTS photos_add ON team.photos;
CREATE POLICY photos_add ON team.photos FOR INSERT
    WITH CHECK ((SELECT team.my_role()) IN ('practitioner', 'coordinator'));
"""

VERSION_TABLE = """
CREATE SCHEMA IF NOT EXISTS team;
CREATE TABLE IF NOT EXISTS team.schema_version (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by text NOT NULL DEFAULT session_user
);
"""

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "records, members, audit, syncs and photos tables", CORE_TABLES),
    (2, "revisions, audit chain and sync functions", FUNCTIONS),
    (3, "roles, privileges and row-level security", SECURITY),
    (4, "partner read-out with redaction", PARTNER),
    (5, "safety mapping, search areas, redaction answers, form versions, sharing log", more_shared_tables(_MINE)),
)
"""``(version, name, sql)`` in order. Never edit a released step's meaning: add a new one."""
