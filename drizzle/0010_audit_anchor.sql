-- Anchors the audit chain beyond its newest row. Events are numbered by audit_event_seq (never
-- reused; owned by the column, so only a TRUNCATE ... RESTART IDENTITY of the whole trail resets
-- it) and the chain's head (seq and hash of the newest event) lives in audit_head, moved in the
-- transaction that appends. The next event links to the head, not to whatever row is newest, so
-- deleting the newest events breaks the link of the next one. Existing chains keep their events:
-- the sequence continues after the newest, the head starts at it.
ALTER SEQUENCE audit_event_seq OWNED BY audit_event.seq;
--> statement-breakpoint
SELECT setval('audit_event_seq', coalesce((SELECT max(seq) FROM audit_event), 0) + 1, false);
--> statement-breakpoint
INSERT INTO audit_head (one, seq, hash)
SELECT true, coalesce(max(seq), 0), coalesce((SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1), repeat('0', 64))
FROM audit_event;
--> statement-breakpoint
-- The append in ONE round trip, as before (drizzle/0008), now from the head: under the chain's
-- advisory lock (one chain however many API processes; held to the end of the caller's
-- transaction), number each event from the sequence, hash it after the head's hash, insert it,
-- and move the head. A rolled-back append moves nothing but the sequence: its numbers stay
-- unused, a gap whose links are intact. A sequence set back behind the head is refused: a seq is
-- never given twice.
CREATE OR REPLACE FUNCTION append_audit_events(events jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  prev text;
  head_seq bigint;
  next_seq bigint;
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
    INSERT INTO audit_event (seq, at, request_id, principal, role, operation, purpose, subject_ids, protected_fields,
                             grant_id, outcome, detail, prev_hash, hash)
    VALUES (next_seq, (e->>'at')::timestamptz, e->>'requestId', e->>'principal', e->>'role', e->>'operation', e->>'purpose',
            ARRAY(SELECT jsonb_array_elements_text(e->'subjectIds'))::uuid[], ARRAY(SELECT jsonb_array_elements_text(e->'protectedFields')),
            (e->>'grantId')::uuid, e->>'outcome', e->>'detail', prev,
            encode(sha256(convert_to(prev || E'\n' || '["' || next_seq || '",' || (e->>'rest'), 'UTF8')), 'hex'))
    RETURNING hash INTO prev;
  END LOOP;
  UPDATE audit_head SET seq = head_seq, hash = prev WHERE next_seq IS NOT NULL;
END $$;
