// Thin resolver for credit reports.
import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { SubjectRef } from "../subject/subject.types.js";
import { CreditReport } from "./report.types.js";

@Resolver(() => CreditReport)
export class ReportResolver {
  @Query(() => CreditReport, { nullable: true, description: "PROVIDER with a valid grant (or ADMIN): the subject's credit report." })
  async creditReport(@Arg("ref", () => SubjectRef) ref: SubjectRef, @Arg("grantId", () => ID) grantId: string, @Ctx() ctx: Context) {
    const report = await ctx.services.report.report(ref, grantId, ctx);
    ctx.audit.note({ subjects: [report.subject], grant: { id: report.grantId, purpose: report.grant.purpose } });
    return report;
  }
}
