// The one place that says who may see and do what (README "Callers and what they see"). Resolvers,
// loaders and the graphql-shield rules all ask these functions; none decides on its own.
import { AppError } from "../shared/errors.js";
import { msg } from "../shared/i18n/index.js";
import type { Principal, Role } from "./principal.js";

/** What a subject's authorization grant lets its provider read. */
/** What a subject's grant can open to a provider. */
export const SCOPES = ["REPORT", "CONTACT", "PERSON_ID"] as const;
export type Scope = (typeof SCOPES)[number];

/** What a decision about one subject depends on: where it is, and the grant it is read under. */
export interface SubjectInView {
  region: string;
  /** Scopes of the valid grant this subject is being read under (creditReport), if any. */
  grantScopes?: readonly Scope[] | null;
}

/** An officer's jurisdiction as a region prefix: 530000 → 53, 530100 → 5301, 530102 → 530102. */
export function jurisdictionPrefix(region: string): string {
  let prefix = region;
  while (prefix.length > 2 && prefix.endsWith("00")) prefix = prefix.slice(0, -2);
  return prefix;
}

export function inJurisdiction(principal: Principal, subject: SubjectInView): boolean {
  return principal.role === "OFFICER" && principal.region != null && subject.region.startsWith(jurisdictionPrefix(principal.region));
}

const granted = (subject: SubjectInView, scope: Scope) => subject.grantScopes?.includes(scope) ?? false;

/** A person's full ID number rather than its masked form. */
export function seesFullPersonId(principal: Principal, subject: SubjectInView): boolean {
  return principal.role === "ADMIN" || principal.role === "SYSTEM" || inJurisdiction(principal, subject) || granted(subject, "PERSON_ID");
}

/** Legal representative, phone, address. */
export function seesContacts(principal: Principal, subject: SubjectInView): boolean {
  return principal.role === "ADMIN" || inJurisdiction(principal, subject) || granted(subject, "CONTACT");
}

/** Inactive list entries; unpublished, expired, repaired or revoked records. */
export function seesHistory(principal: Principal, subject: SubjectInView): boolean {
  return principal.role === "ADMIN" || inJurisdiction(principal, subject);
}

/**
 * The region prefix within which a principal sees history (inactive entries, unpublished
 * records) in list queries: "" for everywhere, null for nowhere. Agrees with seesHistory.
 */
export function historyRegion(principal: Principal): string | null {
  if (principal.role === "ADMIN") return "";
  if (principal.role === "OFFICER" && principal.region) return jurisdictionPrefix(principal.region);
  return null;
}

/**
 * A person with no public information (no active entry, no published record). For PUBLIC and
 * PROVIDER such a person is not in the register: a full ID number must not reveal a name.
 */
export function seesPrivatePersons(principal: Principal): boolean {
  return principal.role === "ADMIN" || principal.role === "SYSTEM" || principal.role === "OFFICER";
}

export type Action = "check" | "creditReport" | "readAudit" | "readAllAudit" | "write" | "submit" | "oversee" | "readHistory" | "manageKeys";

const ALLOWED: Record<Action, readonly Principal["role"][]> = {
  check: ["SYSTEM", "OFFICER", "ADMIN"],
  /** Record intake, objections, repair applications and commitments, on a subject's behalf. */
  submit: ["SYSTEM", "ADMIN"],
  /** Publication-deadline oversight (overdue and late records). */
  oversee: ["OFFICER", "ADMIN"],
  readHistory: ["ADMIN"],
  creditReport: ["PROVIDER", "ADMIN"],
  readAudit: ["OFFICER", "ADMIN"],
  readAllAudit: ["ADMIN"],
  write: ["ADMIN"],
  /** Create, list and revoke API keys. */
  manageKeys: ["ADMIN"],
};

export function may(principal: Principal, action: Action): boolean {
  return ALLOWED[action].includes(principal.role);
}

/** "PUBLIC callers may not run checks" (FORBIDDEN): `what`, in English, is also its catalogue key (forbidden.what). */
export const mayNot = (role: Role, what: string) => new AppError("FORBIDDEN", msg("forbidden.mayNot", {
  role: msg(`role.${role}`),
  what: msg(`forbidden.what.${what.replace(/\W+/g, "_")}`, { defaultValue: what }),
}));
