// Thin resolvers for the violation catalogue and the listing rules.
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import type { ListRuleRow } from "./rules.store.js";
import { ListRule, ListRuleInput, Violation, ViolationInput } from "./rules.types.js";

@Resolver(() => ListRule)
export class RulesResolver {
  @Query(() => [Violation], { description: "The violation catalogue (严重违法失信行为): the codes RecordInput.violation takes." })
  violations(@Ctx() ctx: Context) {
    return ctx.services.rules.violations();
  }

  @Mutation(() => Violation, { description: "ADMIN: add or change a violation of the catalogue." })
  setViolation(@Arg("input", () => ViolationInput) input: ViolationInput, @Ctx() ctx: Context) {
    return ctx.services.rules.setViolation(input);
  }

  @Query(() => [ListRule], { description: "The listing rules (列入名单规则) intake, objections and repairs run." })
  listRules(@Ctx() ctx: Context) {
    return ctx.services.rules.listRules();
  }

  @Mutation(() => ListRule, { description: "ADMIN: add or change a listing rule; it applies from the next change of facts." })
  async setListRule(@Arg("input", () => ListRuleInput) input: ListRuleInput, @Ctx() ctx: Context) {
    const rule = await ctx.services.rules.setListRule(input);
    ctx.audit.note({ detail: { kind: "listRule", rule: rule.code, threshold: rule.threshold, windowDays: rule.windowDays, active: rule.active } });
    return rule;
  }

  @FieldResolver(() => String)
  reason(@Root() rule: ListRuleRow) {
    return rule.reasonCode;
  }
}
