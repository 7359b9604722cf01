// Who the caller is, as the service sees it.
import { Ctx, Field, ObjectType, Query, Resolver } from "type-graphql";
import type { Context } from "../../context.js";

@ObjectType({ description: "The caller: role PUBLIC, PROVIDER, PARTNER, SYSTEM, OFFICER or ADMIN." })
export class Principal {
  @Field(() => String) role!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true, description: "An officer's jurisdiction (division code)." }) region!: string | null;
}

@Resolver(() => Principal)
export class MeResolver {
  @Query(() => Principal)
  me(@Ctx() ctx: Context): Principal {
    return ctx.principal;
  }
}
