// API keys managed through the running service by the credit office: the way to add and
// revoke callers while it runs, on PostgreSQL and on the embedded database alike (which no
// second process may open). Every request looks its key up afresh (auth/keys), so a new key
// works at once and a revoked one is refused from the next request on.
import { type ApiKeyRow, createApiKey, findProviderKeys, type KeyRole, listApiKeys } from "../../auth/keys.js";
import { may, mayNot } from "../../auth/policy.js";
import type { Principal } from "../../auth/principal.js";
import type { Database } from "../../db/client.js";
import { AppError } from "../../shared/errors.js";
import { isUuid } from "../../shared/ids.js";
import { markApiKeyRevoked } from "./apikey.store.js";
import { msg } from "../../shared/i18n/index.js";

const MAX_NAME = 200;

export type ApiKeyView = Omit<ApiKeyRow, "keyHash">;

/** A key row without its hash: nothing that could stand in for the key leaves this module. */
const view = ({ keyHash: _hash, ...key }: ApiKeyRow): ApiKeyView => key;

function allowed(principal: Principal): void {
  if (!may(principal, "manageKeys")) throw mayNot(principal.role, "manage API keys");
}

export class ApiKeyService {
  constructor(private readonly db: Database) {}

  async create(role: KeyRole, name: string, principal: Principal): Promise<{ key: string; apiKey: ApiKeyView }> {
    allowed(principal);
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > MAX_NAME) throw new AppError("BAD_USER_INPUT", msg("input.keyName", { max: MAX_NAME }));
    const { key, row } = await createApiKey(this.db, role, trimmed);
    return { key, apiKey: view(row) };
  }

  async revoke(id: string, principal: Principal): Promise<ApiKeyView> {
    allowed(principal);
    const row = isUuid(id) ? await markApiKeyRevoked(this.db, id) : null;
    if (!row) throw new AppError("NOT_FOUND", msg("notFound.apiKey"));
    return view(row);
  }

  /** The live PROVIDER keys with this id, or named so (a grant names its provider either way). */
  providerKeys(by: { id?: string | null; name?: string | null }): Promise<ApiKeyRow[]> {
    return findProviderKeys(this.db, by);
  }

  async list(principal: Principal): Promise<ApiKeyView[]> {
    allowed(principal);
    return (await listApiKeys(this.db)).map(view);
  }
}
