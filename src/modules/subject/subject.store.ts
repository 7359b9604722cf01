// SQL for subjects: lookup by canonical identifier, batch by id, and name search.
import { and, asc, desc, eq, getTableColumns, like, ne, or, sql, type SQL } from "drizzle-orm";
import { type Database, rowsOf } from "../../db/client.js";
import { coalescedRead, preparedRead } from "../../db/ambient.js";
import { anyUuid } from "../../db/predicates.js";
import { publicSubject } from "../register/register.predicates.js";
import { subject } from "../../db/schema.js";
import type { SubjectKind } from "../../shared/identifiers.js";

export type SubjectRow = typeof subject.$inferSelect;

/** Restricts to subjects a caller may learn of; `null` when it may see private persons. */
type Reach = { today: string; privatePersons: boolean };

function reachable(reach: Reach): SQL | undefined {
  return reach.privatePersons ? undefined : publicSubject(reach.today);
}

const subjectsByIdentifiers = (privatePersons: boolean) => preparedRead(
  `subjects_by_identifier_${privatePersons ? "all" : "public"}`,
  (db) => db.select().from(subject).where(and(
    sql`(${subject.kind}, ${subject.identifier}) in (select k, i from unnest(${sql.placeholder("kinds")}::text[]::subject_kind[], ${sql.placeholder("identifiers")}::text[]) as r(k, i))`,
    privatePersons ? undefined : publicSubject(sql.placeholder("today")),
  )),
);
const byIdentifiers = { all: subjectsByIdentifiers(true), public: subjectsByIdentifiers(false) };

/** Lookups of a tick: one statement per reach and day. */
const subjectsOfTick = coalescedRead<{ kind: SubjectKind; identifier: string; reach: Reach }, SubjectRow>({
  group: ({ reach }) => `${reach.privatePersons ? "all" : "public"}|${reach.today}`,
  id: ({ kind, identifier }) => `${kind}|${identifier}`,
  rowId: (row) => `${row.kind}|${row.identifier}`,
  read: (db, refs) => byIdentifiers[refs[0]!.reach.privatePersons ? "all" : "public"](db, {
    kinds: refs.map((r) => r.kind), identifiers: refs.map((r) => r.identifier), today: refs[0]!.reach.today,
  }),
});

/**
 * A subject by kind and canonical identifier (a person's by lookup key): every lookup's first
 * read, prepared, and made together with those of other requests in the same tick.
 */
export async function findSubjectByIdentifier(
  db: Database, kind: SubjectKind, identifier: string, reach: Reach,
): Promise<SubjectRow | null> {
  const [rows] = await subjectsOfTick(db, [{ kind, identifier, reach }]);
  return rows?.[0] ?? null;
}

export async function findSubjectsByIds(db: Database, ids: readonly string[], reach: Reach): Promise<SubjectRow[]> {
  return db.select().from(subject).where(and(anyUuid(subject.id, ids), reachable(reach)));
}

export interface SubjectSearch {
  name: string;
  kind?: SubjectKind | null;
  region?: string | null;
  first: number;
}

/** Where the previous page ended: in similarity order, or in the order of broad terms (see `searchBroad`). */
export type SearchAfter = { score: number; id: string } | { rank: BroadRank; name: string; id: string };

export type ScoredSubjectRow = SubjectRow & { score: number };

const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function filters(search: SubjectSearch, reach: Reach): (SQL | undefined)[] {
  return [
    search.kind ? eq(subject.kind, search.kind) : undefined,
    search.region ? like(subject.region, `${search.region}%`) : undefined,
    reachable(reach),
  ];
}

/**
 * Names containing the text (a GIN trigram index serves the LIKE) or similar to it (pg_trgm's
 * `%`), best match first; keyset-paginated on (score, id).
 */
export async function searchSimilar(db: Database, search: SubjectSearch, reach: Reach, after: { score: number; id: string } | null): Promise<ScoredSubjectRow[]> {
  const score = sql<number>`similarity(${subject.name}, ${search.name})`;
  return db.select({ ...getTableColumns(subject), score }).from(subject)
    .where(and(
      or(like(subject.name, `%${likeEscaped(search.name)}%`), sql`${subject.name} % ${search.name}`),
      after ? sql`(${score} < ${after.score}::real or (${score} = ${after.score}::real and ${subject.id} > ${after.id}))` : undefined,
      ...filters(search, reach),
    ))
    .orderBy(desc(score), asc(subject.id))
    .limit(search.first + 1);
}

/** How many names contain the text, counted up to `cap` (a common word stops the count early). */
export async function countContaining(db: Database, text: string, cap: number): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from (select 1 from ${subject}
    where ${like(subject.name, `%${likeEscaped(text)}%`)} limit ${cap}) c`));
  return row!.n;
}

/** The ranks of a broad term's matches: the name itself, names beginning with it, the rest. */
export const BROAD_RANKS = [0, 1, 2] as const;
export type BroadRank = (typeof BROAD_RANKS)[number];

/**
 * A broad term's matches — a term of one to three characters, or a word most names have (运输,
 * 有限公司) — for which trigram similarity ranks nothing (it is about the same for every name) and
 * ranking every match costs seconds on a large register. Rank 0: the name itself; 1: names
 * beginning with the text, by name (a range of the (name, id) index); 2: the other names
 * containing it, by id — an order that has nothing to do with names, so that a common term's
 * matches come at their rate from the start (in name order a place name at the start, 昆明, would
 * leave a million names to pass over first). A rare term is found through the name's characters
 * and pairs of characters (a one- or two-character term has no trigram) or its trigrams.
 *
 * One statement: the ranks are read one after the other (a UNION ALL without an order of its own
 * stops at its LIMIT), so a rank is read only when the ones before it left the page unfilled.
 */
export async function searchBroad(
  db: Database, search: SubjectSearch, reach: Reach, after: { rank: BroadRank; name: string; id: string } | null,
): Promise<(SubjectRow & { rank: BroadRank })[]> {
  const text = search.name;
  const limit = search.first + 1;
  // For one or two characters the grams say exactly whether a name contains the text (a LIKE
  // beside them would make the planner count the same condition twice, and misjudge its rate).
  const contains = [...text].length <= 2
    ? sql`subject_name_grams(${subject.name}) @> array[${text}]::text[]`
    : like(subject.name, `%${likeEscaped(text)}%`);
  // Byte order ("C"), whatever the database's collation: a prefix is then a range of the index.
  const name = sql`(${subject.name} collate "C")`;
  const prefix = sql`${name} like ${`${likeEscaped(text)}%`}`;
  const at = (rank: BroadRank) => (after?.rank === rank ? after : undefined);
  const ranks: Record<BroadRank, (from: typeof after | undefined) => SQL | undefined> = {
    0: (from) => and(eq(subject.name, text), from ? sql`${subject.id} > ${from.id}::uuid` : undefined),
    1: (from) => and(prefix, ne(subject.name, text), from ? sql`(${name}, ${subject.id}) > (${from.name}, ${from.id}::uuid)` : undefined),
    2: (from) => and(contains, sql`not ${prefix}`, from ? sql`${subject.id} > ${from.id}::uuid` : undefined),
  };
  const branches = BROAD_RANKS.filter((rank) => !after || rank >= after.rank).map((rank) =>
    db.select({ ...getTableColumns(subject), rank: sql<BroadRank>`${sql.raw(String(rank))}`.mapWith(Number).as("rank") }).from(subject)
      .where(and(ranks[rank](at(rank)), ...filters(search, reach)))
      .orderBy(...(rank === 1 ? [asc(name), asc(subject.id)] : [asc(subject.id)]))
      .limit(limit));
  type Union = { unionAll(b: unknown): Union; limit(n: number): Promise<(SubjectRow & { rank: BroadRank })[]> };
  const [one, ...more] = branches;
  const rows = more.length === 0 ? await one! : await more.reduce((q: Union, b) => q.unionAll(b), one as unknown as Union).limit(limit);
  // Each rank's rows come in its order; a stable sort by rank keeps it whatever order the ranks came in.
  return (rows as (SubjectRow & { rank: BroadRank })[]).sort((a, b) => a.rank - b.rank);
}

export type NewSubject = Pick<typeof subject.$inferInsert, "kind" | "identifier" | "identifierSealed" | "name" | "region">;

/** Adds the subjects the register does not have yet; returns every subject's id by kind|identifier. */
export async function ensureSubjects(db: Database, subjects: NewSubject[]): Promise<Map<string, string>> {
  if (subjects.length === 0) return new Map();
  await db.insert(subject).values(subjects).onConflictDoNothing({ target: [subject.kind, subject.identifier] });
  const rows = await db.select({ id: subject.id, kind: subject.kind, identifier: subject.identifier }).from(subject)
    .where(sql`(${subject.kind}::text, ${subject.identifier}) in (select * from unnest(${sql.param(subjects.map((s) => s.kind))}::text[], ${sql.param(subjects.map((s) => s.identifier))}::text[]))`);
  return new Map(rows.map((r) => [`${r.kind}|${r.identifier}`, r.id]));
}
