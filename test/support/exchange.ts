// Exchange batches for tests: small ones written out line by line, and large synthetic ones
// streamed to a file (constant memory) with their manifest, as a partner platform would send them.
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, unlinkSync } from "node:fs";
import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import { ContentDigest, FORMAT, FORMAT_VERSION, type Line, type Manifest, serialize } from "../../src/modules/exchange/exchange.format.js";
import { usccCheckChar, USCC_ALPHABET } from "../../src/shared/identifiers.js";

export type PartnerName = "MINISTRY" | "PROVINCE";

export function manifestOf(out: ReturnType<typeof serialize>, opts: { partner?: PartnerName; batchId?: string } = {}): Manifest {
  return {
    format: FORMAT, version: FORMAT_VERSION, batchId: opts.batchId ?? randomUUID(), partner: opts.partner ?? "MINISTRY", dataVersion: 1,
    period: { from: null, to: new Date().toISOString() }, counts: out.counts, lines: out.lines, sha256: out.sha256,
  };
}

/** A batch file's text from its lines (subjects are put first, as the format orders them). */
export function batchText(lines: Line[], opts: { partner?: PartnerName; batchId?: string } = {}): { text: string; manifest: Manifest; body: string[] } {
  const out = serialize(lines);
  const manifest = manifestOf(out, opts);
  return { text: `${JSON.stringify(manifest)}\n${out.content}`, manifest, body: out.content.split("\n").filter(Boolean) };
}

/** The n-th synthetic USCC of a county (distinct for every n below 31^9). */
export function syntheticUscc(n: number, county = "530102"): string {
  let org = "";
  for (let i = 0; i < 9; i++) { org = USCC_ALPHABET[n % 31] + org; n = Math.floor(n / 31); }
  const body = `92${county}${org}`;
  return body + usccCheckChar(body);
}

export const subjectLine = (identifier: string, name: string, region = "530102"): Line =>
  ({ kind: "subject", subjectKind: "ORGANIZATION", identifier, name, region });

export const entryLine = (id: string, identifier: string, over: Partial<Extract<Line, { kind: "listEntry" }>> = {}): Line => ({
  kind: "listEntry", id, subject: { kind: "ORGANIZATION", identifier }, list: "BLACK", reason: "OVERLOAD_FLEET", reasonText: "部平台失信联合惩戒对象",
  authority: "交通运输部", effectiveFrom: "2026-01-01", effectiveUntil: null, status: "ACTIVE", ...over,
});

/**
 * A large batch streamed to `path`: `subjects` subjects, each with one blacklist entry (2 lines
 * each), hashed as it is written; the manifest goes first, so the body is written to a side file
 * and appended.
 */
export async function writeSyntheticBatch(path: string, opts: { subjects: number; partner?: PartnerName; batchId?: string; offset?: number }): Promise<Manifest> {
  const bodyPath = `${path}.body`;
  const digest = new ContentDigest();
  const body = createWriteStream(bodyPath);
  const write = async (line: Line) => {
    const raw = JSON.stringify(line);
    digest.add(raw, line.kind);
    if (!body.write(`${raw}\n`)) await once(body, "drain");
  };
  const first = opts.offset ?? 0;
  for (let i = first; i < first + opts.subjects; i++) await write(subjectLine(syntheticUscc(i), `合成运输企业${i}`));
  for (let i = first; i < first + opts.subjects; i++) await write(entryLine(`syn-${i}`, syntheticUscc(i)));
  body.end();
  await once(body, "finish");
  const { sha256 } = digest.digest();
  const manifest: Manifest = {
    format: FORMAT, version: FORMAT_VERSION, batchId: opts.batchId ?? randomUUID(), partner: opts.partner ?? "MINISTRY", dataVersion: 1,
    period: { from: null, to: new Date().toISOString() }, counts: digest.counts, lines: digest.lines, sha256,
  };
  const out = createWriteStream(path);
  out.write(`${JSON.stringify(manifest)}\n`);
  await pipeline(createReadStream(bodyPath), out);
  unlinkSync(bodyPath);
  return manifest;
}
