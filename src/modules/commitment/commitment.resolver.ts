// Thin resolvers for credit commitments (信用承诺): registering and breaching.
import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { Commitment, CommitmentInput } from "./commitment.types.js";

@Resolver()
export class CommitmentResolver {
  @Mutation(() => Commitment, { description: "SYSTEM, ADMIN: register a subject's signed licensing or repair commitment." })
  async registerCommitment(@Arg("input", () => CommitmentInput) input: CommitmentInput, @Ctx() ctx: Context) {
    const registered = await ctx.services.commitment.register(input, ctx);
    ctx.audit.note({ subjects: [registered] });
    return registered;
  }

  @Mutation(() => Commitment, { description: "ADMIN: record that a subject broke a commitment; it counts against it in checks." })
  async breachCommitment(@Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string, @Ctx() ctx: Context) {
    const breached = await ctx.services.commitment.breach(id, reason, ctx.principal);
    ctx.audit.note({ subjects: [breached] });
    return breached;
  }
}
