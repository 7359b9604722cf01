// Issue 9, finding 2: deleting the newest audit events was invisible, and the next event reused
// the deleted seq. The chain is now anchored beyond its newest row (a head, a sequence) and
// outside its database (checkpoints signed with AUDIT_CHECKPOINT_KEY).
import { execFile } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { asc, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { loadConfig, resolveCheckpointKey } from "../../src/config.js";
import { type Database, rowsOf } from "../../src/db/client.js";
import { auditCheckpoint, auditEvent as auditTable } from "../../src/db/schema.js";
import { GENESIS_HASH, hashEvent, type NewAuditEvent } from "../../src/modules/audit/audit.chain.js";
import {
  CheckpointRefused, checkpointSignatureValid, exportCheckpoint, parseCheckpoint, signCheckpoint, writeCheckpoint,
} from "../../src/modules/audit/audit.checkpoint.js";
import { appendEvents, latestCheckpoint } from "../../src/modules/audit/audit.store.js";
import { verifyChain } from "../../src/modules/audit/audit.verify.js";
import { startServer } from "../../src/server.js";
import { emptyAuditTrail, TEST_DATA_KEY, TEST_JWT_SECRET, useTestServer } from "../support/server.js";

const KEY = Buffer.alloc(32, 9);
const OTHER_KEY = Buffer.alloc(32, 10);
// Checkpoints are written by hand here: the service's own interval must not add one mid-test.
const server = useTestServer({ env: { AUDIT_CHECKPOINT_KEY: KEY.toString("base64"), AUDIT_CHECKPOINT_INTERVAL_SECONDS: "3600" } });
const root = fileURLToPath(new URL("../..", import.meta.url));

let n = 0;
function auditEvent(): NewAuditEvent {
  n += 1;
  return {
    at: new Date(), requestId: `req-${n}`, principal: "jwt:officer-1", role: "OFFICER", operation: "LookUp",
    purpose: null, subjectIds: ["0b7c4a2e-1d7e-4c59-9f0e-2f1c7a9d4e11"], protectedFields: [], grantId: null, outcome: "OK",
  };
}

const chainOf = (size: number, db: Database = server.db) => appendEvents(db, Array.from({ length: size }, () => auditEvent()));
const exec = (query: ReturnType<typeof sql>) => server.db.execute(query);
const seqs = async () => rowsOf<{ seq: number }>(await exec(sql`select seq::int as seq from audit_event order by seq`)).map((r) => r.seq);
const checkpoint = async () => (await writeCheckpoint(server.db, KEY)).checkpoint;

/** What `audit:verify` does: the chain, its head and the newest stored checkpoint. */
async function verify() {
  const stored = await latestCheckpoint(server.db);
  return verifyChain(server.db, undefined, undefined, { checkpoints: stored ? [stored] : [], key: KEY });
}

/**
 * Rewrites the chain as someone with SQL access but without the checkpoint key can: a changed
 * event, and every hash after it recomputed, the head moved to the new last hash.
 */
async function rewriteChain(changedSeq: number) {
  const rows = await server.db.select().from(auditTable).orderBy(asc(auditTable.seq));
  let prev = GENESIS_HASH;
  for (const row of rows) {
    const content = row.seq === changedSeq ? { ...row, outcome: "ERROR:FORBIDDEN" } : row;
    const hash = hashEvent(prev, content);
    await exec(sql`update audit_event set outcome = ${content.outcome}, prev_hash = ${prev}, hash = ${hash} where seq = ${row.seq}`);
    prev = hash;
  }
  await exec(sql`update audit_head set hash = ${prev}`);
}

/** Deletes the newest events and hides it from the head and the sequence. */
async function cutTail(keep: number) {
  await exec(sql`delete from audit_event where seq > ${keep}`);
  await exec(sql`update audit_head set seq = ${keep}, hash = (select hash from audit_event where seq = ${keep})`);
  await exec(sql`select setval('audit_event_seq', ${keep})`);
}

beforeEach(async () => {
  await emptyAuditTrail(server.db);
});

interface Tampering {
  name: string;
  tamper(): Promise<void>;
  brokenSeq: number;
  problem: string;
  /** What `audit:verify` prints after "audit chain broken at event <brokenSeq>: ". */
  message: RegExp;
}

const TAMPERING: Tampering[] = [
  {
    name: "content changed",
    tamper: async () => {
      await chainOf(6);
      await checkpoint();
      await exec(sql`update audit_event set outcome = 'ERROR:FORBIDDEN' where seq = 4`);
    },
    brokenSeq: 4, problem: "CONTENT_CHANGED", message: /^content changed/,
  },
  {
    name: "two rows swapped",
    tamper: async () => {
      await chainOf(6);
      await checkpoint();
      await exec(sql`
        update audit_event a set at = b.at, request_id = b.request_id, principal = b.principal, role = b.role,
          operation = b.operation, purpose = b.purpose, subject_ids = b.subject_ids, protected_fields = b.protected_fields,
          grant_id = b.grant_id, outcome = b.outcome, prev_hash = b.prev_hash, hash = b.hash
        from audit_event b where (a.seq, b.seq) in ((3, 4), (4, 3))`);
    },
    brokenSeq: 3, problem: "PREV_HASH_MISMATCH", message: /^prev_hash mismatch/,
  },
  {
    name: "a middle row deleted",
    tamper: async () => {
      await chainOf(6);
      await checkpoint();
      await exec(sql`delete from audit_event where seq = 3`);
    },
    brokenSeq: 3, problem: "SEQ_GAP", message: /^seq gap: event 3 is missing/,
  },
  {
    name: "the newest 100 rows deleted",
    tamper: async () => {
      await chainOf(150);
      await checkpoint();
      await exec(sql`delete from audit_event where seq > 50`);
    },
    brokenSeq: 51, problem: "TAIL_MISSING", message: /^tail missing: the chain's head is event 150 but the newest stored event is 50/,
  },
  {
    name: "the newest 100 rows deleted, with the head and the sequence moved back",
    tamper: async () => {
      await chainOf(150);
      await checkpoint();
      await cutTail(50);
    },
    brokenSeq: 51, problem: "CHECKPOINT_MISMATCH", message: /^checkpoint mismatch: the chain ends at event 50 but the checkpoint of .* \(event 150\) signed event 150/,
  },
  {
    name: "the whole chain rewritten with fresh hashes and the head moved, without the checkpoint key",
    tamper: async () => {
      await chainOf(6);
      await checkpoint();
      await chainOf(2); // events after the checkpoint, rewritten too
      await rewriteChain(2);
    },
    brokenSeq: 6, problem: "CHECKPOINT_MISMATCH", message: /^checkpoint mismatch: event 6 is not the event signed by the checkpoint of .* \(event 6\)/,
  },
  {
    name: "the whole chain rewritten and a checkpoint made for it without the key",
    tamper: async () => {
      await chainOf(6);
      await checkpoint();
      await chainOf(2);
      await rewriteChain(2);
      const [head] = rowsOf<{ hash: string }>(await exec(sql`select hash from audit_head`));
      await server.db.insert(auditCheckpoint).values(signCheckpoint(OTHER_KEY, { seq: 8, hash: head!.hash, at: new Date() }));
    },
    brokenSeq: 8, problem: "CHECKPOINT_FORGED", message: /^checkpoint forged: the checkpoint of .* \(event 8\) is not signed with AUDIT_CHECKPOINT_KEY/,
  },
];

describe("tampering audit:verify detects", () => {
  it.each(TAMPERING.map((t) => [t.name, t] as const))("%s: named by its seq and its problem", async (_name, t) => {
    await t.tamper();
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: false, brokenSeq: t.brokenSeq, problem: t.problem });
    expect(verdict.ok || verdict.reason).toMatch(t.message);
  });

  it("an intact chain matches its checkpoint, and events after the checkpoint are still checked by their links and the head", async () => {
    await chainOf(4);
    const signed = await checkpoint();
    await chainOf(3);
    expect(await verify()).toEqual({ ok: true, events: 7, checkpoint: signed });
    await exec(sql`delete from audit_event where seq = 7`);
    expect(await verify()).toMatchObject({ ok: false, brokenSeq: 7, problem: "TAIL_MISSING" });
  });

  it("a head that was changed, or deleted, is named", async () => {
    await chainOf(3);
    await exec(sql`update audit_head set hash = ${"b".repeat(64)}`);
    expect(await verify()).toMatchObject({ ok: false, brokenSeq: 3, problem: "HEAD_MISMATCH" });
    await exec(sql`delete from audit_head`);
    expect(await verify()).toMatchObject({ ok: false, problem: "HEAD_MISMATCH" });
    await expect(chainOf(1)).rejects.toThrow();
  });
});

describe("seq numbers", () => {
  it("a deleted event's seq is never given again, and the next event's link shows the deletion", async () => {
    await chainOf(5);
    await exec(sql`delete from audit_event where seq >= 4`);
    await chainOf(1);
    expect(await seqs()).toEqual([1, 2, 3, 6]);
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: false, brokenSeq: 4, problem: "SEQ_GAP" });
    expect(verdict.ok || verdict.reason).toMatch(/events 4–5 are missing/);
  });

  it("a sequence set back is refused by the append and reported by verification", async () => {
    await chainOf(5);
    await exec(sql`select setval('audit_event_seq', 2)`);
    expect(await verify()).toMatchObject({ ok: false, brokenSeq: 3, problem: "SEQ_REWOUND" });
    await expect(chainOf(1)).rejects.toThrow();
    expect(await seqs()).toEqual([1, 2, 3, 4, 5]);
  });

  it("a rolled-back append leaves unused numbers that verification accepts: the links are intact", async () => {
    await chainOf(2);
    await server.db.transaction(async (tx) => {
      await appendEvents(tx, [auditEvent(), auditEvent()]);
      tx.rollback();
    }).catch(() => {});
    await chainOf(1);
    expect(await seqs()).toEqual([1, 2, 5]);
    const signed = await checkpoint();
    expect(await verify()).toEqual({ ok: true, events: 3, skippedSeqs: 2, checkpoint: signed });
  });
});

describe("signed checkpoints", () => {
  it("sign the head; a changed signature, seq, hash or time, or another key, does not verify", async () => {
    await chainOf(3);
    const signed = await checkpoint();
    const head = rowsOf<{ seq: number; hash: string }>(await exec(sql`select seq::int as seq, hash from audit_head`))[0]!;
    expect(signed).toMatchObject(head);
    expect(checkpointSignatureValid(KEY, signed)).toBe(true);
    expect(checkpointSignatureValid(OTHER_KEY, signed)).toBe(false);
    for (const changed of [{ seq: 2 }, { hash: "c".repeat(64) }, { at: new Date(signed.at.getTime() + 1) }, { signature: "0".repeat(64) }]) {
      expect(checkpointSignatureValid(KEY, { ...signed, ...changed })).toBe(false);
    }
    expect(parseCheckpoint(exportCheckpoint(signed))).toEqual(signed);
  });

  it("processes signing the same head at once store one checkpoint, each of them valid", async () => {
    await chainOf(3);
    const results = await Promise.all(Array.from({ length: 5 }, () => writeCheckpoint(server.db, KEY)));
    expect(await server.db.select().from(auditCheckpoint)).toHaveLength(1);
    for (const { checkpoint: c } of results) expect(checkpointSignatureValid(KEY, c) && c.seq === 3).toBe(true);
    expect((await writeCheckpoint(server.db, KEY)).written).toBe(false); // the head has not moved
  });

  it("a chain that no longer extends the latest checkpoint is not signed over", async () => {
    await chainOf(4);
    await checkpoint();
    await rewriteChain(1);
    await expect(writeCheckpoint(server.db, KEY)).rejects.toThrow(CheckpointRefused);
    await expect(writeCheckpoint(server.db, KEY)).rejects.toThrow(/event 4 is not the event signed by the checkpoint/);
    await cutTail(2);
    await expect(writeCheckpoint(server.db, KEY)).rejects.toThrow(/head \(event 2\) is behind the checkpoint/);
    await expect(writeCheckpoint(server.db, OTHER_KEY)).rejects.toThrow(/not signed with this key/);
  });

  it("an exported checkpoint still catches a rewrite after the stored checkpoints were deleted", async () => {
    await chainOf(5);
    const exported = await checkpoint();
    await rewriteChain(3);
    await exec(sql`delete from audit_checkpoint`);
    expect(await verify()).toMatchObject({ ok: true }); // what the database alone can tell
    expect(await verifyChain(server.db, undefined, undefined, { checkpoints: [exported], key: KEY }))
      .toMatchObject({ ok: false, brokenSeq: 5, problem: "CHECKPOINT_MISMATCH" });
  });

  it("the key: required length, none against PostgreSQL unless given", () => {
    expect(() => resolveCheckpointKey({ AUDIT_CHECKPOINT_KEY: Buffer.alloc(16).toString("base64"), DATA_DIR: "x" })).toThrow(/32 bytes/);
    expect(resolveCheckpointKey({ DATABASE_URL: "postgres://db/creditgate", DATA_DIR: ".data/pglite" })).toBeNull();
    expect(resolveCheckpointKey({ DATABASE_URL: "postgres://db/creditgate", DATA_DIR: "x", AUDIT_CHECKPOINT_KEY: KEY.toString("base64") })).toEqual(KEY);
  });
});

interface Run { code: number; stdout: string; stderr: string }

function cli(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", `src/cli/${script}.ts`, ...args], {
      cwd: root, env: { ...process.env, AUDIT_CHECKPOINT_KEY: KEY.toString("base64"), ...env },
    }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

// An in-memory PGlite cannot be reached from another process: these run on PostgreSQL; the
// embedded CLIs are run on a data directory below.
describe.skipIf(!process.env.DATABASE_URL)("npm run audit:verify and npm run audit:checkpoint", () => {
  it.each(TAMPERING.map((t) => [t.name, t] as const))("%s: exit 1, naming the event and the problem", async (_name, t) => {
    await t.tamper();
    const run = await cli("audit-verify");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^audit chain broken at event ${t.brokenSeq}: ${t.message.source.slice(1)}`));
  });

  it("audit:checkpoint prints the signed head as JSON and stores it; audit:verify checks the chain against it", async () => {
    await chainOf(4);
    const run = await cli("audit-checkpoint");
    expect(run.code).toBe(0);
    const printed = parseCheckpoint(run.stdout);
    expect(printed).toMatchObject({ seq: 4, hash: rowsOf<{ hash: string }>(await exec(sql`select hash from audit_event where seq = 4`))[0]!.hash });
    expect(checkpointSignatureValid(KEY, printed)).toBe(true);
    expect(await latestCheckpoint(server.db)).toEqual(printed);
    expect(await cli("audit-verify")).toMatchObject({
      code: 0, stdout: `audit chain intact: 4 events; matches the signed checkpoint of ${printed.at.toISOString()} (event 4)\n`,
    });
  });

  it("a checkpoint exported with --out survives the deletion of the stored ones", async () => {
    await chainOf(5);
    const file = join(mkdtempSync(join(tmpdir(), "cg-checkpoint-")), "checkpoint.json");
    expect((await cli("audit-checkpoint", ["--out", file])).code).toBe(0);
    await rewriteChain(3);
    await exec(sql`delete from audit_checkpoint`);
    const run = await cli("audit-verify", ["--checkpoint", file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^audit chain broken at event 5: checkpoint mismatch: event 5 is not the event signed/);
  });

  it("audit:checkpoint refuses to sign over a rewritten chain (exit 1)", async () => {
    await chainOf(4);
    await checkpoint();
    await rewriteChain(2);
    const run = await cli("audit-checkpoint");
    expect(run).toMatchObject({ code: 1, stdout: "" });
    expect(run.stderr).toMatch(/audit checkpoint refused: event 4 is not the event signed/);
  });

  it("without AUDIT_CHECKPOINT_KEY: audit:checkpoint cannot sign, an exported checkpoint cannot be checked (exit 2), the chain alone is checked with a warning", async () => {
    await chainOf(2);
    const file = join(mkdtempSync(join(tmpdir(), "cg-checkpoint-")), "checkpoint.json");
    writeFileSync(file, exportCheckpoint(await checkpoint()));
    const noKey = { AUDIT_CHECKPOINT_KEY: "" };
    expect(await cli("audit-checkpoint", [], noKey)).toMatchObject({ code: 2, stderr: expect.stringMatching(/AUDIT_CHECKPOINT_KEY is not set/) });
    expect(await cli("audit-verify", ["--checkpoint", file], noKey)).toMatchObject({ code: 2, stderr: expect.stringMatching(/needs AUDIT_CHECKPOINT_KEY/) });
    expect(await cli("audit-verify", [], noKey)).toMatchObject({
      code: 0, stdout: "audit chain intact: 2 events\n", stderr: expect.stringMatching(/stored checkpoints are not checked/),
    });
  });

  it("audit:verify reports numbers left unused by rolled-back appends, and exits 0", async () => {
    await chainOf(1);
    await server.db.transaction(async (tx) => {
      await appendEvents(tx, [auditEvent()]);
      tx.rollback();
    }).catch(() => {});
    await chainOf(1);
    expect(await cli("audit-verify")).toMatchObject({ code: 0, stdout: "audit chain intact: 2 events; 1 seq numbers unused by rolled-back appends\n" });
  });
});

describe("in embedded mode", () => {
  it("the service keeps its checkpoint key in DATA_DIR and signs the head at shutdown; the CLIs use the same key", async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), "cg-embedded-")), "pglite");
    const embedded = await startServer(loadConfig({
      PORT: "0", DATA_DIR: dataDir, DATA_KEY: TEST_DATA_KEY, JWT_SECRET: TEST_JWT_SECRET, SEED_DEMO: "false", LOG_LEVEL: "silent",
    }));
    await chainOf(3, embedded.handle.db);
    await embedded.close();
    const keyFile = join(dataDir, "audit-checkpoint.key");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    // The CLI reads the same key file: the checkpoint signed at shutdown verifies with it.
    expect(await cli("audit-verify", [], { DATABASE_URL: "", DATA_DIR: dataDir, AUDIT_CHECKPOINT_KEY: "" })).toMatchObject({
      code: 0, stdout: expect.stringMatching(/^audit chain intact: 3 events; matches the signed checkpoint of \S+ \(event 3\)\n$/),
    });
  }, 120_000);
});
