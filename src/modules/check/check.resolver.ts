// Thin resolver for the check; the reasons and errors are put into words in the caller's language here.
import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { type Language, render } from "../../shared/i18n/index.js";
import { countDecisions } from "../../shared/metrics.js";
import type { CheckReportView } from "./check.service.js";
import { CheckInput, CheckReport } from "./check.types.js";

@Resolver(() => CheckReport)
export class CheckResolver {
  @Query(() => CheckReport, { description: "SYSTEM, OFFICER, ADMIN: what to do about each party, and why." })
  async check(@Arg("input", () => CheckInput) input: CheckInput, @Ctx() ctx: Context) {
    const report = await ctx.services.check.check(input, ctx);
    ctx.audit.note({ subjects: report.audit.subjectIds, purpose: input.matter ?? null, detail: report.audit.detail });
    countDecisions(report.scenario, report.results.map((r) => r.decision));
    return inWords(report, ctx.language);
  }
}

function inWords(report: CheckReportView, language: Language) {
  return {
    ...report,
    results: report.results.map((r) => ({
      ...r,
      error: r.error && { ...r.error, message: render(r.error.message, language) },
      reasons: r.reasons.map((reason) => ({ ...reason, message: render(reason.message, language) })),
    })),
  };
}
