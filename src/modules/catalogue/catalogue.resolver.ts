// Thin resolvers for the measure catalogue and the supervision policy.
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import type { MeasureRow } from "./catalogue.store.js";
import { ListType, Measure, MeasureInput, Scenario, PublicationPeriod, PublicationPeriodInput, SupervisionPolicy, SupervisionPolicyInput } from "./catalogue.types.js";

@Resolver(() => Measure)
export class CatalogueResolver {
  @Query(() => [Measure], { description: "The measure catalogue (奖惩措施清单)." })
  measures(
    @Arg("list", () => ListType, { nullable: true }) list: keyof typeof ListType | null,
    @Arg("scenario", () => Scenario, { nullable: true }) scenario: keyof typeof Scenario | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.catalogue.measures({ list, scenario });
  }

  @Query(() => [SupervisionPolicy], { description: "Grades and what they mean for inspection." })
  supervisionPolicies(@Ctx() ctx: Context) {
    return ctx.services.catalogue.policies();
  }

  @Mutation(() => Measure, { description: "ADMIN: set the effect of a list (and reason) in a scenario; checks use it at once." })
  setMeasure(@Arg("input", () => MeasureInput) input: MeasureInput, @Ctx() ctx: Context) {
    return ctx.services.catalogue.setMeasure(input);
  }

  @Mutation(() => SupervisionPolicy, { description: "ADMIN: set what a grade means for inspection." })
  setSupervisionPolicy(@Arg("input", () => SupervisionPolicyInput) input: SupervisionPolicyInput, @Ctx() ctx: Context) {
    return ctx.services.catalogue.setPolicy(input);
  }

  @Query(() => [PublicationPeriod], { description: "Publication periods of records and list entries." })
  publicationPeriods(@Ctx() ctx: Context) {
    return ctx.services.catalogue.periods();
  }

  @Mutation(() => PublicationPeriod, { description: "ADMIN: set a publication period; records taken in from now on get it." })
  setPublicationPeriod(@Arg("input", () => PublicationPeriodInput) input: PublicationPeriodInput, @Ctx() ctx: Context) {
    return ctx.services.catalogue.setPeriod(input);
  }

  @FieldResolver(() => String)
  reason(@Root() measure: MeasureRow) {
    return measure.reasonCode;
  }
}
