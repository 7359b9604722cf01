-- The audit chain's append in ONE round trip: under the chain's advisory lock (one chain however
-- many API processes), read the tail, then number, hash and insert each event. The hash is the
-- same as audit.chain.ts computes: sha256(prev_hash || '\n' || '["<seq>",' || rest), where `rest`
-- is the canonical JSON of the event's content after seq, written by the application.
CREATE FUNCTION append_audit_events(events jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  prev text;
  last_seq bigint;
  e jsonb;
  h text;
BEGIN
  PERFORM pg_advisory_xact_lock(418581342580); -- "audit" in ASCII: serialises appends of every process
  SELECT seq, hash INTO last_seq, prev FROM audit_event ORDER BY seq DESC LIMIT 1;
  last_seq := coalesce(last_seq, 0);
  prev := coalesce(prev, repeat('0', 64));
  FOR e IN SELECT value FROM jsonb_array_elements(events) LOOP
    last_seq := last_seq + 1;
    h := encode(sha256(convert_to(prev || E'\n' || '["' || last_seq || '",' || (e->>'rest'), 'UTF8')), 'hex');
    INSERT INTO audit_event (seq, at, request_id, principal, role, operation, purpose, subject_ids, protected_fields,
                             grant_id, outcome, detail, prev_hash, hash)
    VALUES (last_seq, (e->>'at')::timestamptz, e->>'requestId', e->>'principal', e->>'role', e->>'operation', e->>'purpose',
            ARRAY(SELECT jsonb_array_elements_text(e->'subjectIds'))::uuid[], ARRAY(SELECT jsonb_array_elements_text(e->'protectedFields')),
            (e->>'grantId')::uuid, e->>'outcome', e->>'detail', prev, h);
    prev := h;
  END LOOP;
END $$;
