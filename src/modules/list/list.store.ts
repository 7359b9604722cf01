// SQL for list entries (红名单 / 黑名单 / 重点关注名单): batch by subject and the changes feed.
import { and, asc, desc, eq, getTableColumns, like, or, sql } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { activeEntry, anyUuid } from "../../db/predicates.js";
import { listEntry, subject } from "../../db/schema.js";

export type ListEntryRow = typeof listEntry.$inferSelect;
export type ListType = ListEntryRow["list"];

export async function entriesBySubjectIds(
  db: Database, subjectIds: readonly string[], opts: { today: string; includeInactive: boolean },
): Promise<ListEntryRow[]> {
  return db.select().from(listEntry)
    .where(and(anyUuid(listEntry.subjectId, subjectIds), opts.includeInactive ? undefined : activeEntry(opts.today)))
    .orderBy(desc(listEntry.effectiveFrom), asc(listEntry.id));
}

export interface EntryFilter {
  list?: ListType | null;
  region?: string | null;
  reason?: string | null;
  changedSince?: Date | null;
  first: number;
  /** Keyset position: `updated_at` as PostgreSQL text (microseconds kept) and id. */
  after: { changedAt: string; id: string } | null;
}

export type PagedEntryRow = ListEntryRow & { changedAt: string };

/**
 * Entries in order of last change, so a caller can follow the list with `changedSince`.
 * `historyRegion`: where ended entries are shown too ("" everywhere, null nowhere).
 */
export async function pageEntries(
  db: Database, filter: EntryFilter, opts: { today: string; historyRegion: string | null },
): Promise<PagedEntryRow[]> {
  const changedAt = sql<string>`${listEntry.updatedAt}::text`;
  const after = filter.after;
  const query = db.select({ ...getTableColumns(listEntry), changedAt }).from(listEntry);
  const where = and(
    filter.list ? eq(listEntry.list, filter.list) : undefined,
    filter.reason ? eq(listEntry.reasonCode, filter.reason) : undefined,
    filter.changedSince ? sql`${listEntry.updatedAt} >= ${filter.changedSince.toISOString()}::timestamptz` : undefined,
    after ? sql`(${listEntry.updatedAt}, ${listEntry.id}) > (${after.changedAt}::timestamptz, ${after.id}::uuid)` : undefined,
    opts.historyRegion === "" ? undefined
      : opts.historyRegion === null ? activeEntry(opts.today)
      : or(activeEntry(opts.today), like(subject.region, `${opts.historyRegion}%`)),
    filter.region ? like(subject.region, `${filter.region}%`) : undefined,
  );
  const needsSubject = filter.region || opts.historyRegion;
  const joined = needsSubject ? query.innerJoin(subject, eq(subject.id, listEntry.subjectId)) : query;
  return joined.where(where).orderBy(asc(listEntry.updatedAt), asc(listEntry.id)).limit(filter.first + 1);
}

export async function findEntry(db: Database, id: string): Promise<ListEntryRow | null> {
  const [row] = await db.select().from(listEntry).where(eq(listEntry.id, id)).limit(1);
  return row ?? null;
}

/** Active entries that stand on a record (it is among their basis records). */
export async function activeEntriesBasedOn(db: Database, recordId: string): Promise<ListEntryRow[]> {
  return db.select().from(listEntry)
    .where(and(eq(listEntry.status, "ACTIVE"), sql`${recordId}::uuid = any(${listEntry.basisRecordIds})`));
}

export async function setEntryStatus(db: Database, id: string, status: ListEntryRow["status"]): Promise<ListEntryRow> {
  const [row] = await db.update(listEntry).set({ status, updatedAt: sql`now()` }).where(eq(listEntry.id, id)).returning();
  return row!;
}

export async function insertEntry(db: Database, values: typeof listEntry.$inferInsert): Promise<ListEntryRow> {
  const [row] = await db.insert(listEntry).values(values).returning();
  return row!;
}
