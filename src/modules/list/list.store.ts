// SQL for list entries (红名单 / 黑名单 / 重点关注名单): batch by subject and the changes feed.
import { and, asc, desc, eq, getTableColumns, like, lt, not, or, type SQL, sql } from "drizzle-orm";
import { coalescedRead, preparedRead } from "../../db/ambient.js";
import type { Database } from "../../db/client.js";
import { anyUuid } from "../../db/predicates.js";
import { listEntry, subject } from "../../db/schema.js";
import { activeEntry, statusIn } from "../register/register.predicates.js";
import { IN_FORCE } from "../register/register.states.js";

export type ListEntryRow = typeof listEntry.$inferSelect;
export type ListType = ListEntryRow["list"];

const entriesOf = (includeInactive: boolean) => preparedRead(
  `list_entries_by_subject_${includeInactive ? "all" : "active"}`,
  (db) => db.select().from(listEntry)
    .where(and(anyUuid(listEntry.subjectId, sql.placeholder("ids")), includeInactive ? undefined : activeEntry(sql.placeholder("today"))))
    .orderBy(desc(listEntry.effectiveFrom), asc(listEntry.id)),
);
const entries = { all: entriesOf(true), active: entriesOf(false) };

type EntriesOf = { subjectId: string; today: string; includeInactive: boolean };
/** Entry reads of a tick: one statement per kind (active or all) and day. */
const entriesOfTick = coalescedRead<EntriesOf, ListEntryRow>({
  group: (k) => `${k.includeInactive ? "all" : "active"}|${k.today}`,
  id: (k) => k.subjectId,
  rowId: (row) => row.subjectId,
  read: (db, keys) => entries[keys[0]!.includeInactive ? "all" : "active"](db, { ids: [...new Set(keys.map((k) => k.subjectId))], today: keys[0]!.today }),
});

/**
 * The entries of a batch of subjects (in force on `today` unless `includeInactive`), prepared, and
 * read together with those other requests ask for in the same tick: every lookup's list read.
 */
export async function entriesBySubjectIds(
  db: Database, subjectIds: readonly string[], opts: { today: string; includeInactive: boolean },
): Promise<ListEntryRow[]> {
  return (await entriesOfTick(db, subjectIds.map((subjectId) => ({ subjectId, ...opts })))).flat();
}

export interface EntryFilter {
  list?: ListType | null;
  region?: string | null;
  reason?: string | null;
  changedSince?: Date | null;
  first: number;
  /** Keyset position: the change time as PostgreSQL text (microseconds kept) and id. */
  after: { changedAt: string; id: string } | null;
}

/** `inFull`: the caller may read the entry itself, not only that it ended. */
export type PagedEntryRow = ListEntryRow & { changedAt: string; inFull: boolean };

/** Midnight at the start of a day (YYYY-MM-DD) in China, as an instant. */
const chinaMidnight = (day: SQL) => sql`((${day})::timestamp - interval '8 hours') at time zone 'UTC'`;

/**
 * When an entry last changed for someone following the lists: its last update (a status change
 * moves updated_at), or the moment it came into force or ran out by its dates, whichever is
 * latest. Dates pass without a write, so the two moments are derived from effective_from and
 * effective_until once `today` has reached them; the time only ever moves forward.
 */
function changeTime(today: string): SQL {
  return sql`greatest(${listEntry.updatedAt},
    case when ${listEntry.effectiveFrom} <= ${today}::date then ${chinaMidnight(sql`${listEntry.effectiveFrom}`)} end,
    case when ${listEntry.effectiveUntil} < ${today}::date then ${chinaMidnight(sql`${listEntry.effectiveUntil} + 1`)} end)`;
}

/** An entry no longer in force: ended by a decision (expired, repaired, revoked) or by its dates. */
function endedEntry(today: string): SQL {
  return or(not(statusIn(listEntry.status, IN_FORCE.ENTRY)), lt(listEntry.effectiveUntil, today))!;
}

/**
 * Entries in order of last change, so a caller can follow the list with `changedSince`.
 * `historyRegion`: where ended entries are shown too ("" everywhere, null nowhere). With
 * `changedSince` ended entries come everywhere, for the caller to remove (the service decides
 * how much of them it shows).
 */
export async function pageEntries(
  db: Database, filter: EntryFilter, opts: { today: string; historyRegion: string | null },
): Promise<PagedEntryRow[]> {
  const changed = changeTime(opts.today);
  const after = filter.after;
  const inFull = opts.historyRegion === "" ? sql`true`
    : opts.historyRegion === null ? activeEntry(opts.today)
    : or(activeEntry(opts.today), like(subject.region, `${opts.historyRegion}%`))!;
  const query = db.select({ ...getTableColumns(listEntry), changedAt: sql<string>`(${changed})::text`, inFull: sql<boolean>`${inFull}` }).from(listEntry);
  const visible = opts.historyRegion === "" ? undefined : filter.changedSince ? or(inFull, endedEntry(opts.today)) : inFull;
  const where = and(
    filter.list ? eq(listEntry.list, filter.list) : undefined,
    filter.reason ? eq(listEntry.reasonCode, filter.reason) : undefined,
    filter.changedSince ? sql`${changed} >= ${filter.changedSince.toISOString()}::timestamptz` : undefined,
    after ? sql`(${changed}, ${listEntry.id}) > (${after.changedAt}::timestamptz, ${after.id}::uuid)` : undefined,
    visible,
    filter.region ? like(subject.region, `${filter.region}%`) : undefined,
  );
  const needsSubject = filter.region || opts.historyRegion;
  const joined = needsSubject ? query.innerJoin(subject, eq(subject.id, listEntry.subjectId)) : query;
  return joined.where(where).orderBy(changed, asc(listEntry.id)).limit(filter.first + 1);
}

export async function insertEntry(db: Database, values: typeof listEntry.$inferInsert): Promise<ListEntryRow> {
  const [row] = await db.insert(listEntry).values(values).returning();
  return row!;
}
