// The exchange format, version 1 (数据交换格式): a manifest line, then NDJSON lines of subjects,
// list entries, records, evaluations, commitments, repairs and joint reports. Pure: parsing and checking one line, the manifest, and
// the hashes that prove what a batch holds (SHA-256 of the whole content and of each kind's lines).
import { createHash, type Hash } from "node:crypto";
import { z } from "zod";
import { EXCHANGE_KINDS, type ExchangeKind } from "../../config.js";
import { exchangePartner, listEntryStatus, listType, partyRole, recordStatus, severity, subjectKind } from "../../db/schema.js";
import { COMMITMENT_KINDS } from "../commitment/commitment.service.js";
import { STATUSES } from "../register/register.states.js";

export const FORMAT = "creditgate-exchange";
export const FORMAT_VERSION = 1;

export type KindCounts = Record<ExchangeKind, number>;
export type KindHashes = Record<ExchangeKind, string>;

/** A calendar day that exists (2026-02-30 does not). */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD")
  .refine((v) => { const d = new Date(`${v}T00:00:00Z`); return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v; }, "a date that exists");
const text = (max: number) => z.string().trim().min(1).max(max);
const quarterLabel = z.string().regex(/^\d{4}-Q[1-4]$/, "a quarter YYYY-Qn");
const ref = z.object({ kind: z.enum(subjectKind.enumValues), identifier: text(64) });

/** Kinds added to version 1 after it first shipped: a manifest without their count has none. */
const LATER_KINDS: readonly ExchangeKind[] = ["commitment", "repair", "jointReport"];

export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(FORMAT_VERSION),
  batchId: z.string().uuid(),
  partner: z.enum(exchangePartner.enumValues),
  dataVersion: z.number().int().min(0),
  period: z.object({ from: z.string().datetime({ offset: true }).nullable(), to: z.string().datetime({ offset: true }) }),
  // jointReport, commitment and repair came later: a sender that does not know the kind announces none.
  counts: z.object(Object.fromEntries(EXCHANGE_KINDS.map((k) => [k, LATER_KINDS.includes(k) ? z.number().int().min(0).default(0) : z.number().int().min(0)])) as Record<ExchangeKind, z.ZodNumber>),
  lines: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "64 hex digits"),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const lineSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("subject"), subjectKind: z.enum(subjectKind.enumValues), identifier: text(64), name: text(200), region: z.string().regex(/^\d{6}$/) }),
  z.object({
    kind: z.literal("listEntry"), id: text(64), subject: ref, list: z.enum(listType.enumValues),
    reason: z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/), reasonText: text(2000), authority: text(200),
    effectiveFrom: day, effectiveUntil: day.nullable(),
    // Expiry is read from the dates at read time: an entry a partner calls EXPIRED is stored as it was added.
    status: z.enum(listEntryStatus.enumValues).transform((s) => (s === "EXPIRED" ? "ACTIVE" : s)),
  }),
  z.object({
    kind: z.literal("record"), subject: ref, sourceSystem: text(100), decisionNumber: text(200), category: text(40),
    content: text(20_000), decisionDate: day, authority: text(200), severity: z.enum(severity.enumValues),
    status: z.enum(recordStatus.enumValues).transform((s) => (s === "EXPIRED" ? "PUBLISHED" : s)), publishedAt: z.string().datetime({ offset: true }).nullable(), publicationEnds: day.nullable(),
    // The violation (violations) and the other subjects the decision concerns: what the listing rules count. Later than v1's first lines: absent is none.
    violation: z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, "a violation code").nullable().default(null),
    parties: z.array(z.object({ role: z.enum(partyRole.enumValues), subject: ref })).max(50).default([]),
  }),
  z.object({ kind: z.literal("evaluation"), subject: ref, sector: text(40), year: z.number().int().min(1990).max(2100), grade: text(10), evaluator: text(200) }),
  // 信用承诺: a commitment signed on the partner's platform, by its id there; a re-sent one updates it.
  z.object({
    kind: z.literal("commitment"), id: text(64), subject: ref, commitmentKind: z.enum(COMMITMENT_KINDS), matter: text(500), content: text(5000),
    signedAt: z.string().datetime({ offset: true }), validUntil: day.nullable(), status: z.enum(STATUSES.COMMITMENT),
  }),
  // 信用修复: a completed repair of an entry or a record the sender sent, or its reversal; the receiver ends (or restores) its copy.
  z.object({
    kind: z.literal("repair"), id: text(64), subject: ref,
    target: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("listEntry"), id: text(64) }),
      z.object({ kind: z.literal("record"), sourceSystem: text(100), decisionNumber: text(200) }),
    ]),
    status: z.enum(["APPROVED", "REVERSED"]), reason: text(2000), decidedAt: z.string().datetime({ offset: true }), decisionReason: text(2000).nullable(),
  }),
  // 联合奖惩季度报送: a quarter's joint report for the whole province, as jointMeasuresReport gives it.
  z.object({
    kind: z.literal("jointReport"), quarter: quarterLabel, dueDate: day,
    report: z.object({
      quarter: quarterLabel, periodStart: day, periodEnd: day, dueDate: day,
      objects: z.array(z.record(z.string(), z.unknown())), measures: z.array(z.record(z.string(), z.unknown())), effects: z.record(z.string(), z.unknown()), cases: z.array(z.record(z.string(), z.unknown())),
    }).passthrough(),
  }).refine((l) => l.report.quarter === l.quarter && l.report.dueDate === l.dueDate, { message: "the report is not the line's quarter", path: ["report", "quarter"] }),
]);
export type Line = z.infer<typeof lineSchema>;
export type LineOf<K extends ExchangeKind> = Extract<Line, { kind: K }>;

/** Why a line (numbered from 1, the manifest being line 1) makes the whole batch refused. */
export class BatchProblem extends Error {
  constructor(readonly line: number, readonly rule: "json" | "shape" | "identifier" | "subject" | "manifest" | "count" | "hash" | "duplicate", readonly detail: string) {
    super(`line ${line}: ${detail}`);
  }
}

const issueText = (error: z.ZodError) => error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; ");

export function parseManifest(raw: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new BatchProblem(1, "json", "the manifest is not JSON");
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) throw new BatchProblem(1, "manifest", issueText(parsed.error));
  return parsed.data;
}

export function parseLine(raw: string, number: number): Line {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new BatchProblem(number, "json", "not a JSON line");
  }
  const parsed = lineSchema.safeParse(value);
  if (!parsed.success) throw new BatchProblem(number, "shape", issueText(parsed.error));
  return parsed.data;
}

export const zeroCounts = (): KindCounts => Object.fromEntries(EXCHANGE_KINDS.map((k) => [k, 0])) as KindCounts;

/** Hashes a batch's content as it streams: the whole, and each kind's lines apart. */
export class ContentDigest {
  private readonly whole: Hash = createHash("sha256");
  private readonly perKind = new Map<ExchangeKind, Hash>(EXCHANGE_KINDS.map((k) => [k, createHash("sha256")]));
  readonly counts: KindCounts = zeroCounts();
  lines = 0;

  add(raw: string, kind: ExchangeKind): void {
    this.whole.update(`${raw}\n`);
    this.perKind.get(kind)!.update(`${raw}\n`);
    this.counts[kind]++;
    this.lines++;
  }

  /** The whole content's hash and each kind's; call once. */
  digest(): { sha256: string; hashes: KindHashes } {
    return {
      sha256: this.whole.digest("hex"),
      hashes: Object.fromEntries([...this.perKind].map(([k, h]) => [k, h.digest("hex")])) as KindHashes,
    };
  }
}

/** Content lines in the canonical order of kinds: subjects first, so every line after names a subject already sent. */
export function serialize(lines: readonly Line[]): { content: string; sha256: string; hashes: KindHashes; counts: KindCounts; lines: number } {
  const digest = new ContentDigest();
  const ordered = EXCHANGE_KINDS.flatMap((kind) => lines.filter((l) => l.kind === kind));
  const out = ordered.map((line) => {
    const raw = JSON.stringify(line);
    digest.add(raw, line.kind);
    return `${raw}\n`;
  });
  return { content: out.join(""), ...digest.digest(), counts: digest.counts, lines: digest.lines };
}

/** The manifest is checked against what the lines turned out to be: counts first, then the hash. */
export function checkAgainstManifest(manifest: Manifest, found: { counts: KindCounts; lines: number; sha256: string }, lastLine: number): void {
  for (const kind of EXCHANGE_KINDS) {
    if (manifest.counts[kind] !== found.counts[kind]) {
      throw new BatchProblem(lastLine, "count", `the manifest announces ${manifest.counts[kind]} ${kind} lines, the batch has ${found.counts[kind]}`);
    }
  }
  if (manifest.lines !== found.lines) throw new BatchProblem(lastLine, "count", `the manifest announces ${manifest.lines} lines, the batch has ${found.lines}`);
  if (manifest.sha256 !== found.sha256) throw new BatchProblem(lastLine, "hash", `SHA-256 of the content is ${found.sha256}, the manifest says ${manifest.sha256}`);
}
