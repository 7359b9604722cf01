// Red, black and watch list entries (红黑名单): the lists, their feed, the entries of a subject.
import { allow } from "../../permissions/rules.js";
import { bySubject } from "../../shared/batch.js";
import { defineModule, type ServiceDeps } from "../manifest.js";
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
    types: { ListEntry: allow, ListEntryConnection: allow, EndedListEntry: allow },
  },
  auditedReads: ["listEntries"],
  needs: ["subject"],
  service: ({ db, config, subject }: ServiceDeps & { subject: SubjectService }) => new ListService(db, config.MAX_PAGE_SIZE, subject),
  loaders: ({ db, today }) => ({
    active: bySubject((ids) => entriesBySubjectIds(db, ids, { today, includeInactive: false })),
    all: bySubject((ids) => entriesBySubjectIds(db, ids, { today, includeInactive: true })),
  }),
});
