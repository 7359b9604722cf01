// A crash in the middle of a large import (issue 13): the importing process is SIGKILLed while a
// 60,000-line batch streams in; afterwards no part of it is visible, and importing it again
// succeeds — nothing lost, nothing doubled. The import runs as operators run it, `npm run
// exchange -- import`, on a database of its own.
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, rowsOf } from "../../src/db/client.js";
import { writeSyntheticBatch } from "../support/exchange.js";
import { type PeerDatabase, peerDatabase, processEnv } from "../support/peers.js";
import { freePort, LOOPBACK, ROOT } from "../support/processes.js";

const SUBJECTS = 30_000; // 60,000 lines
let db: PeerDatabase;
let file: string;

const importer = (env: Record<string, string>) => exchangeCommand(["import", "--partner", "MINISTRY", "--file", file], env);

/** `npm run exchange -- <args>` as an operator runs it. */
const exchangeCommand = (args: string[], env: Record<string, string>) => {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/exchange.ts", ...args], {
    cwd: ROOT, env: { ...process.env, ...processEnv, ...env }, stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => { out += String(d); });
  child.stderr!.on("data", (d) => { out += String(d); });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => out };
};

/** What the register holds of the batch, read with a connection (or embedded instance) of the test's own. */
async function holdings() {
  const handle = await openDatabase({ url: db.env.DATABASE_URL || undefined, dataDir: db.env.DATA_DIR ?? "" });
  try {
    const [row] = rowsOf<{ subjects: number; entries: number; batches: number; history: number }>(await handle.db.execute(sql`select
      (select count(*)::int from subject) as subjects, (select count(*)::int from list_entry) as entries,
      (select count(*)::int from exchange_batch where status = 'IMPORTED') as batches,
      (select count(*)::int from state_change) as history`));
    return row!;
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  db = await peerDatabase("xc");
  file = join(db.env.DATA_DIR ? join(db.env.DATA_DIR, "..") : (await import("node:os")).tmpdir(), `crash-batch-${process.pid}.ndjson`);
  await writeSyntheticBatch(file, { subjects: SUBJECTS });
}, 120_000);

afterAll(async () => {
  await db?.drop();
  (await import("node:fs")).rmSync(file, { force: true });
});

describe("a SIGKILL in the middle of a large import", () => {
  it("leaves no part of the batch, and the import run again takes all of it exactly once", async () => {
    const first = importer(db.env);
    const started = Date.now();
    while (!/imported [1-9]\d*0000 lines/.test(first.output())) {
      if (Date.now() - started > 600_000) throw new Error(`the import did not get going:\n${first.output()}`);
      if (first.child.exitCode !== null) throw new Error(`the import ended before it was killed:\n${first.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill("SIGKILL");
    await first.exited;
    const lines = Number(/imported (\d+) lines/.exec(first.output())![1]);
    expect(lines).toBeGreaterThan(0);
    expect(lines).toBeLessThan(2 * SUBJECTS);

    expect(await holdings()).toEqual({ subjects: 0, entries: 0, batches: 0, history: 0 });

    const second = importer(db.env);
    expect(await second.exited, second.output()).toBe(0);
    expect(JSON.parse(second.output().trim().split("\n").at(-1)!)).toMatchObject({ unchanged: false, counts: { subject: SUBJECTS, listEntry: SUBJECTS } });
    expect(await holdings()).toEqual({ subjects: SUBJECTS, entries: SUBJECTS, batches: 1, history: SUBJECTS });

    const third = importer(db.env);
    expect(await third.exited, third.output()).toBe(0);
    expect(JSON.parse(third.output().trim().split("\n").at(-1)!)).toMatchObject({ unchanged: true });
    expect(await holdings()).toEqual({ subjects: SUBJECTS, entries: SUBJECTS, batches: 1, history: SUBJECTS });
  }, 1_500_000);
});

describe("the operators' export and push commands", () => {
  it("export writes the partner's open batch (the same until acknowledged, the imported entries not passed on); push delivers it and the partner's answer acknowledges it", async () => {
    const received: string[] = [];
    const partner = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8").on("data", (d) => { body += d; }).on("end", () => {
        const manifest = JSON.parse(body.split("\n")[0]!);
        received.push(manifest.batchId);
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ batchId: manifest.batchId, status: "IMPORTED", unchanged: false, counts: manifest.counts, hashes: {} }));
      });
    });
    const port = await freePort();
    await new Promise<void>((resolve) => partner.listen(port, LOOPBACK, resolve));
    try {
      const env = { ...db.env, EXCHANGE_PROVINCE_URL: `http://${LOOPBACK}:${port}`, EXCHANGE_PROVINCE_KEY: "province-key" };
      const out = join(tmpdir(), `export-${process.pid}.ndjson`);
      const exported = async () => {
        const run = exchangeCommand(["export", "--partner", "PROVINCE", "--out", out], env);
        expect(await run.exited, run.output()).toBe(0);
        return JSON.parse(readFileSync(out, "utf8").split("\n")[0]!) as { batchId: string; partner: string; counts: Record<string, number>; lines: number };
      };
      const first = await exported();
      expect(first).toMatchObject({ partner: "PROVINCE", lines: 0, counts: { subject: 0, listEntry: 0 } });
      expect((await exported()).batchId).toBe(first.batchId);
      const push = exchangeCommand(["push", "--partner", "PROVINCE"], env);
      expect(await push.exited, push.output()).toBe(0);
      expect(JSON.parse(push.output().trim().split("\n").at(-1)!)).toMatchObject({ batchId: first.batchId, status: "ACKNOWLEDGED", attempts: 1 });
      expect(received).toEqual([first.batchId]);
      expect((await exported()).batchId).not.toBe(first.batchId);
      rmSync(out, { force: true });
    } finally {
      await new Promise<void>((resolve) => partner.close(() => resolve()));
    }
  }, 300_000);
});
