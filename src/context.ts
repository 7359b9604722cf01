// The per-request context: who is calling, what they may see, "today", and the request's
// DataLoaders (one statement per batch of subjects, `= any($1)`, whatever the page size).
import DataLoader from "dataloader";
import { seesPrivatePersons } from "./auth/policy.js";
import type { Principal } from "./auth/principal.js";
import type { Database } from "./db/client.js";
import { commitmentsBySubjectIds } from "./modules/commitment/commitment.store.js";
import { evaluationsBySubjectIds } from "./modules/evaluation/evaluation.store.js";
import { entriesBySubjectIds } from "./modules/list/list.store.js";
import { recordsBySubjectIds } from "./modules/record/record.store.js";
import { findSubjectsByIds } from "./modules/subject/subject.store.js";
import type { Services } from "./services.js";
import { groupByKey, oneByKey } from "./shared/batch.js";
import { chinaDate } from "./shared/clock.js";

/** What a request touched, for its audit event (filled by resolvers, written once at the end). */
export interface RequestAudit {
  subjectIds: Set<string>;
  /** Protected fields actually served, e.g. "PERSON_ID", "phone". */
  protectedFields: Set<string>;
  grantId: string | null;
  /** Why the caller asks: the `X-Purpose` header, a grant's purpose or a check's matter. */
  purpose: string | null;
  /** Operation-specific JSON for the event, e.g. a check's scenario, refs and decisions. */
  detail: string | null;
  /** Subjects covered by events that mutation fields committed with their changes. */
  committed: Set<string> | null;
  /** A mutation field failed (and changed nothing): the request's event records the refusal. */
  mutationFailed: boolean;
  /** Refused before anything ran (its input could not even be recorded): no event. */
  refused: boolean;
  /** The request's group-committed event being written, for the request log to wait on. */
  stored: Promise<void> | null;
}

export interface Context {
  requestId: string;
  principal: Principal;
  /** The register's date for this request (China time), fixed for the whole request. */
  today: string;
  services: Services;
  loaders: Loaders;
  audit: RequestAudit;
}

export type Loaders = ReturnType<typeof createLoaders>;

function createLoaders(db: Database, today: string, principal: Principal) {
  const bySubject = <R extends { subjectId: string }>(fetch: (ids: readonly string[]) => Promise<R[]>) =>
    new DataLoader<string, R[]>(async (ids) => groupByKey(ids, await fetch(ids), (r) => r.subjectId));
  const entryOpts = (includeInactive: boolean) => ({ today, includeInactive });
  const recordOpts = (includeUnpublished: boolean) => ({ today, includeUnpublished });
  return {
    subject: new DataLoader(async (ids: readonly string[]) =>
      oneByKey(ids, await findSubjectsByIds(db, ids, { today, privatePersons: seesPrivatePersons(principal) }), (s) => s.id)),
    activeEntries: bySubject((ids) => entriesBySubjectIds(db, ids, entryOpts(false))),
    allEntries: bySubject((ids) => entriesBySubjectIds(db, ids, entryOpts(true))),
    publishedRecords: bySubject((ids) => recordsBySubjectIds(db, ids, recordOpts(false))),
    allRecords: bySubject((ids) => recordsBySubjectIds(db, ids, recordOpts(true))),
    evaluations: bySubject((ids) => evaluationsBySubjectIds(db, ids)),
    commitments: bySubject((ids) => commitmentsBySubjectIds(db, ids)),
  };
}

export function createContext(opts: {
  db: Database; services: Services; principal: Principal; requestId: string; purpose?: string | null;
}): Context {
  const today = chinaDate();
  return {
    requestId: opts.requestId,
    principal: opts.principal,
    today,
    services: opts.services,
    loaders: createLoaders(opts.db, today, opts.principal),
    audit: {
      subjectIds: new Set(), protectedFields: new Set(), grantId: null, purpose: opts.purpose ?? null, detail: null,
      committed: null, mutationFailed: false, refused: false, stored: null,
    },
  };
}

/** Notes a subject served by this request for its audit event, and passes it on. */
export function served<T extends { id: string } | null>(ctx: Context, subject: T): T {
  if (subject) ctx.audit.subjectIds.add(subject.id);
  return subject;
}
