-- The append of drizzle/0010 inserted its events one INSERT each, so the statement trigger that
-- tallies checks (drizzle/0018) ran once per event: two upserts for every one-party check, most
-- of the database's time in a group commit of small checks. The chain is computed as before (under
-- the same lock, each event's number from the sequence, its hash after the one before it), then
-- every event of the append goes in with ONE insert: the tally runs once per append.
CREATE OR REPLACE FUNCTION append_audit_events(events jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  prev text;
  head_seq bigint;
  next_seq bigint;
  seqs bigint[] := '{}';
  prevs text[] := '{}';
  hashes text[] := '{}';
  e jsonb;
BEGIN
  PERFORM pg_advisory_xact_lock(418581342580); -- "audit" in ASCII: serialises appends of every process
  SELECT seq, hash INTO head_seq, prev FROM audit_head FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the audit chain has no head (audit_head is empty); run npm run audit:verify';
  END IF;
  FOR e IN SELECT value FROM jsonb_array_elements(events) LOOP
    next_seq := nextval('audit_event_seq');
    IF next_seq <= head_seq THEN
      RAISE EXCEPTION 'audit_event_seq was set back to % behind the chain''s head %; refusing to reuse a seq', next_seq, head_seq;
    END IF;
    head_seq := next_seq;
    seqs := seqs || next_seq;
    prevs := prevs || prev;
    prev := encode(sha256(convert_to(prev || E'\n' || '["' || next_seq || '",' || (e->>'rest'), 'UTF8')), 'hex');
    hashes := hashes || prev;
  END LOOP;
  INSERT INTO audit_event (seq, at, request_id, principal, role, operation, purpose, subject_ids, protected_fields,
                           grant_id, outcome, detail, prev_hash, hash)
  SELECT c.seq, (x.e->>'at')::timestamptz, x.e->>'requestId', x.e->>'principal', x.e->>'role', x.e->>'operation', x.e->>'purpose',
         ARRAY(SELECT jsonb_array_elements_text(x.e->'subjectIds'))::uuid[], ARRAY(SELECT jsonb_array_elements_text(x.e->'protectedFields')),
         (x.e->>'grantId')::uuid, x.e->>'outcome', x.e->>'detail', c.prev, c.hash
  FROM jsonb_array_elements(events) WITH ORDINALITY AS x(e, i)
  JOIN unnest(seqs, prevs, hashes) WITH ORDINALITY AS c(seq, prev, hash, i) USING (i);
  UPDATE audit_head SET seq = head_seq, hash = prev WHERE next_seq IS NOT NULL;
END $$;
