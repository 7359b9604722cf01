// Thin resolver for the check.
import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { countDecisions } from "../../shared/metrics.js";
import { CheckInput, CheckReport } from "./check.types.js";

@Resolver(() => CheckReport)
export class CheckResolver {
  @Query(() => CheckReport, { description: "SYSTEM, OFFICER, ADMIN: what to do about each party, and why." })
  async check(@Arg("input", () => CheckInput) input: CheckInput, @Ctx() ctx: Context) {
    const report = await ctx.services.check.check(input, ctx);
    ctx.audit.note({ subjects: report.audit.subjectIds, purpose: input.matter ?? null, detail: report.audit.detail });
    countDecisions(report.scenario, report.results.map((r) => r.decision));
    return report;
  }
}
