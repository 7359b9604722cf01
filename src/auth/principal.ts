// Who is calling, and what that lets them see of the register. Until credentials exist
// (access control), every caller is PUBLIC.
export type Role = "PUBLIC" | "PROVIDER" | "SYSTEM" | "OFFICER" | "ADMIN";

export interface Principal {
  role: Role;
  name: string | null;
  /** An officer's jurisdiction: a region code prefix. */
  region: string | null;
}

export const PUBLIC: Principal = { role: "PUBLIC", name: null, region: null };

/** Row-level reach of a principal: what the register's queries filter out for it. */
export interface Visibility {
  /** Expired, repaired or revoked list entries. */
  inactiveEntries: boolean;
  /** Unpublished, expired, repaired or revoked records. */
  unpublishedRecords: boolean;
  /** A person with no public information (no active entry, no published record). */
  privatePersons: boolean;
  /** A person's full identifier rather than its masked form. */
  fullPersonId: boolean;
  /** Legal representative, phone, address. */
  protectedFields: boolean;
}

export function visibilityOf(principal: Principal): Visibility {
  const all = principal.role === "ADMIN";
  return {
    inactiveEntries: all,
    unpublishedRecords: all,
    privatePersons: all || principal.role === "SYSTEM",
    fullPersonId: all || principal.role === "SYSTEM",
    protectedFields: all,
  };
}
