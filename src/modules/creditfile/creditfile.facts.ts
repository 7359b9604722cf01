// The facts a credit file (一户式信用档案) shows, gathered from the subject's register data as its
// reader may see them, and their digests. Pure: the same data and view give the same facts, in
// the same order, whatever order the store returned them in — so a file can be checked later by
// recomputing them.
import { createHmac } from "node:crypto";

/** What the reader of a file could see (auth/policy decided it when the file was issued). */
export interface FileView {
  /** Inactive entries; unpublished, expired, repaired or revoked records. */
  history: boolean;
  /** A person's full ID number rather than its masked form. */
  personId: boolean;
  /** Legal representative, phone, address. */
  contacts: boolean;
}

export interface SubjectFacts {
  kind: string;
  identifier: string;
  name: string;
  region: string;
  legalRepresentative: string | null;
  phone: string | null;
  address: string | null;
}

export interface EntryFacts {
  list: string; reason: string; reasonText: string; authority: string;
  effectiveFrom: string; effectiveUntil: string | null; status: string;
}
export interface RecordFacts {
  category: string; decisionNumber: string; content: string; decisionDate: string;
  authority: string; severity: string; status: string;
}
export interface EvaluationFacts { sector: string; year: number; grade: string }
export interface CommitmentFacts { kind: string; matter: string; signedAt: string; status: string }

export interface CreditFileFacts {
  subject: SubjectFacts;
  listEntries: EntryFacts[];
  records: RecordFacts[];
  evaluations: EvaluationFacts[];
  commitments: CommitmentFacts[];
}

export const SECTIONS = ["subject", "listEntries", "records", "evaluations", "commitments"] as const;
export type Section = (typeof SECTIONS)[number];

/** The register's data about one subject, as the store returns it (protected values opened). */
export interface RegisterData {
  subject: Omit<SubjectFacts, "identifier"> & { identifier: string; maskedIdentifier: string };
  entries: { list: string; reasonCode: string; reasonText: string; authority: string; effectiveFrom: string;
    effectiveUntil: string | null; status: string }[];
  /** `published`: whether the record is among those shown without history. */
  records: { category: string; decisionNumber: string; content: string; decisionDate: string; authority: string;
    severity: string; status: string; published: boolean }[];
  evaluations: EvaluationFacts[];
  commitments: { kind: string; matter: string; signedAt: Date | string; status: string }[];
}

const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => {
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** The file's facts: what the view lets its reader see, in a fixed order (newest first within a section). */
export function creditFileFacts(data: RegisterData, view: FileView): CreditFileFacts {
  const s = data.subject;
  const listEntries = data.entries
    .filter((e) => view.history || e.status === "ACTIVE")
    .map((e) => ({ list: e.list, reason: e.reasonCode, reasonText: e.reasonText, authority: e.authority,
      effectiveFrom: e.effectiveFrom, effectiveUntil: e.effectiveUntil, status: e.status }))
    .sort(byKey((e) => `${e.effectiveFrom}|${e.list}|${e.reason}|${e.authority}|${e.status}`)).reverse();
  const records = data.records
    .filter((r) => view.history || r.published)
    .map(({ published: _published, ...r }) => r)
    .sort(byKey((r) => `${r.decisionDate}|${r.decisionNumber}|${r.authority}`)).reverse();
  const evaluations = data.evaluations.map((e) => ({ sector: e.sector, year: e.year, grade: e.grade }))
    .sort(byKey((e) => `${String(e.year).padStart(4, "0")}|${e.sector}`)).reverse();
  const commitments = data.commitments
    .map((c) => ({ kind: c.kind, matter: c.matter, signedAt: new Date(c.signedAt).toISOString(), status: c.status }))
    .sort(byKey((c) => `${c.signedAt}|${c.kind}|${c.matter}`)).reverse();
  return {
    subject: {
      kind: s.kind,
      identifier: s.kind === "PERSON" && !view.personId ? s.maskedIdentifier : s.identifier,
      name: s.name,
      region: s.region,
      legalRepresentative: view.contacts ? s.legalRepresentative : null,
      phone: view.contacts ? s.phone : null,
      address: view.contacts ? s.address : null,
    },
    listEntries,
    records,
    evaluations,
    commitments,
  };
}

/** JSON with object keys in sorted order: equal facts give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(byKey(([k]) => k));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Salted digests (HMAC-SHA-256) of each section and of the whole: a stored digest tells whether the
 * facts are still the same without keeping them, and the salt keeps it from being matched against
 * guessed facts.
 */
export function factsDigests(facts: CreditFileFacts, salt: string): { facts: string; sections: Record<Section, string> } {
  const digest = (text: string) => createHmac("sha256", salt).update(text).digest("base64url");
  const sections = Object.fromEntries(SECTIONS.map((s) => [s, digest(canonicalJson(facts[s]))])) as Record<Section, string>;
  return { facts: digest(canonicalJson(facts)), sections };
}

/** The sections whose digest differs now from when the file was issued, in SECTIONS order. */
export function changedSections(issued: Record<string, string>, now: Record<Section, string>): Section[] {
  return SECTIONS.filter((s) => issued[s] !== now[s]);
}
