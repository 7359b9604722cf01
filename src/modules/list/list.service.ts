// Rules for reading list entries: the public sees entries in force only; officers also see
// ended entries within their jurisdiction, the credit office everywhere. Whoever follows the
// lists with `changedSince` also learns that an entry ended — only that, unless it may read it.
import { historyRegion } from "../../auth/policy.js";
import type { Database } from "../../db/client.js";
import { checkPageSize, decodeCursor, encodeCursor, type Page, toPage } from "../../shared/pagination.js";
import { checkRegion } from "../../shared/regions.js";
import type { Reader } from "../subject/subject.service.js";
import { AppError } from "../../shared/errors.js";
import type { RecordService } from "../record/record.service.js";
import { enter } from "../register/register.service.js";
import { initialStatus, isInForce, mayBeBasis, readStatus } from "../register/register.states.js";
import type { SubjectRefInput, SubjectService } from "../subject/subject.service.js";
import { insertEntry, type ListEntryRow, type ListType, type PagedEntryRow, pageEntries } from "./list.store.js";
import { type Message, msg } from "../../shared/i18n/index.js";

/**
 * When an entry stopped being in force: its status change (EXPIRED, REPAIRED, REVOKED), or the
 * midnight (China time) after its effectiveUntil once that day has passed; null while in force.
 */
export function entryEndedAt(entry: Pick<ListEntryRow, "status" | "updatedAt" | "effectiveUntil">, today: string): Date | null {
  if (!isInForce("ENTRY", entry.status)) return entry.updatedAt;
  if (isInForce("ENTRY", readStatus("ENTRY", entry, today))) return null;
  const dayAfter = new Date(`${entry.effectiveUntil}T00:00:00+08:00`);
  dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
  return dayAfter;
}

/** What anyone following the lists learns of an ended entry: enough to remove it, nothing of its content. */
export interface EndedEntry {
  id: string;
  list: ListType;
  /** EXPIRED (also when it ran out by its dates), REPAIRED or REVOKED. */
  status: string;
  endedAt: Date;
  subjectId: string;
  subject: { kind: string; identifier: string };
}

/** The change time as PostgreSQL prints a timestamptz; a cursor keeps it whole (microseconds included). */
const PG_TIMESTAMPTZ = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,6})?([+-]\d{2})(:\d{2})?$/;

function isPgTimestamp(text: string): boolean {
  const m = PG_TIMESTAMPTZ.exec(text);
  if (!m) return false;
  const day = new Date(`${m[1]}T00:00:00Z`);
  const time = new Date(`1970-01-01T${m[2]}Z`);
  return !Number.isNaN(time.getTime()) && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(m[1]!);
}

export interface ListEntriesInput {
  list?: ListType | null;
  region?: string | null;
  reason?: string | null;
  changedSince?: Date | null;
  first?: number | null;
  after?: string | null;
}

export class ListService {
  constructor(
    private readonly db: Database, private readonly maxPageSize: number, private readonly subjects: SubjectService, private readonly records: RecordService,
  ) {}

  async page(input: ListEntriesInput, reader: Reader): Promise<Page<ListEntryRow> & { ended: EndedEntry[] }> {
    const first = checkPageSize(input.first ?? 50, this.maxPageSize);
    const after = decodeCursor(input.after, ["string", "uuid"] as const, ([at]) => isPgTimestamp(at as string));
    const rows = await pageEntries(this.db, {
      list: input.list,
      region: checkRegion(input.region),
      reason: input.reason?.trim() || null,
      changedSince: input.changedSince,
      first,
      after: after && { changedAt: after[0], id: after[1] },
    }, { today: reader.today, historyRegion: historyRegion(reader.principal) });
    const page = toPage(rows, first, (r) => encodeCursor([r.changedAt, r.id]));
    const ended = input.changedSince ? await this.ended(page.nodes, reader) : [];
    return { ...page, nodes: page.nodes.filter((r) => r.inFull), ended };
  }

  /** The ended entries of a page; the subject as this caller sees its ref (a person's ID masked for the public). */
  private async ended(rows: PagedEntryRow[], reader: Reader): Promise<EndedEntry[]> {
    const ended = rows.flatMap((row) => {
      const endedAt = entryEndedAt(row, reader.today);
      return endedAt ? [{ row, endedAt }] : [];
    });
    if (ended.length === 0) return [];
    // The ref is what the caller saw while the entry stood; a person who is private now keeps it masked, without a name.
    const refs = await this.subjects.refsByIds([...new Set(ended.map((e) => e.row.subjectId))], reader);
    return ended.map(({ row, endedAt }) => ({
      id: row.id, list: row.list, status: readStatus("ENTRY", row, reader.today), endedAt, subjectId: row.subjectId,
      subject: refs.get(row.subjectId)!,
    }));
  }

  /** ADMIN: a list entry on the credit office's own decision, with its reason code and basis records. */
  async add(input: ListEntryInput, reader: Reader): Promise<ListEntryRow> {
    const bad = (message: Message) => new AppError("BAD_USER_INPUT", message);
    const reasonCode = input.reason.trim();
    if (!/^[A-Z][A-Z0-9_]{1,63}$/.test(reasonCode)) throw bad(msg("input.entryReason"));
    const reasonText = input.reasonText.trim();
    const authority = input.authority.trim();
    if (!reasonText || !authority) throw bad(msg("input.entryRequired"));
    if (reasonText.length > 2000 || authority.length > 200) throw bad(msg("input.entryLengths"));
    // The Date scalar hands us Dates (UTC midnight); the table and comparisons speak YYYY-MM-DD.
    const isoDay = (value: string | Date) => (value instanceof Date ? value.toISOString().slice(0, 10) : value);
    const effectiveFrom = isoDay(input.effectiveFrom);
    const effectiveUntil = input.effectiveUntil ? isoDay(input.effectiveUntil) : null;
    if (effectiveUntil && effectiveUntil < effectiveFrom) throw bad(msg("input.entryDates"));
    const subject = await this.subjects.byRef(input.ref, reader, true);
    if (!subject) throw new AppError("NOT_FOUND", msg("notFound.subject"));
    const basis = [...new Set((input.basisRecordIds ?? []).map((id) => id.trim().toLowerCase()))];
    return this.db.transaction(async (tx) => {
      const t = tx as unknown as Database;
      for (const id of basis) {
        const record = await this.records.find(id, t);
        if (!record || record.subjectId !== subject.id) throw bad(msg("input.basisOther", { id }));
        // A revoked, repaired or expired record no longer stands: no new measure may rest on it.
        if (!mayBeBasis(record.status)) throw new AppError("INVALID_STATE", msg("state.basisRecord", { id, status: msg(`state.status.${record.status}`) }));
      }
      const entry = await insertEntry(t, {
        subjectId: subject.id, list: input.list, reasonCode, reasonText, basisRecordIds: basis, authority, effectiveFrom, effectiveUntil,
        status: initialStatus("ENTRY", "ENTRY_ADDED"),
      });
      await enter(t, "ENTRY", entry, "ENTRY_ADDED", { actor: reader.principal.id, reason: reasonText, cause: `entry:${entry.id}` });
      return entry;
    });
  }
}

export interface ListEntryInput {
  ref: SubjectRefInput;
  list: ListType;
  reason: string;
  reasonText: string;
  basisRecordIds?: string[] | null;
  authority: string;
  effectiveFrom: string;
  effectiveUntil?: string | null;
}
