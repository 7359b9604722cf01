// API keys of systems, providers and partner platforms, managed by the credit office.
import { allow, mayDo } from "../../permissions/rules.js";
import { defineModule } from "../manifest.js";
import { ApiKeyResolver } from "./apikey.resolver.js";
import { ApiKeyService } from "./apikey.service.js";

export const apiKeyModule = defineModule({
  name: "apiKey",
  resolvers: [ApiKeyResolver],
  rules: {
    Query: { apiKeys: mayDo("manageKeys", "list API keys") },
    Mutation: { createApiKey: mayDo("manageKeys", "create API keys"), revokeApiKey: mayDo("manageKeys", "revoke API keys") },
    types: { ApiKey: allow, CreatedApiKey: allow },
  },
  service: ({ db }) => new ApiKeyService(db),
});
