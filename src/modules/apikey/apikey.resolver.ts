// Thin resolvers for API keys: the credit office creates, lists and revokes them.
import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { KeyRole } from "../../auth/keys.js";
import type { Context } from "../../context.js";
import { ApiKey, ApiKeyRole, CreatedApiKey } from "./apikey.types.js";

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => [ApiKey], { description: "ADMIN: every API key, newest first, revoked ones included." })
  apiKeys(@Ctx() ctx: Context) {
    return ctx.services.apiKey.list(ctx.principal);
  }

  @Mutation(() => CreatedApiKey, { description: "ADMIN: a new API key for a caller; it works at once, and the key is shown only in this answer." })
  async createApiKey(
    @Arg("role", () => ApiKeyRole) role: KeyRole,
    @Arg("name", () => String) name: string,
    @Ctx() ctx: Context,
  ) {
    const created = await ctx.services.apiKey.create(role, name, ctx.principal);
    ctx.audit.note({ detail: { kind: "apiKey", apiKeyId: created.apiKey.id, role: created.apiKey.role, name: created.apiKey.name } });
    return created;
  }

  @Mutation(() => ApiKey, { description: "ADMIN: revoke an API key; it is refused from the next request on. Revoking a revoked key changes nothing." })
  async revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    const key = await ctx.services.apiKey.revoke(id, ctx.principal);
    ctx.audit.note({ detail: { kind: "apiKey", apiKeyId: key.id, role: key.role, name: key.name } });
    return key;
  }
}
