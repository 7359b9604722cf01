// The check: for each ref, in input order, what to do about the party and why. Refs are parsed
// one by one (a bad one fails alone), the register is read in one statement, and the decision
// rules (check.rules) run in memory.
import type { AuditDetail } from "../audit/audit.request.js";
import DataLoader from "dataloader";
import type { Principal } from "../../auth/principal.js";
import type { Prepare } from "../../db/client.js";
import { AppError, IdentifierError } from "../../shared/errors.js";
import { parseIdentifier } from "../../shared/identifiers.js";
import type { Protector } from "../../shared/protect.js";
import type { SubjectRefInput } from "../subject/subject.service.js";
import { Catalogue, type Decision, decide, decisionOf, type Reason, type Supervision, supervisionOf } from "./check.rules.js";
import { type CheckedSubject, checkReader, type CheckRef, type CheckSnapshot } from "./check.store.js";
import { type Message, msg } from "../../shared/i18n/index.js";

export interface CheckInput {
  scenario: string;
  subjects: SubjectRefInput[];
  matter?: string | null;
  requestId?: string | null;
}

export interface CheckResultView {
  ref: { kind: string; identifier: string };
  /** `message` is put into words in the caller's language by the resolver. */
  error: { code: string; message: Message | string } | null;
  found: boolean;
  decision: Decision | null;
  reasons: (Omit<Reason, "entryId"> & { listEntry: CheckedSubject["entries"][number] | null })[];
  supervision: Supervision | null;
  subject: CheckedSubject | null;
}

export interface CheckReportView {
  checkedAt: Date;
  scenario: string;
  dataVersion: string;
  results: CheckResultView[];
  /** For the audit event: subjects found, and the check (a person's ref as its lookup key). */
  audit: { subjectIds: string[]; detail: AuditDetail };
}

type SnapshotRequest = { refs: CheckRef[]; scenario: string; today: string; sealed: boolean };

/** Checks of at most this many refs are coalesced across requests; larger ones read alone. */
const COALESCE_UP_TO = 10;

type Parsed = { ok: true; ref: CheckRef; identifier: string } | { ok: false; error: IdentifierError };

export class CheckService {
  private readonly readSnapshot: ReturnType<typeof checkReader>;
  /**
   * Small checks of concurrent requests (the one-party checks other systems make in their hot
   * paths) read the register together: one statement per scenario and day for every such check
   * arriving in the same tick. Nothing is cached; each answer still gets the register as it was.
   */
  private readonly coalesced: DataLoader<SnapshotRequest, CheckSnapshot>;

  constructor(prepare: Prepare, private readonly protector: Protector, private readonly maxBatch: number) {
    this.readSnapshot = checkReader(prepare);
    this.coalesced = new DataLoader(async (requests) => {
      const groups = new Map<string, { request: SnapshotRequest; refs: Map<string, CheckRef>; read?: Promise<CheckSnapshot> }>();
      const groupOf = (r: SnapshotRequest) => `${r.scenario}|${r.today}|${r.sealed}`;
      for (const r of requests) {
        const group = groups.get(groupOf(r)) ?? { request: r, refs: new Map() };
        for (const ref of r.refs) group.refs.set(`${ref.kind}|${ref.key}`, ref);
        groups.set(groupOf(r), group);
      }
      for (const g of groups.values()) g.read = this.readSnapshot({ ...g.request, refs: [...g.refs.values()] });
      return Promise.all(requests.map((r) => groups.get(groupOf(r))!.read!));
    }, { cache: false, batchScheduleFn: (run) => setImmediate(run) });
  }

  /** `reader.sealed`: whether the answer serves sealed subject fields (else they are not read; false unless given). */
  async check(input: CheckInput, reader: { today: string; principal: Principal; sealed?: boolean }): Promise<CheckReportView> {
    if (input.subjects.length > this.maxBatch) {
      throw new AppError("LIMIT_EXCEEDED", msg("error.tooManySubjects", { max: this.maxBatch, count: input.subjects.length }));
    }
    if ((input.matter?.length ?? 0) > 500) throw new AppError("BAD_USER_INPUT", msg("error.atMost", { field: "matter", max: 500 }));
    if ((input.requestId?.length ?? 0) > 200) throw new AppError("BAD_USER_INPUT", msg("error.atMost", { field: "requestId", max: 200 }));
    const parsed = input.subjects.map((ref) => this.parse(ref));
    const unique = new Map<string, CheckRef>();
    for (const p of parsed) if (p.ok) unique.set(`${p.ref.kind}|${p.ref.key}`, p.ref);
    const request = { refs: [...unique.values()], scenario: input.scenario, today: reader.today, sealed: reader.sealed ?? true };
    const snapshot = await (request.refs.length <= COALESCE_UP_TO ? this.coalesced.load(request) : this.readSnapshot(request));
    const catalogue = this.catalogueOf(input.scenario, snapshot);
    const byKey = new Map(snapshot.subjects.map((s) => [`${s.kind}|${s.identifier}`, s]));
    const verdicts = new Map<string, CheckResultView>();

    const results = parsed.map((p, i): CheckResultView => {
      const raw = input.subjects[i]!;
      if (!p.ok) {
        return { ref: { kind: raw.kind, identifier: raw.identifier }, error: { code: p.error.code, message: p.error.text },
          found: false, decision: null, reasons: [], supervision: null, subject: null };
      }
      const key = `${p.ref.kind}|${p.ref.key}`;
      const known = verdicts.get(key);
      if (known) return known;
      const subject = byKey.get(key) ?? null;
      const view = subject ? this.decided(subject, catalogue, p.identifier) : {
        ref: { kind: p.ref.kind, identifier: p.identifier }, error: null, found: false, decision: "PASS" as const, reasons: [],
        supervision: input.scenario === "ENFORCEMENT" ? supervisionOf({ entries: [], evaluations: [], commitments: [] }, catalogue) : null,
        subject: null,
      };
      verdicts.set(key, view);
      return view;
    });
    const dataVersion = `v${snapshot.version}`;
    const detail: AuditDetail = {
      kind: "check", scenario: input.scenario, matter: input.matter ?? null, requestId: input.requestId ?? null, dataVersion,
      results: results.map((r, i) => {
        const p = parsed[i]!;
        return {
          kind: r.ref.kind, ref: p.ok ? p.ref.key : null, decision: r.decision ?? r.error?.code,
          // What the quarterly joint report counts: the subject, its region, and the measures that made the decision.
          ...(r.subject ? { subjectId: r.subject.id, region: r.subject.region, measures: decidingMeasures(r, catalogue) } : {}),
        };
      }),
    };
    const subjectIds = [...new Set(results.flatMap((r) => (r.subject ? [r.subject.id] : [])))];
    return { checkedAt: new Date(), scenario: input.scenario, dataVersion, results, audit: { subjectIds, detail } };
  }

  private decided(subject: CheckedSubject, catalogue: Catalogue, identifier: string): CheckResultView {
    const verdict = decide(subject, catalogue);
    const entries = new Map(subject.entries.map((e) => [e.id, e]));
    return {
      ref: { kind: subject.kind, identifier },
      error: null,
      found: true,
      decision: verdict.decision,
      reasons: verdict.reasons.map(({ entryId, ...reason }) => ({ ...reason, listEntry: entryId ? entries.get(entryId) ?? null : null })),
      supervision: verdict.supervision,
      subject,
    };
  }

  /** The catalogue's rules built once per catalogue the reader holds (it gives the same arrays while the version holds). */
  private readonly catalogues = new WeakMap<object, Catalogue>();

  private catalogueOf(scenario: string, snapshot: CheckSnapshot): Catalogue {
    let catalogue = this.catalogues.get(snapshot.measures);
    if (!catalogue || catalogue.scenario !== scenario) {
      catalogue = new Catalogue(scenario, snapshot.measures, snapshot.policies, snapshot.scales);
      this.catalogues.set(snapshot.measures, catalogue);
    }
    return catalogue;
  }

  private parse(ref: SubjectRefInput): Parsed {
    try {
      const identifier = parseIdentifier(ref.kind, ref.identifier, { plateColor: ref.plateColor });
      return { ok: true, identifier, ref: { kind: ref.kind, key: ref.kind === "PERSON" ? this.protector.lookupKey(identifier) : identifier } };
    } catch (error) {
      if (error instanceof IdentifierError) return { ok: false, error };
      throw error;
    }
  }
}

/** The catalogue measures (list, reason, effect) of a result's entries whose effect is its decision: "BLACK|*|PROHIBIT". */
function decidingMeasures(result: CheckResultView, catalogue: Catalogue): string[] {
  const measures = new Set<string>();
  for (const reason of result.reasons) {
    if (reason.code !== "LIST_ENTRY" || !reason.listEntry || decisionOf(reason.effect) !== result.decision) continue;
    const measure = catalogue.measureFor(reason.listEntry);
    if (measure) measures.add(`${measure.list}|${measure.reasonCode}|${measure.effect}`);
  }
  return [...measures];
}
