// Rules for reading list entries: the public sees entries in force only; officers also see
// ended entries within their jurisdiction, the credit office everywhere.
import { historyRegion } from "../../auth/policy.js";
import type { Database } from "../../db/client.js";
import { checkPageSize, decodeCursor, encodeCursor, type Page, toPage } from "../../shared/pagination.js";
import { checkRegion } from "../../shared/regions.js";
import type { Reader } from "../subject/subject.service.js";
import { type ListEntryRow, type ListType, pageEntries } from "./list.store.js";

/** `updated_at::text` as PostgreSQL prints it; a cursor keeps it whole (microseconds included). */
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
  constructor(private readonly db: Database, private readonly maxPageSize: number) {}

  async page(input: ListEntriesInput, reader: Reader): Promise<Page<ListEntryRow>> {
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
    return toPage(rows, first, (r) => encodeCursor([r.changedAt, r.id]));
  }
}
