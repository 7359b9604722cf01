// Red, black and watch list entries (红黑名单): the lists, their feed, the entries of a subject.
import { allow, mayDo } from "../../permissions/rules.js";
import { bySubject } from "../../shared/batch.js";
import { defineModule, type ServiceDeps } from "../manifest.js";
import type { RecordService } from "../record/record.service.js";
import type { SubjectService } from "../subject/subject.service.js";
import { ListResolver } from "./list.resolver.js";
import { SubjectListEntriesResolver } from "./list.subject.resolver.js";
import { ListService } from "./list.service.js";
import { entriesBySubjectIds } from "./list.store.js";

export const listModule = defineModule({
  name: "list",
  resolvers: [ListResolver, SubjectListEntriesResolver],
  rules: {
    Query: { listEntries: allow },
    Mutation: { addListEntry: mayDo("write", "add list entries") },
    types: { ListEntry: allow, ListEntryConnection: allow, EndedListEntry: allow },
  },
  auditedReads: ["listEntries"],
  needs: ["subject", "record"],
  service: ({ db, config, subject, record }: ServiceDeps & { subject: SubjectService; record: RecordService }) =>
    new ListService(db, config.MAX_PAGE_SIZE, subject, record),
  loaders: ({ db, today }) => ({
    active: bySubject((ids) => entriesBySubjectIds(db, ids, { today, includeInactive: false })),
    all: bySubject((ids) => entriesBySubjectIds(db, ids, { today, includeInactive: true })),
  }),
});
