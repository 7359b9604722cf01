// Thin resolvers for objections (异议): filing and deciding.
import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { Objection, ObjectionInput } from "./objection.types.js";

@Resolver()
export class ObjectionResolver {
  @Mutation(() => Objection, { description: "SYSTEM (for the subject), ADMIN: dispute a record or list entry." })
  async fileObjection(@Arg("input", () => ObjectionInput) input: ObjectionInput, @Ctx() ctx: Context) {
    const filed = await ctx.services.objection.file(input, ctx);
    ctx.audit.note({ subjects: [filed] });
    return filed;
  }

  @Mutation(() => Objection, { description: "ADMIN: uphold (the record is corrected or revoked) or reject an objection." })
  async decideObjection(
    @Arg("id", () => ID) id: string,
    @Arg("upheld", () => Boolean) upheld: boolean,
    @Arg("answer", () => String) answer: string,
    @Arg("correctedContent", () => String, { nullable: true, description: "Upheld with a correction: the record's corrected content (else it is revoked)." }) correctedContent: string | null,
    @Ctx() ctx: Context,
  ) {
    const decided = await ctx.services.objection.decide(id, { upheld, answer, correctedContent }, ctx.principal);
    ctx.audit.note({ subjects: [decided, ...decided.ruleActs], detail: decided.ruleActs.length ? { kind: "rules", acts: decided.ruleActs } : undefined });
    return decided;
  }
}
