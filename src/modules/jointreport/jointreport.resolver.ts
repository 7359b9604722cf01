// Thin resolvers of the quarterly joint reward/punishment report and its cases.
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { JointMeasuresReport, MarkCaseInput, MarkedCase } from "./jointreport.types.js";

@Resolver(() => JointMeasuresReport)
export class JointReportResolver {
  @Query(() => JointMeasuresReport, { description: "ADMIN; OFFICER for its region: the quarter's joint reward/punishment report (quarter \"2026-Q3\")." })
  jointMeasuresReport(
    @Arg("quarter", () => String) quarter: string,
    @Arg("region", () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.jointreport.report({ quarter, region }, ctx);
  }

  @Mutation(() => MarkedCase, { description: "ADMIN: mark a list entry as a case (典型案例) of the joint report." })
  async markCase(@Arg("input", () => MarkCaseInput) input: MarkCaseInput, @Ctx() ctx: Context) {
    return ctx.services.jointreport.markCase(input, ctx.principal);
  }
}
