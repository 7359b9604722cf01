// Authorization grants (授权查询): the credit office records a subject's signed consent for one
// provider to read its credit report, with scopes and an end; a provider's report request is
// checked against it.
import type { Scope } from "../../auth/policy.js";
import type { Principal } from "../../auth/principal.js";
import type { Database } from "../../db/client.js";
import { AppError } from "../../shared/errors.js";
import type { ApiKeyService } from "../apikey/apikey.service.js";
import type { SubjectRefInput, SubjectService, Reader } from "../subject/subject.service.js";
import { findGrant, type GrantRow, insertGrant, markRevoked } from "./grant.store.js";
import { isUuid } from "../../shared/ids.js";
import { type Message, msg } from "../../shared/i18n/index.js";

export type { GrantRow } from "./grant.store.js";

export const GRANT_STATUSES = ["VALID", "EXPIRED", "REVOKED"] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

export function grantStatus(grant: Pick<GrantRow, "revokedAt" | "validUntil">, now = new Date()): GrantStatus {
  if (grant.revokedAt) return "REVOKED";
  return grant.validUntil > now ? "VALID" : "EXPIRED";
}

export interface GrantInput {
  ref: SubjectRefInput;
  providerKeyId?: string | null;
  providerName?: string | null;
  scopes: Scope[];
  purpose: string;
  validUntil: Date;
}

const badInput = (message: Message) => new AppError("BAD_USER_INPUT", message);
const grantInvalid = (message: Message) => new AppError("GRANT_INVALID", message);

export class GrantService {
  constructor(private readonly db: Database, private readonly subjects: SubjectService, private readonly apiKeys: ApiKeyService) {}

  async grant(input: GrantInput, reader: Reader): Promise<GrantRow> {
    const purpose = input.purpose.trim();
    if (purpose.length === 0 || purpose.length > 500) throw badInput(msg("error.length", { field: "purpose", max: 500 }));
    const scopes = [...new Set(input.scopes)];
    if (scopes.length === 0) throw badInput(msg("input.scopes"));
    if (!(input.validUntil > new Date())) throw badInput(msg("input.validUntilFuture"));
    if ((input.providerKeyId == null) === (input.providerName == null)) throw badInput(msg("input.providerEither"));
    if (input.providerKeyId != null && !isUuid(input.providerKeyId)) throw badInput(msg("input.providerKeyId"));

    const subject = await this.subjects.byRef(input.ref, reader, true);
    if (!subject) throw new AppError("NOT_FOUND", msg("notFound.subject"));
    const providers = await this.apiKeys.providerKeys({ id: input.providerKeyId, name: input.providerName?.trim() });
    if (providers.length === 0) throw badInput(msg("input.noProvider"));
    if (providers.length > 1) throw badInput(msg("input.severalProviders", { name: input.providerName }));

    const id = await insertGrant(this.db, {
      subjectId: subject.id, providerKeyId: providers[0]!.id, scopes, purpose, validUntil: input.validUntil, grantedBy: reader.principal.id,
    });
    return (await findGrant(this.db, id))!;
  }

  async revoke(id: string, principal: Principal): Promise<GrantRow> {
    if (!isUuid(id) || !(await findGrant(this.db, id))) throw new AppError("NOT_FOUND", msg("notFound.grant"));
    await markRevoked(this.db, id, principal.id);
    return (await findGrant(this.db, id))!;
  }

  /**
   * The grant behind a report request, or GRANT_INVALID: it must exist, be the caller's own
   * (ADMIN reads under any provider's grant), cover this subject, be in force and include REPORT.
   */
  async authorize(grantId: string, subjectId: string | null, principal: Principal): Promise<GrantRow> {
    const grant = isUuid(grantId) ? await findGrant(this.db, grantId) : null;
    if (!grant) throw grantInvalid(msg("notFound.grant"));
    if (principal.role !== "ADMIN" && grant.providerKeyId !== principal.keyId) throw grantInvalid(msg("input.grantProvider"));
    if (subjectId === null || grant.subjectId !== subjectId) throw grantInvalid(msg("input.grantSubject"));
    const status = grantStatus(grant);
    if (status !== "VALID") throw grantInvalid(msg(`input.grantStatus.${status}`, { defaultValue: `the grant is ${status.toLowerCase()}` }));
    if (!grant.scopes.includes("REPORT")) throw grantInvalid(msg("input.grantScope"));
    return grant;
  }
}
