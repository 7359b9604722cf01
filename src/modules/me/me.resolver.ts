// Who the caller is, as the service sees it.
import { Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { Principal } from "./me.types.js";

@Resolver(() => Principal)
export class MeResolver {
  @Query(() => Principal)
  me(@Ctx() ctx: Context): Principal {
    return ctx.principal;
  }
}
