// 双公示 records: intake from source systems, publication periods, overdue publications.
import { allow, mayDo } from "../../permissions/rules.js";
import DataLoader from "dataloader";
import { bySubject, groupByKey, oneByKey } from "../../shared/batch.js";
import type { CalendarService } from "../calendar/calendar.service.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import type { RulesService } from "../rules/rules.service.js";
import type { SubjectService } from "../subject/subject.service.js";
import { defineModule, type ServiceDeps } from "../manifest.js";
import { RecordResolver } from "./record.resolver.js";
import { RecordService } from "./record.service.js";
import { SubjectRecordsResolver } from "./record.subject.resolver.js";
import { publishedRecordsByIds, recordsBySubjectIds, recordsNamingParties } from "./record.store.js";

export const recordModule = defineModule({
  name: "record",
  resolvers: [RecordResolver, SubjectRecordsResolver],
  rules: {
    Query: { overdueRecords: mayDo("oversee", "see overdue and late records") },
    Mutation: { submitRecords: mayDo("submit", "submit records") },
    types: { CreditRecord: allow, CreditRecordConnection: allow, SubmitRecordsResult: allow },
  },
  needs: ["calendar", "subject", "catalogue", "rules"],
  service: ({ db, protector, config, calendar, subject, catalogue, rules }: ServiceDeps & { calendar: CalendarService; subject: SubjectService; catalogue: CatalogueService; rules: RulesService }) =>
    new RecordService(db, protector, calendar, config.MAX_PAGE_SIZE, subject, catalogue, rules),
  loaders: ({ db, today }) => ({
    published: bySubject((ids) => recordsBySubjectIds(db, ids, { today, includeUnpublished: false })),
    all: bySubject((ids) => recordsBySubjectIds(db, ids, { today, includeUnpublished: true })),
    publishedById: new DataLoader(async (ids: readonly string[]) => oneByKey(ids, await publishedRecordsByIds(db, ids, { today }), (r) => r.id)),
    asParty: new DataLoader(async (ids: readonly string[]) => groupByKey(ids, await recordsNamingParties(db, ids, { today }), (r) => r.partyId)),
  }),
});
