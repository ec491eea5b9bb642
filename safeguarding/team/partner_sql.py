"""The SQL of a partner agency's read-out (team migration 4): records with the names of people replaced.

A partner login may not read the records themselves; ``team.partner_pull()``
(security definer) returns the slice docs/team.md decides (the assessments where
the partner's agency owns an action, only some of their fields), free text passed
through ``team.redact``, which puts pseudonyms in place of registered people's names.
See :mod:`safeguarding.team.server_sql` for the conventions (``__P__`` is the role
prefix; every statement is idempotent).
"""

from __future__ import annotations

PARTNER = """
CREATE OR REPLACE FUNCTION team.redact(p_text text, p_assessment text) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, team AS $$
DECLARE
    person record;
    name text;
    result text := p_text;
BEGIN
    IF p_text IS NULL OR p_text = '' OR p_assessment IS NULL THEN
        RETURN p_text;
    END IF;
    FOR person IN
        SELECT r.data->>'real_name' AS real_name, coalesce(r.data->>'other_names', '') AS other_names,
               r.data->>'pseudonym' AS pseudonym
        FROM team.records r WHERE r.table_name = 'people' AND r.assessment_id = p_assessment AND NOT r.deleted
        ORDER BY length(r.data->>'real_name') DESC
    LOOP
        FOREACH name IN ARRAY array_cat(array_cat(ARRAY[person.real_name], string_to_array(person.other_names, E'\n')),
                                        regexp_split_to_array(person.real_name, '\\s+'))
        LOOP
            name := btrim(name);
            CONTINUE WHEN length(name) < 2;
            result := regexp_replace(result,
                '\\m' || regexp_replace(name, '([.^$*+?()\\[\\]{}|\\\\-])', '\\\\\\1', 'g') || '\\M',
                person.pseudonym, 'gi');
        END LOOP;
    END LOOP;
    RETURN result;
END $$;

CREATE OR REPLACE FUNCTION team.pick(p_data jsonb, p_keys text[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}') FROM jsonb_each(p_data) AS e WHERE e.key = ANY (p_keys)
$$;

CREATE OR REPLACE FUNCTION team.partner_pull()
RETURNS TABLE (table_name text, record_key text, assessment_id text, data jsonb, revision bigint, updated_by text,
               updated_at timestamptz, rank integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, team AS $$
#variable_conflict use_column
DECLARE
    my_agency text;
BEGIN
    IF team.my_role() IS DISTINCT FROM 'partner' THEN
        RAISE EXCEPTION 'Only partners read through partner_pull' USING ERRCODE = '42501';
    END IF;
    SELECT m.agency INTO my_agency FROM team.members m WHERE m.username = session_user;
    RETURN QUERY
    WITH agency AS (
        SELECT r.record_key FROM team.records r
        WHERE r.table_name = 'plan_agencies' AND NOT r.deleted AND lower(r.data->>'name') = lower(my_agency)
    ), actions AS (
        SELECT r.* FROM team.records r
        WHERE r.table_name = 'plan_actions' AND NOT r.deleted
            AND r.data->>'agency_id' IN (SELECT ag.record_key FROM agency ag)
    ), shown AS (
        SELECT DISTINCT a.assessment_id FROM actions a
    ), picked AS (
        SELECT r.table_name, r.record_key, r.assessment_id, team.pick(r.data, ARRAY['id', 'name', 'created_at',
               'updated_at', 'deleted_at']) AS data, r.revision, r.updated_by, r.updated_at, 0 AS rank
        FROM team.records r WHERE r.table_name = 'plan_agencies' AND NOT r.deleted
        UNION ALL
        SELECT r.table_name, r.record_key, r.assessment_id, team.pick(r.data, ARRAY['id', 'name', 'ward', 'district',
               'place_type', 'latitude', 'longitude', 'archived', 'created_at', 'updated_at']),
               r.revision, r.updated_by, r.updated_at, 1
        FROM team.records r WHERE r.table_name = 'locations' AND NOT r.deleted AND r.record_key IN (
            SELECT a.data->>'location_id' FROM team.records a
            WHERE a.table_name = 'assessments' AND a.record_key IN (SELECT s.assessment_id FROM shown s))
        UNION ALL
        SELECT r.table_name, r.record_key, r.assessment_id, team.pick(r.data, ARRAY['id', 'location_id', 'form_id',
               'form_version', 'status', 'assessor_agency', 'start_date', 'end_date', 'created_at', 'updated_at',
               'deleted_at']), r.revision, r.updated_by, r.updated_at, 2
        FROM team.records r WHERE r.table_name = 'assessments' AND NOT r.deleted
            AND r.assessment_id IN (SELECT s.assessment_id FROM shown s)
        UNION ALL
        SELECT r.table_name, r.record_key, r.assessment_id,
               team.pick(r.data, ARRAY['id', 'assessment_id', 'side', 'rating', 'updated_at']),
               r.revision, r.updated_by, r.updated_at, 3
        FROM team.records r WHERE r.table_name = 'side_findings' AND NOT r.deleted
            AND r.assessment_id IN (SELECT s.assessment_id FROM shown s)
        UNION ALL
        SELECT r.table_name, r.record_key, r.assessment_id,
               team.pick(r.data, ARRAY['id', 'assessment_id', 'side', 'library_id', 'position', 'created_at',
                                      'updated_at', 'deleted_at'])
               || jsonb_build_object('statement', team.redact(r.data->>'statement', r.assessment_id)),
               r.revision, r.updated_by, r.updated_at, 3
        FROM team.records r WHERE r.table_name = 'plan_goals' AND NOT r.deleted
            AND r.assessment_id IN (SELECT s.assessment_id FROM shown s)
        UNION ALL
        SELECT r.table_name, r.record_key, r.assessment_id,
               team.pick(r.data, ARRAY['id', 'assessment_id', 'meeting_date', 'agencies_present', 'decision',
                                      'next_review_date', 'finalised_at', 'created_at', 'updated_at']),
               r.revision, r.updated_by, r.updated_at, 3
        FROM team.records r WHERE r.table_name = 'plan_reviews' AND NOT r.deleted
            AND r.assessment_id IN (SELECT s.assessment_id FROM shown s)
        UNION ALL
        SELECT a.table_name, a.record_key, a.assessment_id,
               (a.data - 'carried_from_action_id')
               || jsonb_build_object('description', team.redact(a.data->>'description', a.assessment_id),
                                     'lead', team.redact(a.data->>'lead', a.assessment_id),
                                     'measure', team.redact(a.data->>'measure', a.assessment_id)),
               a.revision, a.updated_by, a.updated_at, 4
        FROM actions a
        UNION ALL
        SELECT r.table_name, r.record_key, r.assessment_id,
               team.pick(r.data, ARRAY['id', 'action_id', 'kind', 'at_utc', 'happened_on', 'status', 'author',
                                      'review_id'])
               || jsonb_build_object('note', team.redact(r.data->>'note', r.assessment_id)),
               r.revision, r.updated_by, r.updated_at, 5
        FROM team.records r WHERE r.table_name = 'plan_action_updates' AND NOT r.deleted
            AND r.data->>'action_id' IN (SELECT a.record_key FROM actions a)
        UNION ALL
        SELECT r.table_name, r.record_key, r.assessment_id,
               team.pick(r.data, ARRAY['review_id', 'action_id', 'status'])
               || jsonb_build_object('note', team.redact(r.data->>'note', r.assessment_id)),
               r.revision, r.updated_by, r.updated_at, 5
        FROM team.records r WHERE r.table_name = 'plan_review_items' AND NOT r.deleted
            AND r.data->>'action_id' IN (SELECT a.record_key FROM actions a)
    )
    SELECT * FROM picked ORDER BY picked.rank, picked.revision;
END $$;
REVOKE ALL ON FUNCTION team.redact(text, text), team.pick(jsonb, text[]), team.partner_pull() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION team.partner_pull() TO __P__partner;
"""
