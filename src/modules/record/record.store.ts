// SQL for credit records (信用记录), batched by subject.
import { and, desc, asc } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { anyUuid, publishedRecord } from "../../db/predicates.js";
import { creditRecord } from "../../db/schema.js";

export type CreditRecordRow = typeof creditRecord.$inferSelect;

export async function recordsBySubjectIds(
  db: Database, subjectIds: readonly string[], opts: { today: string; includeUnpublished: boolean },
): Promise<CreditRecordRow[]> {
  return db.select().from(creditRecord)
    .where(and(anyUuid(creditRecord.subjectId, subjectIds), opts.includeUnpublished ? undefined : publishedRecord(opts.today)))
    .orderBy(desc(creditRecord.decisionDate), asc(creditRecord.id));
}
