// SQL for subjects: lookup by canonical identifier, batch by id, and name search.
import { and, asc, desc, eq, getTableColumns, like, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { anyUuid, publicSubject } from "../../db/predicates.js";
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
