// What one request read and changed, for its audit event: resolvers and services say it in one
// typed call (`note`), and only the audit module turns it into an event.
export type ProtectedField = "PERSON_ID" | "legalRepresentative" | "phone" | "address";

/** Operation-specific facts an event keeps, as typed data (serialised by the audit module alone). */
export type AuditDetail =
  | { kind: "check"; scenario: string; matter: string | null; requestId: string | null; dataVersion: string;
      results: { kind: string; ref: string | null; decision: string | null | undefined; subjectId?: string; region?: string; measures?: string[] }[] }
  | { kind: "apiKey"; apiKeyId: string; role: string; name: string }
  /** What listing rules did in the change (an entry they made, on which records). */
  | { kind: "rules"; acts: { action: string; rule: string; entryId: string; subjectId: string; basis: string[] }[] }
  | { kind: "listRule"; rule: string; threshold: number; windowDays: number; active: boolean }
  | { kind: "evaluations"; changes: { subjectId: string; sourceSystem: string; sector: string; year: number; from: string | null; to: string }[] };

type SubjectLike = string | { id: string } | { subjectId: string } | null | undefined;

export interface AuditNote {
  /** Subjects read or changed (ids, or rows carrying `id` / `subjectId`). */
  subjects?: Iterable<SubjectLike>;
  /** A protected field actually served. */
  protectedField?: ProtectedField;
  /** The grant a read was made under; its purpose stands in when the caller gave none. */
  grant?: { id: string; purpose?: string | null };
  /** Why the caller asks, when it did not say in `X-Purpose` (e.g. a check's matter). */
  purpose?: string | null;
  detail?: AuditDetail;
}

const idOf = (s: SubjectLike): string | null =>
  s == null ? null : typeof s === "string" ? s : "subjectId" in s ? s.subjectId : s.id;

export class RequestAudit {
  readonly subjectIds = new Set<string>();
  readonly protectedFields = new Set<string>();
  grantId: string | null = null;
  detail: string | null = null;
  /** Subjects covered by events that mutation fields committed with their changes. */
  committed: Set<string> | null = null;
  /** A mutation field failed (and changed nothing): the request's event records the refusal. */
  mutationFailed = false;
  /** Refused before anything ran (its input could not even be recorded): no event. */
  refused = false;
  /** The request's group-committed event being written, for the request log to wait on. */
  stored: Promise<void> | null = null;

  /** `purpose`: the `X-Purpose` header. */
  constructor(public purpose: string | null) {}

  note(fact: AuditNote): void {
    for (const subject of fact.subjects ?? []) {
      const id = idOf(subject);
      if (id) this.subjectIds.add(id);
    }
    if (fact.protectedField) this.protectedFields.add(fact.protectedField);
    if (fact.grant) {
      this.grantId = fact.grant.id;
      this.purpose ??= fact.grant.purpose ?? null;
    }
    if (fact.purpose !== undefined) this.purpose ??= fact.purpose;
    if (fact.detail) {
      const { kind: _kind, ...facts } = fact.detail;
      this.detail = JSON.stringify(facts);
    }
  }

  /** Notes a subject served and passes it on. */
  served<T extends { id: string } | null>(subject: T): T {
    if (subject) this.subjectIds.add(subject.id);
    return subject;
  }
}
