// Signed checkpoints of the audit chain: an HMAC-SHA256, under a key the database does not hold
// (AUDIT_CHECKPOINT_KEY), over the head's seq and hash and the time of signing. Stored in
// audit_checkpoint and exportable as JSON (`npm run audit:checkpoint`), they anchor the chain
// outside the table it protects: a chain rewritten with fresh hashes, or cut short with its head
// moved back, no longer matches a checkpoint signed before, and nobody without the key can sign
// a new one for it.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Database } from "../../db/client.js";
import type { Logger } from "../../logger.js";
import { GENESIS_HASH } from "./audit.chain.js";
import { eventHash, insertCheckpoint, latestCheckpoint, readHead } from "./audit.store.js";

export interface Checkpoint {
  seq: number;
  hash: string;
  at: Date;
  /** HMAC-SHA256 (hex) of `checkpointMessage`. */
  signature: string;
}

/** What is signed: the head and the time, in a form that cannot be read two ways. */
export function checkpointMessage(head: Pick<Checkpoint, "seq" | "hash" | "at">): string {
  return JSON.stringify(["creditgate audit checkpoint v1", String(head.seq), head.hash, head.at.toISOString()]);
}

export function signCheckpoint(key: Buffer, head: Pick<Checkpoint, "seq" | "hash" | "at">): Checkpoint {
  return { seq: head.seq, hash: head.hash, at: head.at, signature: createHmac("sha256", key).update(checkpointMessage(head)).digest("hex") };
}

/** True only for a checkpoint signed with this key, unchanged since. */
export function checkpointSignatureValid(key: Buffer, checkpoint: Checkpoint): boolean {
  const expected = Buffer.from(signCheckpoint(key, checkpoint).signature, "hex");
  const given = Buffer.from(checkpoint.signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The exported form, one JSON object: what `audit:checkpoint` prints and `audit:verify --checkpoint` reads. */
export function exportCheckpoint(checkpoint: Checkpoint): string {
  return JSON.stringify({ seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at.toISOString(), signature: checkpoint.signature });
}

const exported = z.object({
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime(),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});

export function parseCheckpoint(text: string): Checkpoint {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error("not a checkpoint: the file is not JSON");
  }
  const parsed = exported.safeParse(json);
  if (!parsed.success) throw new Error(`not a checkpoint: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return { ...parsed.data, at: new Date(parsed.data.at) };
}

/** The chain no longer extends the latest checkpoint: signing its head would cover the change. */
export class CheckpointRefused extends Error {}

/**
 * Signs the chain's head and stores the checkpoint, after checking that the head still extends
 * the latest stored checkpoint: that checkpoint is signed with this key, its event still has the
 * hash it signed, and the head is not behind it. Otherwise it refuses (CheckpointRefused), so a
 * chain rewritten or cut short is never signed over. `written` is false when the head has not
 * moved since the latest checkpoint, or another process stored one of the same head meanwhile;
 * the checkpoint returned is valid either way.
 */
export async function writeCheckpoint(db: Database, key: Buffer, now = new Date()): Promise<{ checkpoint: Checkpoint; written: boolean }> {
  const head = await readHead(db);
  if (!head) throw new CheckpointRefused("the audit chain has no head (its audit_head row is missing)");
  const latest = await latestCheckpoint(db);
  if (latest) {
    const when = `the checkpoint of ${latest.at.toISOString()} (event ${latest.seq})`;
    if (!checkpointSignatureValid(key, latest)) throw new CheckpointRefused(`${when} is not signed with this key`);
    if (head.seq < latest.seq) throw new CheckpointRefused(`the chain's head (event ${head.seq}) is behind ${when}`);
    const signedHash = latest.seq === 0 ? GENESIS_HASH : latest.seq === head.seq ? head.hash : await eventHash(db, latest.seq);
    if (signedHash !== latest.hash) {
      throw new CheckpointRefused(`event ${latest.seq} is ${signedHash === null ? "missing" : "not the event signed"} by ${when}`);
    }
    if (head.seq === latest.seq) return { checkpoint: latest, written: false };
  }
  const checkpoint = signCheckpoint(key, { ...head, at: now });
  return { checkpoint, written: await insertCheckpoint(db, checkpoint) };
}

/**
 * Signs the head every `intervalSeconds` in the background and once more at `close()` (after the
 * last events are written). Several processes on one database each do so; they sign the same
 * chain, and a head signed twice is stored once. A refusal is logged as an error on every tick.
 */
export class AuditCheckpointer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly db: Database, private readonly key: Buffer, private readonly logger: Logger) {}

  start(intervalSeconds: number): this {
    this.timer = setInterval(() => void this.tick(), intervalSeconds * 1000);
    this.timer.unref();
    return this;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.tick();
  }

  private tick(): Promise<void> {
    this.running ??= (async () => {
      try {
        const { checkpoint, written } = await writeCheckpoint(this.db, this.key);
        if (written) this.logger.debug({ seq: checkpoint.seq, hash: checkpoint.hash }, "audit checkpoint signed");
      } catch (err) {
        if (err instanceof CheckpointRefused) {
          this.logger.error({ reason: err.message }, "audit chain tampered with: not signing a checkpoint; run npm run audit:verify");
        } else {
          this.logger.warn({ err }, "audit checkpoint failed; retrying at the next interval");
        }
      }
    })().finally(() => { this.running = null; });
    return this.running;
  }
}
