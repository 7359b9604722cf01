// A subject's grades: the field this module adds to Subject.
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import type { SubjectNode } from "../subject/subject.service.js";
import { Subject } from "../subject/subject.types.js";
import { Evaluation } from "./evaluation.types.js";

@Resolver(() => Subject)
export class SubjectEvaluationsResolver {
  @FieldResolver(() => [Evaluation])
  evaluations(@Root() s: SubjectNode, @Ctx() ctx: Context) {
    return ctx.loaders.evaluation.bySubject.load(s.id);
  }
}
