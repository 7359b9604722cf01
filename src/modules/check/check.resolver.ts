// Thin resolver for the check; the reasons and errors are put into words in the caller's language here.
import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { type Language, render as renderIn } from "../../shared/i18n/index.js";
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

/**
 * A batch repeats the same few reasons (a list's measure in the scenario, the same reason text):
 * each distinct message is put into words once per request.
 */
function inWords(report: CheckReportView, language: Language) {
  const said = new Map<string, string>();
  const render = (message: Parameters<typeof renderIn>[0]) => {
    if (typeof message === "string") return message;
    const key = JSON.stringify(message);
    let text = said.get(key);
    if (text === undefined) said.set(key, (text = renderIn(message, language)));
    return text;
  };
  return {
    ...report,
    results: report.results.map((r) => ({
      ...r,
      error: r.error && { ...r.error, message: render(r.error.message) },
      reasons: r.reasons.map((reason) => ({ ...reason, message: render(reason.message) })),
    })),
  };
}
