// Thin resolver for the state history (ADMIN).
import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { StateChange } from "./history.types.js";

@Resolver()
export class HistoryResolver {
  @Query(() => [StateChange], { nullable: true, description: "ADMIN: every change of state of a record, entry, commitment, objection or repair." })
  stateChanges(@Arg("entityId", () => ID) entityId: string, @Ctx() ctx: Context) {
    return ctx.services.history.of(entityId);
  }
}
