// Thin resolvers: a subject's grades, the intake of grades, and the grade scales.
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import type { SubjectNode } from "../subject/subject.service.js";
import { Subject } from "../subject/subject.types.js";
import { Evaluation, EvaluationInput, GradeScale, GradeScaleInput, SubmitEvaluationsResult } from "./evaluation.types.js";

@Resolver(() => Subject)
export class SubjectEvaluationsResolver {
  @FieldResolver(() => [Evaluation])
  evaluations(@Root() s: SubjectNode, @Ctx() ctx: Context) {
    return ctx.loaders.evaluation.bySubject.load(s.id);
  }
}

@Resolver(() => GradeScale)
export class EvaluationResolver {
  @Mutation(() => SubmitEvaluationsResult, { description: "SYSTEM, ADMIN: take in yearly credit grades (信用评价); public at once." })
  async submitEvaluations(@Arg("input", () => [EvaluationInput]) input: EvaluationInput[], @Ctx() ctx: Context) {
    const result = await ctx.services.evaluation.submit(input, ctx);
    ctx.audit.note({ subjects: result.evaluations, detail: { kind: "evaluations", changes: result.changes } });
    return result;
  }

  @Query(() => [GradeScale], { description: "信用评价等级: each sector's grades, best first." })
  gradeScales(@Ctx() ctx: Context) {
    return ctx.services.evaluation.scales();
  }

  @Mutation(() => GradeScale, { description: "ADMIN: set a sector's grades; intake is held to it at once." })
  setGradeScale(@Arg("input", () => GradeScaleInput) input: GradeScaleInput, @Ctx() ctx: Context) {
    return ctx.services.evaluation.setScale(input);
  }
}
