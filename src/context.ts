// The per-request context: who is calling, what they may see, "today", and the request's
// DataLoaders (one statement per batch of subjects, `= any($1)`, whatever the page size).
import DataLoader from "dataloader";
import { type Principal, type Visibility, visibilityOf } from "./auth/principal.js";
import type { Database } from "./db/client.js";
import { commitmentsBySubjectIds } from "./modules/commitment/commitment.store.js";
import { evaluationsBySubjectIds } from "./modules/evaluation/evaluation.store.js";
import { entriesBySubjectIds } from "./modules/list/list.store.js";
import { recordsBySubjectIds } from "./modules/record/record.store.js";
import { findSubjectsByIds } from "./modules/subject/subject.store.js";
import type { Services } from "./services.js";
import { groupByKey, oneByKey } from "./shared/batch.js";
import { chinaDate } from "./shared/clock.js";

export interface Context {
  requestId: string;
  principal: Principal;
  visibility: Visibility;
  /** The register's date for this request (China time), fixed for the whole request. */
  today: string;
  services: Services;
  loaders: Loaders;
}

export type Loaders = ReturnType<typeof createLoaders>;

function createLoaders(db: Database, today: string, visibility: Visibility) {
  const bySubject = <R extends { subjectId: string }>(fetch: (ids: readonly string[]) => Promise<R[]>) =>
    new DataLoader<string, R[]>(async (ids) => groupByKey(ids, await fetch(ids), (r) => r.subjectId));
  const entryOpts = (includeInactive: boolean) => ({ today, includeInactive });
  const recordOpts = (includeUnpublished: boolean) => ({ today, includeUnpublished });
  return {
    subject: new DataLoader(async (ids: readonly string[]) =>
      oneByKey(ids, await findSubjectsByIds(db, ids, { today, privatePersons: visibility.privatePersons }), (s) => s.id)),
    activeEntries: bySubject((ids) => entriesBySubjectIds(db, ids, entryOpts(false))),
    allEntries: bySubject((ids) => entriesBySubjectIds(db, ids, entryOpts(true))),
    publishedRecords: bySubject((ids) => recordsBySubjectIds(db, ids, recordOpts(false))),
    allRecords: bySubject((ids) => recordsBySubjectIds(db, ids, recordOpts(true))),
    evaluations: bySubject((ids) => evaluationsBySubjectIds(db, ids)),
    commitments: bySubject((ids) => commitmentsBySubjectIds(db, ids)),
  };
}

export function createContext(opts: { db: Database; services: Services; principal: Principal; requestId: string }): Context {
  const today = chinaDate();
  const visibility = visibilityOf(opts.principal);
  return {
    requestId: opts.requestId,
    principal: opts.principal,
    visibility,
    today,
    services: opts.services,
    loaders: createLoaders(opts.db, today, visibility),
  };
}
