// Credit reports for providers under a grant.
import { allow, mayDo } from "../../permissions/rules.js";
import type { GrantService } from "../grant/grant.service.js";
import { defineModule, type ServiceDeps } from "../manifest.js";
import type { SubjectService } from "../subject/subject.service.js";
import { ReportResolver } from "./report.resolver.js";
import { ReportService } from "./report.service.js";

export const reportModule = defineModule({
  name: "report",
  resolvers: [ReportResolver],
  rules: { Query: { creditReport: mayDo("creditReport", "read credit reports") }, types: { CreditReport: allow } },
  auditedReads: ["creditReport"],
  needs: ["subject", "grant"],
  service: ({ db, subject, grant }: ServiceDeps & { subject: SubjectService; grant: GrantService }) => new ReportService(db, subject, grant),
});
