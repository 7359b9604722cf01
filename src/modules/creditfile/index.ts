// Credit files (一户式信用档案): a subject's file as a PDF anyone can verify at /verify/:code.
import { rule } from "graphql-shield";
import { mayNot } from "../../auth/policy.js";
import type { Context } from "../../context.js";
import { allow } from "../../permissions/rules.js";
import type { GrantService } from "../grant/grant.service.js";
import { defineModule, type ServiceDeps } from "../manifest.js";
import type { SubjectService } from "../subject/subject.service.js";
import { CreditFileResolver } from "./creditfile.resolver.js";
import { CreditFileService } from "./creditfile.service.js";

/** Who may ask at all; the region (OFFICER) and the grant (PROVIDER) are the service's to decide. */
const mayIssue = rule("may-issue-credit-files", { cache: "contextual" })((_parent, _args, ctx: Context) =>
  ["ADMIN", "OFFICER", "PROVIDER"].includes(ctx.principal.role) || mayNot(ctx.principal.role, "issue credit files"));

export const creditFileModule = defineModule({
  name: "creditFile",
  resolvers: [CreditFileResolver],
  rules: { Mutation: { issueCreditFile: mayIssue }, types: { CreditFile: allow } },
  needs: ["subject", "grant"],
  service: ({ db, config, protector, subject, grant }: ServiceDeps & { subject: SubjectService; grant: GrantService }) =>
    new CreditFileService(db, config, protector, subject, grant),
});
