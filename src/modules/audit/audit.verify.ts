// Verification of the audit trail: walks the chain from its first event, checks it against the
// chain's head and against signed checkpoints, and names the first event that is not what was
// written, and why.
import type { Database } from "../../db/client.js";
import { GENESIS_HASH, hashEvent } from "./audit.chain.js";
import { type Checkpoint, checkpointSignatureValid } from "./audit.checkpoint.js";
import { nextSeq, readHead, walkEvents } from "./audit.store.js";

export type ChainProblem =
  /** An event's hash does not match its content. */
  | "CONTENT_CHANGED"
  /** An event does not link to the one before it: reordered, removed or inserted events. */
  | "PREV_HASH_MISMATCH"
  /** Events are missing where the next one still links to them. */
  | "SEQ_GAP"
  /** The head names an event later than the newest one stored: the newest events were deleted. */
  | "TAIL_MISSING"
  /** The head is missing, or does not match the newest event. */
  | "HEAD_MISMATCH"
  /** The sequence would give a seq again. */
  | "SEQ_REWOUND"
  /** An event signed by a checkpoint is missing or has another hash. */
  | "CHECKPOINT_MISMATCH"
  /** A checkpoint whose signature is not one made with the key. */
  | "CHECKPOINT_FORGED";

export type ChainVerdict =
  | {
    ok: true;
    events: number;
    /** Numbers left unused by rolled-back appends (the links around them are intact); absent when none. */
    skippedSeqs?: number;
    /** The newest checkpoint the chain was found to match; absent when none was given. */
    checkpoint?: Checkpoint;
  }
  | { ok: false; events: number; brokenSeq: number; problem: ChainProblem; reason: string };

export interface ChainAnchors {
  /** Signed checkpoints the chain must match (stored ones, exported ones). */
  checkpoints?: readonly Checkpoint[];
  /** The key they were signed with: required when there are checkpoints. */
  key?: Buffer | null;
}

const events = (from: number, to: number) => (from === to ? `event ${from} is` : `events ${from}–${to} are`);

/**
 * Walks the whole chain in seq order, in one snapshot (a repeatable-read transaction, so events
 * appended meanwhile do not confuse it), and names the first event that is not what was written:
 * a hash that does not match the content (changed), a prev_hash that is not the previous event's
 * hash (reordered, removed or inserted; a missing seq before it is named as such), an event a
 * checkpoint signed that is missing or different (the chain rewritten). Then the head: it must be
 * the newest event (else the newest events were deleted, or the head was changed), and the
 * sequence must not be able to give a seq again. A gap in the numbers whose links are intact is a
 * rolled-back append, counted in `skippedSeqs`. `events` counts the events found intact before
 * the break.
 */
export async function verifyChain(
  db: Database, onProgress?: (eventsChecked: number) => void, chunkSize = 5000, anchors: ChainAnchors = {},
): Promise<ChainVerdict> {
  const checkpoints = [...(anchors.checkpoints ?? [])].sort((a, b) => a.seq - b.seq);
  if (checkpoints.length > 0 && !anchors.key) throw new Error("checking a checkpoint needs the key it was signed with (AUDIT_CHECKPOINT_KEY)");
  let checked = 0;
  const broken = (brokenSeq: number, problem: ChainProblem, reason: string): ChainVerdict =>
    ({ ok: false, events: checked, brokenSeq, problem, reason });
  const signed = (c: Checkpoint) => `the checkpoint of ${c.at.toISOString()} (event ${c.seq})`;
  for (const c of checkpoints) {
    if (!checkpointSignatureValid(anchors.key!, c)) {
      return broken(c.seq, "CHECKPOINT_FORGED", `checkpoint forged: ${signed(c)} is not signed with AUDIT_CHECKPOINT_KEY (made or changed without the key, or signed with another key)`);
    }
  }

  return db.transaction(async (tx) => {
    const head = await readHead(tx);
    const next = await nextSeq(tx);
    let lastSeq = 0;
    let prevHash = GENESIS_HASH;
    let skipped = 0;
    let firstAfterHead: number | null = null;
    let pending = 0; // checkpoints[pending…] are the ones not yet reached
    /** Every checkpoint up to the event just verified must have signed exactly that event. */
    const reachCheckpoints = (): ChainVerdict | null => {
      for (; pending < checkpoints.length && checkpoints[pending]!.seq <= lastSeq; pending++) {
        const c = checkpoints[pending]!;
        if (c.seq < lastSeq) {
          return broken(c.seq, "CHECKPOINT_MISMATCH", `checkpoint mismatch: event ${c.seq}, signed by ${signed(c)}, is missing (the chain was rewritten)`);
        }
        if (c.hash !== prevHash) {
          return broken(c.seq, "CHECKPOINT_MISMATCH", `checkpoint mismatch: event ${c.seq} is not the event signed by ${signed(c)}; its hash differs (the chain was rewritten up to here)`);
        }
      }
      return null;
    };
    const atGenesis = reachCheckpoints();
    if (atGenesis) return atGenesis;
    for (;;) {
      const rows = await walkEvents(tx, lastSeq, chunkSize);
      for (const row of rows) {
        if (row.prevHash !== prevHash) {
          if (row.seq !== lastSeq + 1) {
            return broken(lastSeq + 1, "SEQ_GAP", `seq gap: ${events(lastSeq + 1, row.seq - 1)} missing (event ${row.seq} links to another event)`);
          }
          return broken(row.seq, "PREV_HASH_MISMATCH", "prev_hash mismatch: it is not the previous event's hash (events reordered, removed or inserted)");
        }
        if (hashEvent(prevHash, row) !== row.hash) {
          return broken(row.seq, "CONTENT_CHANGED", "content changed: the hash does not match the event's content");
        }
        skipped += row.seq - lastSeq - 1;
        if (head && firstAfterHead === null && row.seq > head.seq) firstAfterHead = row.seq;
        checked += 1;
        lastSeq = row.seq;
        prevHash = row.hash;
        const mismatch = reachCheckpoints();
        if (mismatch) return mismatch;
      }
      if (rows.length > 0) onProgress?.(checked);
      if (rows.length < chunkSize) break;
    }

    if (!head) return broken(lastSeq + 1, "HEAD_MISMATCH", "head missing: the chain's head (its audit_head row) was deleted");
    if (head.seq > lastSeq) {
      return broken(lastSeq + 1, "TAIL_MISSING", `tail missing: the chain's head is event ${head.seq} but the newest stored event is ${lastSeq}: the newest events were deleted`);
    }
    if (firstAfterHead !== null) {
      return broken(firstAfterHead, "HEAD_MISMATCH", `head mismatch: event ${firstAfterHead} comes after the chain's head (event ${head.seq}): events were added behind the append, or the head was moved back`);
    }
    if (head.hash !== prevHash) {
      return broken(head.seq, "HEAD_MISMATCH", `head mismatch: the chain's head does not have the hash of event ${head.seq} (the head was changed)`);
    }
    if (next <= head.seq) {
      return broken(next, "SEQ_REWOUND", `seq reuse: the sequence numbering events was set back; the next event would get seq ${next}, given before (the head is event ${head.seq})`);
    }
    const unreached = checkpoints[pending];
    if (unreached) {
      return broken(lastSeq + 1, "CHECKPOINT_MISMATCH", `checkpoint mismatch: the chain ends at event ${lastSeq} but ${signed(unreached)} signed event ${unreached.seq}: the newest events were deleted and the head moved back`);
    }
    const verdict: ChainVerdict = { ok: true, events: checked };
    if (skipped > 0) verdict.skippedSeqs = skipped;
    if (checkpoints.length > 0) verdict.checkpoint = checkpoints[checkpoints.length - 1]!;
    return verdict;
  }, { isolationLevel: "repeatable read", accessMode: "read only" });
}
