// Thin resolvers for repair applications (信用修复): applying, deciding, reversing.
import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { Repair, RepairInput } from "./repair.types.js";

@Resolver()
export class RepairResolver {
  @Mutation(() => Repair, { description: "SYSTEM (for the subject), ADMIN: apply for credit repair; needs a repair commitment." })
  async applyRepair(@Arg("input", () => RepairInput) input: RepairInput, @Ctx() ctx: Context) {
    const applied = await ctx.services.repair.apply(input, ctx);
    ctx.audit.note({ subjects: [applied] });
    return applied;
  }

  @Mutation(() => Repair, { description: "ADMIN: approve (publication stops, measures end) or refuse a repair." })
  async decideRepair(@Arg("id", () => ID) id: string, @Arg("approved", () => Boolean) approved: boolean, @Arg("reason", () => String) reason: string, @Ctx() ctx: Context) {
    const decided = await ctx.services.repair.decide(id, { approved, reason }, ctx.principal);
    ctx.audit.note({ subjects: [decided, ...decided.ruleActs], detail: decided.ruleActs.length ? { kind: "rules", acts: decided.ruleActs } : undefined });
    return decided;
  }

  @Mutation(() => Repair, { description: "ADMIN: undo a wrong repair; publication and measures come back." })
  async reverseRepair(@Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string, @Ctx() ctx: Context) {
    const reversed = await ctx.services.repair.reverse(id, reason, ctx.principal);
    ctx.audit.note({ subjects: [reversed, ...reversed.ruleActs], detail: reversed.ruleActs.length ? { kind: "rules", acts: reversed.ruleActs } : undefined });
    return reversed;
  }
}
