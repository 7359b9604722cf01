/**
 * The synthetic register: a pure, deterministic generator of subjects with their records, list
 * entries, grades and commitments, as COPY text ready for `DatabaseHandle.copyRows`. Subject n
 * depends only on (seed, n, today, intake's rules), so a register can be generated in batches of
 * any size, or extended later from `startIndex` without duplicate identifiers. Records get their
 * deadlines and periods from the rules intake applies (record/periods.ts), and only the statuses
 * intake, objections and repairs can give them. Measures are not generated.
 */
import type { Protector } from "../shared/protect.js";
import { addMonths, type IntakeRules } from "../modules/record/periods.js";
import { addYears, civil, dayNumber, formatDay, mix32, Rng, weighted } from "./codes.js";
import {
  addCommitment, addEntry, addEvaluation, addRecord, type Category, type Ctx, type Kind, type ListType, perTable,
  REGISTER_TABLES, type RegisterTable, SeedRules, Sink, type SubjectDraft, writeSubject,
} from "./facts.js";
import { OVERLOAD, violationsFor } from "./names.js";
import { RESERVED_ORDINALS, SHOWCASE_SIZE, writeShowcase } from "./showcase.js";
import { organization, person, vehicle, vessel } from "./subjects.js";

export { DEMO_SHOWCASE, type ShowcaseSubject } from "./showcase.js";
export { perTable, REGISTER_COLUMNS, REGISTER_TABLES, type RegisterTable } from "./facts.js";

/** Seed of the demo register seeded on first start (and of the README's examples). */
export const DEMO_SEED = 20_240_611;

/** The smallest code space (trailer plates, 1.2% of subjects) runs out a little above this. */
export const MAX_SUBJECTS = 20_000_000;

export type RegisterCounts = Record<RegisterTable, number>;

export interface RegisterBatch {
  /** Subjects in this batch. */
  subjects: number;
  /** COPY text rows per table. */
  tsv: Record<RegisterTable, string>;
  rows: RegisterCounts;
}

export interface GenerateOptions {
  subjects: number;
  /** Taken as an unsigned 32-bit integer. */
  seed: number;
  /** YYYY-MM-DD: dates of records and entries are relative to it. */
  today: string;
  /** Index of the first subject; 0 starts with the showcase. Extend a register from its size. */
  startIndex?: number;
  /** Subjects per yielded batch. */
  batchSize?: number;
  /** Seals protected values as the service stores them (loading needs it; tests may omit it). */
  protector?: Protector;
  /**
   * The rules intake applies: the working-day calendar with the office's entries, and the
   * publication periods (loading reads both from the database); default: the library's calendar
   * and the default periods.
   */
  rules?: IntakeRules;
}

// Kinds come from a fixed shuffled table of 100 slots, so the shares are exact and every kind's
// ordinals are dense: ordinal = round · (slots of the kind) + rank of the slot within its kind.
const KIND_SHARES: readonly (readonly [Kind, number])[] = [["ORGANIZATION", 55], ["PERSON", 30], ["VEHICLE", 12], ["VESSEL", 3]];
const KIND_SLOTS: readonly Kind[] = (() => {
  const slots = KIND_SHARES.flatMap(([kind, n]) => Array.from({ length: n }, () => kind));
  const rng = new Rng(0x5eed);
  for (let i = slots.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [slots[i], slots[j]] = [slots[j]!, slots[i]!];
  }
  return slots;
})();
const SLOT_RANK = KIND_SLOTS.map((kind, i) => KIND_SLOTS.slice(0, i).filter((k) => k === kind).length);
const KIND_COUNT = new Map(KIND_SHARES);

const BUILDERS = { ORGANIZATION: organization, PERSON: person, VEHICLE: vehicle, VESSEL: vessel } as const;

/** Chance per kind of each list; RED is for organizations and people only. */
const LIST_ODDS: Record<Kind, { BLACK: number; WATCH: number; RED: number }> = {
  ORGANIZATION: { BLACK: 0.02, WATCH: 0.015, RED: 0.04 },
  PERSON: { BLACK: 0.02, WATCH: 0.015, RED: 0.027 },
  VEHICLE: { BLACK: 0.025, WATCH: 0.015, RED: 0 },
  VESSEL: { BLACK: 0.01, WATCH: 0.015, RED: 0 },
};
const RECORDS_PER_SUBJECT: Record<Kind, number> = { ORGANIZATION: 0.8, PERSON: 0.3, VEHICLE: 0.4, VESSEL: 0.3 };
const OTHER_CATEGORIES: Record<Kind, readonly Category[]> = {
  ORGANIZATION: ["ENFORCEMENT", "CONFIRMATION", "LEVY", "PAYMENT", "ADJUDICATION", "COMPENSATION", "REWARD", "INSPECTION"],
  PERSON: ["ENFORCEMENT", "INSPECTION"],
  VEHICLE: ["ENFORCEMENT", "CONFIRMATION", "INSPECTION"],
  VESSEL: ["ENFORCEMENT", "LEVY", "INSPECTION"],
};
const pickGrade = weighted([["AAA", 10], ["AA", 35], ["A", 45], ["B", 10]] as const);
const pickEntryStatus = weighted([["ACTIVE", 82], ["EXPIRED", 8], ["REPAIRED", 6], ["REVOKED", 4]] as const);
const pickWatchReason = weighted([["UNPAID_FINE", 5], ["REPEATED_COMPLAINTS", 3], ["SAFETY_HAZARD", 2]] as const);
const pickOrgBlackReason = weighted([
  ["OVERLOAD_FLEET", 3], ["SERIOUS_ACCIDENT", 2], ["FRAUD_LICENSING", 2], ["REFUSE_ENFORCEMENT", 2], ["ILLEGAL_OPERATION", 1],
] as const);

const freight = (s: SubjectDraft): boolean => s.sector === "ROAD_FREIGHT" || s.sector === "DANGEROUS_GOODS";

function blackReason(ctx: Ctx, s: SubjectDraft): string {
  const { rng } = ctx;
  switch (s.kind) {
    case "ORGANIZATION": {
      const reason = pickOrgBlackReason(rng);
      return reason === "OVERLOAD_FLEET" && !freight(s) ? "ILLEGAL_OPERATION" : reason;
    }
    case "PERSON":
      if (freight(s) && rng.chance(0.7)) return "OVERLOAD_REPEATED";
      return rng.chance(0.6) ? "SERIOUS_ACCIDENT" : "FRAUD_LICENSING";
    case "VEHICLE":
      return freight(s) ? "OVERLOAD_REPEATED" : "ILLEGAL_OPERATION";
    case "VESSEL":
      return rng.chance(0.5) ? "ILLEGAL_OPERATION" : "SERIOUS_ACCIDENT";
  }
}

interface Listing {
  list: ListType;
  reason: string;
  status: "ACTIVE" | "EXPIRED" | "REPAIRED" | "REVOKED";
  from: number;
}

/** At most one list entry per generated subject, with the records it was decided on. */
function listSubject(ctx: Ctx, s: SubjectDraft): Listing | null {
  const { rng, today } = ctx;
  const odds = LIST_ODDS[s.kind];
  const r = rng.next();
  const list: ListType | null = r < odds.BLACK ? "BLACK" : r < odds.BLACK + odds.WATCH ? "WATCH" : r < odds.BLACK + odds.WATCH + odds.RED ? "RED" : null;
  if (list === null) return null;
  const reason = list === "BLACK" ? blackReason(ctx, s)
    : list === "WATCH" ? pickWatchReason(rng)
    : s.kind === "PERSON" ? "EXCELLENT_DRIVER" : rng.chance(0.6) ? "AAA_GRADE" : "MODEL_ENTERPRISE";
  const status = pickEntryStatus(rng);
  let from: number;
  let until: number | null;
  if (status === "EXPIRED") {
    from = today - rng.int(400, 730);
    until = addYears(from, 1);
  } else {
    from = today - rng.int(status === "ACTIVE" ? 0 : 60, 730);
    // A repair is refused before the list's minimum period (TOO_EARLY): a repaired entry began before it.
    const minMonths = status === "REPAIRED" ? ctx.rules.entryMinMonths(list) : null;
    if (minMonths) from = Math.min(from, dayNumber(addMonths(formatDay(today), -minMonths)));
    until = rng.chance(0.15) ? null : addYears(from, rng.int(1, 3));
    if (status === "ACTIVE" && until !== null && until <= today) until = addYears(from, 3);
  }
  let basis: string[] = [];
  if (reason === "OVERLOAD_REPEATED") {
    const last = from - rng.int(1, 30);
    const days = [last, last - rng.int(30, 110), last - rng.int(120, 220), last - rng.int(230, 330)];
    basis = days.reverse().map((day) => addRecord(ctx, s, { category: "PENALTY", day, violation: OVERLOAD }));
  } else if (list === "BLACK") {
    const violation = rng.pick(violationsFor(s.kind, s.sector));
    basis = [addRecord(ctx, s, { category: "PENALTY", day: from - rng.int(5, 60), violation, severity: "SERIOUS" })];
  } else if (reason === "UNPAID_FINE") {
    const violation = rng.pick(violationsFor(s.kind, s.sector));
    basis = [addRecord(ctx, s, { category: "PENALTY", day: from - rng.int(30, 120), violation })];
  }
  // An expired entry is stored as it was added: a read finds it past `until`.
  addEntry(ctx, s, { reason, basis, from, until, status: status === "EXPIRED" ? "ACTIVE" : status });
  return { list, reason, status, from };
}

function addRandomRecords(ctx: Ctx, s: SubjectDraft): void {
  const { rng, today } = ctx;
  const n = Math.min(rng.poisson(RECORDS_PER_SUBJECT[s.kind]), 8 - s.written.record);
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    const day = today - rng.int(0, 1094);
    // One in ten is sent by its source system after the deadline, and published late.
    const lateBy = rng.chance(0.1) ? rng.int(1, 10) : undefined;
    if (r < 0.55) {
      const status = rng.chance(0.98) ? "PUBLISHED" : rng.chance(0.5) ? "REVOKED" : "UNDER_OBJECTION";
      addRecord(ctx, s, { category: "LICENSING", day, lateBy, status });
    } else if (r < 0.9) {
      const q = rng.next();
      const status = q < 0.93 ? "PUBLISHED" : q < 0.955 ? "REPAIRED" : q < 0.975 ? "CORRECTED"
        : q < 0.99 ? "UNDER_OBJECTION" : "REVOKED";
      const severity = rng.chance(0.1) ? "SERIOUS" : "ORDINARY";
      addRecord(ctx, s, { category: "PENALTY", day, lateBy, status, severity, violation: rng.pick(violationsFor(s.kind, s.sector)) });
    } else {
      addRecord(ctx, s, { category: rng.pick(OTHER_CATEGORIES[s.kind]), day, lateBy });
    }
  }
}

function addGrades(ctx: Ctx, s: SubjectDraft, listing: Listing | null): void {
  const { rng } = ctx;
  const rewarded = listing?.reason === "AAA_GRADE" || listing?.reason === "EXCELLENT_DRIVER";
  if (s.kind === "VEHICLE" || s.kind === "VESSEL") return;
  if (!rewarded && !rng.chance(s.kind === "ORGANIZATION" ? 0.7 : 0.5)) return;
  const year = civil(ctx.today)[0];
  const years = rng.int(1, 3);
  for (let i = 0; i < years; i++) {
    let grade = pickGrade(rng);
    if (i === 0 && rewarded) grade = "AAA";
    else if (i === 0 && listing?.status === "ACTIVE" && listing.list === "BLACK") grade = "B";
    else if (i === 0 && listing?.status === "ACTIVE" && listing.list === "WATCH" && grade !== "B") grade = "A";
    addEvaluation(ctx, s, year - 1 - i, grade);
  }
}

function addCommitments(ctx: Ctx, s: SubjectDraft, listing: Listing | null): void {
  const { rng, today } = ctx;
  if (s.kind !== "ORGANIZATION") return;
  const adverse = listing !== null && listing.list !== "RED";
  if (!rng.chance(adverse ? 0.3 : 0.045)) return;
  const signed = adverse ? Math.min(listing.from + rng.int(30, 300), today) : today - rng.int(0, 700);
  const validUntil = rng.chance(0.2) ? null : addYears(signed, rng.int(1, 3));
  addCommitment(ctx, s, { kind: adverse ? "REPAIR" : "LICENSING", signed, validUntil, status: "VALID" });
}

function writeGenerated(ctx: Ctx, index: number): void {
  const slot = index % KIND_SLOTS.length;
  const kind = KIND_SLOTS[slot]!;
  const ordinal = Math.floor(index / KIND_SLOTS.length) * KIND_COUNT.get(kind)! + SLOT_RANK[slot]! + RESERVED_ORDINALS;
  const s = BUILDERS[kind](ctx, index, ordinal);
  writeSubject(ctx, s);
  const listing = listSubject(ctx, s);
  addRandomRecords(ctx, s);
  addGrades(ctx, s, listing);
  addCommitments(ctx, s, listing);
}

/**
 * Yields the register in batches of COPY text; returns the total row counts. Subject n is the
 * same whatever the batch size; with startIndex 0 the first subjects are DEMO_SHOWCASE.
 */
export function* generateRegister(opts: GenerateOptions): Generator<RegisterBatch, RegisterCounts, void> {
  const { subjects, seed, startIndex = 0, batchSize = 10_000 } = opts;
  for (const [name, v] of Object.entries({ subjects, startIndex, batchSize })) {
    if (!Number.isSafeInteger(v) || v < (name === "batchSize" ? 1 : 0)) throw new RangeError(`${name} must be a whole number, got ${v}`);
  }
  if (startIndex + subjects > MAX_SUBJECTS) throw new RangeError(`a synthetic register has at most ${MAX_SUBJECTS} subjects`);
  const today = dayNumber(opts.today);
  const seedKey = mix32(seed >>> 0);
  const rules = new SeedRules(opts.rules);
  const totals: RegisterCounts = perTable(() => 0);
  const end = startIndex + subjects;
  for (let first = startIndex; first < end; first += batchSize) {
    const out = new Sink();
    const last = Math.min(first + batchSize, end);
    for (let index = first; index < last; index++) {
      const ctx: Ctx = { today, rng: new Rng(mix32((seedKey ^ mix32(index)) >>> 0)), out, rules, protector: opts.protector };
      if (index < SHOWCASE_SIZE) writeShowcase(ctx, index);
      else writeGenerated(ctx, index);
    }
    const rows = out.rows();
    for (const table of REGISTER_TABLES) totals[table] += rows[table];
    yield { subjects: last - first, tsv: out.tsv(), rows };
  }
  return totals;
}
