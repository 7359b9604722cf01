// A subject's records: the field this module adds to Subject.
import { Arg, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { seesHistory } from "../../auth/policy.js";
import type { Context } from "../../context.js";
import type { SubjectNode } from "../subject/subject.service.js";
import { Subject } from "../subject/subject.types.js";
import { CreditRecord, RecordCategory } from "./record.types.js";

@Resolver(() => Subject)
export class SubjectRecordsResolver {
  @FieldResolver(() => [CreditRecord])
  async records(
    @Root() s: SubjectNode,
    @Arg("category", () => RecordCategory, { nullable: true }) category: string | null,
    @Arg("includeUnpublished", () => Boolean, { nullable: true, defaultValue: false }) includeUnpublished: boolean | null,
    @Ctx() ctx: Context,
  ) {
    const all = includeUnpublished === true && seesHistory(ctx.principal, s);
    const records = await (all ? ctx.loaders.record.all : ctx.loaders.record.published).load(s.id);
    return category ? records.filter((r) => r.category === category) : records;
  }

  @FieldResolver(() => [CreditRecord], { description: "Published records of other subjects that name this one as a party (the driver or operator of a penalised vehicle)." })
  partyRecords(@Root() s: SubjectNode, @Ctx() ctx: Context) {
    return ctx.loaders.record.asParty.load(s.id);
  }
}
