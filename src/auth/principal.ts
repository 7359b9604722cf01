// Who is calling. Credentials (auth/credentials) turn a request into a Principal; the policy
// (auth/policy) says what that principal may see and do.
export const ROLES = ["PUBLIC", "PROVIDER", "PARTNER", "SYSTEM", "OFFICER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  role: Role;
  /** Stable identity for the audit trail: "anonymous", "key:<api key id>" or "jwt:<sub>". */
  id: string;
  /** A caller's name: the API key's name, or the token's subject. */
  name: string | null;
  /** An officer's jurisdiction: a 6-digit division code (530100 covers 5301xx). */
  region: string | null;
  /** The API key behind a SYSTEM, PROVIDER or PARTNER principal. */
  keyId: string | null;
}

export const PUBLIC: Principal = { role: "PUBLIC", id: "anonymous", name: null, region: null, keyId: null };
