// The quarterly joint reward/punishment report (联合奖惩季度报表): as GraphQL, and as a workbook
// and JSON at /reports/joint-measures/:quarter.xlsx|json (jointreport.http.ts).
import { allow, mayDo } from "../../permissions/rules.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import { defineModule, type ServiceDeps } from "../manifest.js";
import { JointReportResolver } from "./jointreport.resolver.js";
import { JointReportService } from "./jointreport.service.js";

export const jointReportModule = defineModule({
  name: "jointreport",
  resolvers: [JointReportResolver],
  rules: {
    Query: { jointMeasuresReport: mayDo("oversee", "read the joint measures report") },
    Mutation: { markCase: mayDo("write", "mark cases") },
    types: {
      JointMeasuresReport: allow, JointObjectLine: allow, JointObjectTotals: allow, JointMeasureLine: allow, JointMeasureTotals: allow,
      JointDecisionCount: allow, JointEffects: allow, JointCase: allow, MarkedCase: allow,
    },
  },
  // The report names subjects (its cases): reading it is audited like any read of subject data.
  auditedReads: ["jointMeasuresReport"],
  needs: ["catalogue"],
  service: ({ db, catalogue }: ServiceDeps & { catalogue: CatalogueService }) => new JointReportService(db, catalogue),
});
