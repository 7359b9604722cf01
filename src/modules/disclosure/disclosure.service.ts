// Rules of the public feeds: page sizes, cursors and filters checked once; the caller's reach
// (private persons stay out for whoever may not see them) decided by auth/policy.
import { seesPrivatePersons } from "../../auth/policy.js";
import type { Database } from "../../db/client.js";
import { AppError } from "../../shared/errors.js";
import { msg } from "../../shared/i18n/index.js";
import { checkPageSize, decodeCursor, encodeCursor, type Page, toPage } from "../../shared/pagination.js";
import { checkRegion, regionName } from "../../shared/regions.js";
import type { Reader } from "../subject/subject.service.js";
import {
  type CommitmentRow, countEntries, countPublications, countRepairs, type EvaluationRow, pageCommitments, pageEvaluations,
  pagePublishedRecords, type RecordRow,
} from "./disclosure.store.js";

/** A timestamp as PostgreSQL prints it, the way the feeds' cursors keep it. */
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const atCursor = (cursor: string | null | undefined) => {
  const key = decodeCursor(cursor, ["string", "uuid"] as const, ([at]) => PG_TIMESTAMPTZ.test(at as string));
  return key && { at: key[0], id: key[1] };
};

/** A free-text filter: trimmed, empty means none, bounded. */
function text(value: string | null | undefined): string | null {
  const t = value?.trim() ?? "";
  if (t.includes("\u0000") || t.length > 200) throw new AppError("BAD_USER_INPUT", msg("error.filterText"));
  return t || null;
}

/** How many months back the charts' counts reach, at most. */
export const MAX_MONTHS = 36;

function sinceMonth(today: string, months: number): string {
  if (!Number.isInteger(months) || months < 1 || months > MAX_MONTHS) {
    throw new AppError("BAD_USER_INPUT", msg("error.months", { max: MAX_MONTHS, months }));
  }
  const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - (months - 1));
  return d.toISOString().slice(0, 7);
}

export interface FeedInput { region?: string | null; first?: number | null; after?: string | null }

/**
 * The charts' counts scan the register (every entry in force, a year of publications): each
 * process keeps an answer for this long, per question, so a busy home page costs one scan a
 * minute. Counts are at most this stale; the pages' lists and records never are.
 */
export const COUNTS_FRESH_MS = 60_000;
const COUNTS_KEPT = 64;

export class DisclosureService {
  private readonly counts = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(private readonly db: Database, private readonly maxPageSize: number) {}

  /** A count answered within COUNTS_FRESH_MS, or asked anew (a failed one is not kept). */
  private fresh<T>(key: string, ask: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const kept = this.counts.get(key);
    if (kept && now - kept.at < COUNTS_FRESH_MS) return kept.value as Promise<T>;
    if (this.counts.size >= COUNTS_KEPT) this.counts.delete(this.counts.keys().next().value!);
    const value = ask();
    this.counts.set(key, { at: now, value });
    value.catch(() => this.counts.delete(key));
    return value;
  }

  private scope(input: FeedInput, reader: Reader) {
    return { today: reader.today, privatePersons: seesPrivatePersons(reader.principal), region: checkRegion(input.region) };
  }

  async publishedRecords(input: FeedInput & { category?: string | null; authority?: string | null; from?: string | null; to?: string | null }, reader: Reader): Promise<Page<RecordRow>> {
    const first = checkPageSize(input.first ?? 50, this.maxPageSize);
    const rows = await pagePublishedRecords(this.db, {
      ...this.scope(input, reader), category: input.category ?? null, authority: text(input.authority),
      from: input.from ?? null, to: input.to ?? null, first, after: atCursor(input.after),
    });
    return toPage(rows, first, (r) => encodeCursor([r.cursorAt, r.id]));
  }

  async commitments(input: FeedInput & { matter?: string | null; status?: string | null; kind?: string | null }, reader: Reader): Promise<Page<CommitmentRow>> {
    const first = checkPageSize(input.first ?? 50, this.maxPageSize);
    const rows = await pageCommitments(this.db, {
      ...this.scope(input, reader), matter: text(input.matter), status: input.status ?? null, kind: input.kind ?? null,
      first, after: atCursor(input.after),
    });
    return toPage(rows, first, (r) => encodeCursor([r.cursorAt, r.id]));
  }

  async evaluations(input: FeedInput & { sector?: string | null; year?: number | null; grade?: string | null }, reader: Reader): Promise<Page<EvaluationRow>> {
    const first = checkPageSize(input.first ?? 50, this.maxPageSize);
    const after = decodeCursor(input.after, ["number", "uuid"] as const);
    const rows = await pageEvaluations(this.db, {
      ...this.scope(input, reader), sector: text(input.sector), year: input.year ?? null, grade: text(input.grade),
      first, after: after && { year: after[0], id: after[1] },
    });
    return toPage(rows, first, (r) => encodeCursor([r.year, r.id]));
  }

  async listEntryCounts(region: string | null | undefined, reader: Reader) {
    const prefix = checkRegion(region);
    const rows = await this.fresh(`entries:${reader.today}:${prefix}`, () => countEntries(this.db, reader.today, prefix));
    return rows.map((r) => ({ ...r, prefectureName: regionName(r.prefecture) }));
  }

  async publicationsByMonth(months: number, reader: Reader) {
    const since = sinceMonth(reader.today, months);
    return this.fresh(`publications:${reader.today}:${since}`, () => countPublications(this.db, reader.today, since));
  }

  async repairsByMonth(months: number, reader: Reader) {
    const since = sinceMonth(reader.today, months);
    const rows = await this.fresh(`repairs:${since}`, () => countRepairs(this.db, since));
    return rows.map((r) => ({ month: r.month, target: r.targetKind, count: r.count }));
  }
}
