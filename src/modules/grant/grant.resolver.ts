// Thin resolvers for grants: the credit office records and revokes them.
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import { Subject } from "../subject/subject.types.js";
import { grantStatus } from "./grant.service.js";
import type { GrantRow } from "./grant.store.js";
import { Grant, GrantInput } from "./grant.types.js";

@Resolver(() => Grant)
export class GrantResolver {
  @Mutation(() => Grant, { description: "ADMIN: record a subject's consent for a provider." })
  async grantAuthorization(@Arg("input", () => GrantInput) input: GrantInput, @Ctx() ctx: Context) {
    const grant = await ctx.services.grant.grant(input, ctx);
    ctx.audit.note({ grant });
    return grant;
  }

  @Mutation(() => Grant, { description: "ADMIN: withdraw a grant; reports under it stop at once." })
  async revokeAuthorization(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    const grant = await ctx.services.grant.revoke(id, ctx.principal);
    ctx.audit.note({ grant: { id: grant.id } });
    return grant;
  }

  @FieldResolver(() => Subject)
  async subject(@Root() grant: GrantRow, @Ctx() ctx: Context) {
    return ctx.audit.served(await ctx.loaders.subject.byId.load(grant.subjectId));
  }

  @FieldResolver(() => String)
  provider(@Root() grant: GrantRow) {
    return grant.providerName;
  }

  @FieldResolver(() => String)
  status(@Root() grant: GrantRow) {
    return grantStatus(grant);
  }
}
