// Credit files (一户式信用档案): a subject's file as a PDF anyone can verify at /verify/:code.
import { rule } from "graphql-shield";
import { mayNot } from "../../auth/policy.js";
import type { Context } from "../../context.js";
import { allow } from "../../permissions/rules.js";
import { commitmentModule } from "../commitment/index.js";
import { evaluationModule } from "../evaluation/index.js";
import type { GrantService } from "../grant/grant.service.js";
import { listModule } from "../list/index.js";
import { recordModule } from "../record/index.js";
import { subjectModule } from "../subject/index.js";
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
  // The register's loaders on this module's database, which joins the mutation's transaction: a file
  // is made from what that transaction sees (on embedded PGlite, its only connection).
  service: ({ db, config, protector, subject, grant }: ServiceDeps & { subject: SubjectService; grant: GrantService }) =>
    new CreditFileService(db, config, protector, subject, grant, (today, principal) => ({
      subject: subjectModule.loaders!({ db, today, principal }),
      list: listModule.loaders!({ db, today, principal }),
      record: recordModule.loaders!({ db, today, principal }),
      evaluation: evaluationModule.loaders!({ db, today, principal }),
      commitment: commitmentModule.loaders!({ db, today, principal }),
    })),
});
