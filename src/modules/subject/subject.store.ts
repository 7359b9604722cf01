// SQL for subjects: lookup by canonical identifier, batch by id, and name search.
import { and, asc, desc, eq, getTableColumns, like, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client.js";
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

export async function findSubjectByIdentifier(
  db: Database, kind: SubjectKind, identifier: string, reach: Reach,
): Promise<SubjectRow | null> {
  const rows = await db.select().from(subject)
    .where(and(eq(subject.kind, kind), eq(subject.identifier, identifier), reachable(reach)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findSubjectsByIds(db: Database, ids: readonly string[], reach: Reach): Promise<SubjectRow[]> {
  return db.select().from(subject).where(and(anyUuid(subject.id, ids), reachable(reach)));
}

export interface SubjectSearch {
  name: string;
  kind?: SubjectKind | null;
  region?: string | null;
  first: number;
  after: { score: number; id: string } | null;
}

export type ScoredSubjectRow = SubjectRow & { score: number };

/**
 * Names containing the text (a GIN trigram index serves the LIKE) or similar to it (pg_trgm's
 * `%`), best match first; keyset-paginated on (score, id).
 */
export async function searchSubjects(db: Database, search: SubjectSearch, reach: Reach): Promise<ScoredSubjectRow[]> {
  const score = sql<number>`similarity(${subject.name}, ${search.name})`;
  const pattern = `%${search.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const after = search.after;
  return db.select({ ...getTableColumns(subject), score }).from(subject)
    .where(and(
      or(like(subject.name, pattern), sql`${subject.name} % ${search.name}`),
      search.kind ? eq(subject.kind, search.kind) : undefined,
      search.region ? like(subject.region, `${search.region}%`) : undefined,
      after ? sql`(${score} < ${after.score}::real or (${score} = ${after.score}::real and ${subject.id} > ${after.id}))` : undefined,
      reachable(reach),
    ))
    .orderBy(desc(score), asc(subject.id))
    .limit(search.first + 1);
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
