// Grants (授权): a subject's consent for one provider to read its full report.
import { allow, mayDo } from "../../permissions/rules.js";
import type { ApiKeyService } from "../apikey/apikey.service.js";
import { defineModule, type ServiceDeps } from "../manifest.js";
import type { SubjectService } from "../subject/subject.service.js";
import { GrantResolver } from "./grant.resolver.js";
import { GrantService } from "./grant.service.js";

export const grantModule = defineModule({
  name: "grant",
  resolvers: [GrantResolver],
  rules: {
    Mutation: { grantAuthorization: mayDo("write", "record grants"), revokeAuthorization: mayDo("write", "revoke grants") },
    types: { Grant: allow },
  },
  needs: ["subject", "apiKey"],
  service: ({ db, subject, apiKey }: ServiceDeps & { subject: SubjectService; apiKey: ApiKeyService }) => new GrantService(db, subject, apiKey),
});
