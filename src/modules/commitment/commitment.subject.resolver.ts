// A subject's commitments: the field this module adds to Subject.
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import type { SubjectNode } from "../subject/subject.service.js";
import { Subject } from "../subject/subject.types.js";
import { Commitment } from "./commitment.types.js";

@Resolver(() => Subject)
export class SubjectCommitmentsResolver {
  @FieldResolver(() => [Commitment])
  commitments(@Root() s: SubjectNode, @Ctx() ctx: Context) {
    return ctx.loaders.commitment.bySubject.load(s.id);
  }
}
