// A subject's list entries: the field this module adds to Subject.
import { Arg, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { seesHistory } from "../../auth/policy.js";
import type { Context } from "../../context.js";
import type { SubjectNode } from "../subject/subject.service.js";
import { Subject } from "../subject/subject.types.js";
import { ListEntry } from "./list.types.js";

@Resolver(() => Subject)
export class SubjectListEntriesResolver {
  @FieldResolver(() => [ListEntry])
  listEntries(
    @Root() s: SubjectNode,
    @Arg("includeInactive", () => Boolean, { nullable: true, defaultValue: false }) includeInactive: boolean | null,
    @Ctx() ctx: Context,
  ) {
    const all = includeInactive === true && seesHistory(ctx.principal, s);
    return (all ? ctx.loaders.list.all : ctx.loaders.list.active).load(s.id);
  }
}
