// The public feeds (公示) the 信用交通·云南 window reads: published records, commitments and grades
// across the register, and the counts behind its charts. Open to every caller, PUBLIC included.
import { allow } from "../../permissions/rules.js";
import { defineModule } from "../manifest.js";
import { CommitmentSubjectResolver, DisclosureResolver, EvaluationSubjectResolver, RecordSubjectResolver } from "./disclosure.resolver.js";
import { DisclosureService } from "./disclosure.service.js";

export const disclosureModule = defineModule({
  name: "disclosure",
  resolvers: [DisclosureResolver, RecordSubjectResolver, CommitmentSubjectResolver, EvaluationSubjectResolver],
  rules: {
    Query: { publishedRecords: allow, commitments: allow, evaluations: allow, listEntryCounts: allow, publicationsByMonth: allow, repairsByMonth: allow },
    types: {
      PublishedRecordConnection: allow, CommitmentConnection: allow, EvaluationConnection: allow,
      ListEntryCount: allow, MonthlyPublications: allow, MonthlyRepairs: allow,
    },
  },
  auditedReads: ["publishedRecords", "commitments", "evaluations"],
  service: ({ db, config }) => new DisclosureService(db, config.MAX_PAGE_SIZE),
});
