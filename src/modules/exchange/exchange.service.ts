// The exchange hub's rules (数据交换枢纽): which partner receives what, the next batch of a partner
// (everything changed since the last batch it acknowledged; one open batch at a time, re-sent as
// it is until acknowledged), pushing it with retries, importing a partner's batch all or nothing
// in one transaction while it streams, acknowledgements and reconciliation.
import { randomUUID } from "node:crypto";
import pRetry, { AbortError } from "p-retry";
import type { Principal } from "../../auth/principal.js";
import { type Config, EXCHANGE_KINDS, type ExchangeKind } from "../../config.js";
import type { Database } from "../../db/client.js";
import { logger } from "../../logger.js";
import { AppError } from "../../shared/errors.js";
import { parseIdentifier } from "../../shared/identifiers.js";
import { msg } from "../../shared/i18n/index.js";
import { checkPageSize, decodeCursor, encodeCursor, type Page, toPage } from "../../shared/pagination.js";
import type { Protector } from "../../shared/protect.js";
import { chinaDate } from "../../shared/clock.js";
import type { JointReportService } from "../jointreport/jointreport.service.js";
import type { PartyRoleName } from "../rules/rules.defaults.js";
import { type RulesService, subjectRole } from "../rules/rules.service.js";
import { appendEventIn } from "../audit/audit.service.js";
import { exchanged, followExchangedRecords } from "../register/register.service.js";
import { isInForce, type StatusOf } from "../register/register.states.js";
import {
  BatchProblem, checkAgainstManifest, ContentDigest, FORMAT, FORMAT_VERSION, type KindCounts, type KindHashes, type Line, type LineOf,
  type Manifest, parseLine, parseManifest, serialize,
} from "./exchange.format.js";
import {
  acknowledgedExports, batchGauges, type BatchRow, type BatchStatus, changedCommitments, changedEntries, changedEvaluations, changedRecords,
  changedRepairs, commitmentsBySource, type CommitmentRow, countAttempt, dataVersion, entriesBySource, type EntryRow, exportHorizon, findBatch,
  findBatchByTick, IMPORTED_GRADE, insertBatch, insertCommitments, insertEntries, insertRecords, lastAcknowledgedEnd, lockKey, openExport,
  pageBatches, partiesOfRecords, type Partner, receivedJointQuarters, type RecordRow, recordsByDecision, subjectIds, type SubjectOfRow,
  updateBatch, updateCommitments, updateEntries, updateRecords, upsertEvaluations,
} from "./exchange.store.js";

export const PARTNERS = ["MINISTRY", "PROVINCE"] as const satisfies readonly Partner[];

export interface PartnerSettings {
  name: Partner;
  url: string | null;
  key: string | null;
  kinds: ExchangeKind[];
  /** May receive protected personal data (persons and what is about them). */
  personal: boolean;
}

export function partnerSettings(config: Config, name: Partner): PartnerSettings {
  return {
    name,
    url: config[`EXCHANGE_${name}_URL`] ?? null,
    key: config[`EXCHANGE_${name}_KEY`] ?? null,
    kinds: config[`EXCHANGE_${name}_KINDS`],
    personal: config[`EXCHANGE_${name}_PERSONAL`] ?? false,
  };
}

/** What the receiving side answers a delivery with: its acknowledgement, with the counts and hashes it took in. */
export interface Acknowledgement {
  batchId: string;
  status: "IMPORTED";
  /** The same batch had been imported before: nothing changed now. */
  unchanged: boolean;
  counts: KindCounts;
  hashes: KindHashes;
}

export interface ImportProgress { lines: number }

/** One batch problem as a client reads it: INVALID_BATCH with the line and the rule. */
export const batchRefused = (problem: BatchProblem) =>
  new AppError("INVALID_BATCH", msg("exchange.refused", { line: problem.line, detail: problem.detail }), { line: problem.line, rule: problem.rule });

export class ExchangeService {
  constructor(
    private readonly db: Database,
    private readonly ownDb: Database,
    private readonly config: Config,
    private readonly protector: Protector,
    private readonly jointReports: JointReportService,
    private readonly rules: RulesService,
  ) {}

  partner(name: Partner): PartnerSettings {
    return partnerSettings(this.config, name);
  }

  /** Partners with a URL: the schedule exports and pushes to these. */
  reachablePartners(): PartnerSettings[] {
    return PARTNERS.map((p) => this.partner(p)).filter((p) => p.url);
  }

  // ---- export ----

  /**
   * The partner's next batch: its open one if it has one (nothing is made twice as new), else
   * everything changed since the end of the last batch it acknowledged. `tick`: a schedule's
   * occurrence — one batch per partner and tick, whichever process gets there first.
   */
  async exportBatch(partnerName: Partner, opts: { tick?: string } = {}, db: Database = this.db): Promise<BatchRow> {
    const partner = this.partner(partnerName);
    return db.transaction(async (t) => {
      const tx = t as unknown as Database;
      await lockKey(tx, `exchange-export:${partner.name}`);
      const tick = opts.tick ? `${partner.name}@${opts.tick}` : null;
      const ticked = tick ? await findBatchByTick(tx, tick) : null;
      if (ticked) return ticked;
      const open = await openExport(tx, partner.name);
      if (open) return open;
      const from = await lastAcknowledgedEnd(tx, partner.name);
      const to = await exportHorizon(tx);
      const lines = await this.changedLines(tx, partner, from, to);
      const reports = await this.jointReportLines(tx, partner, to);
      const out = serialize([...lines, ...reports]);
      const row = await insertBatch(tx, {
        id: randomUUID(), direction: "EXPORT", partner: partner.name, status: "PENDING", formatVersion: FORMAT_VERSION,
        periodFrom: from, periodTo: to, dataVersion: await dataVersion(tx), counts: JSON.stringify(out.counts), kindHashes: JSON.stringify(out.hashes),
        hash: out.sha256, lines: out.lines, content: out.content, tick, jointQuarters: JSON.stringify(reports.map((r) => r.quarter)),
      });
      return row ?? (await findBatchByTick(tx, tick!))!;
    });
  }

  private async changedLines(db: Database, partner: PartnerSettings, from: Date | null, to: Date): Promise<Line[]> {
    const wants = (kind: ExchangeKind) => partner.kinds.includes(kind);
    const subjects = new Map<string, LineOf<"subject">>();
    const refOf = (s: SubjectOfRow) => {
      const identifier = s.subjectKind === "PERSON" ? this.protector.open(s.identifierSealed!) : s.identifier;
      const key = `${s.subjectKind}|${identifier}`;
      if (!subjects.has(key)) subjects.set(key, { kind: "subject", subjectKind: s.subjectKind, identifier, name: s.name, region: s.region });
      return { kind: s.subjectKind, identifier };
    };
    const lines: Line[] = [];
    if (wants("listEntry")) {
      for (const e of await changedEntries(db, from, to, partner.personal)) {
        lines.push({
          kind: "listEntry", id: e.id, subject: refOf(e), list: e.list, reason: e.reasonCode, reasonText: e.reasonText, authority: e.authority,
          effectiveFrom: e.effectiveFrom, effectiveUntil: e.effectiveUntil, status: e.status === "EXPIRED" ? "ACTIVE" : e.status,
        });
      }
    }
    if (wants("record")) {
      const records = await changedRecords(db, from, to, partner.personal);
      const parties = new Map<string, Awaited<ReturnType<typeof partiesOfRecords>>>();
      for (const p of await partiesOfRecords(db, records.map((r) => r.id), partner.personal)) {
        if (!parties.has(p.recordId)) parties.set(p.recordId, []);
        parties.get(p.recordId)!.push(p);
      }
      for (const r of records) {
        lines.push({
          kind: "record", subject: refOf(r), sourceSystem: r.sourceSystem, decisionNumber: r.decisionNumber, category: r.category, content: r.content,
          decisionDate: r.decisionDate, authority: r.authority, severity: r.severity, status: r.status === "EXPIRED" ? "PUBLISHED" : r.status,
          publishedAt: r.publishedAt ? new Date(r.publishedAt).toISOString() : null, publicationEnds: r.publicationEnds,
          violation: r.violation, parties: (parties.get(r.id) ?? []).filter((p) => p.role).map((p) => ({ role: p.role as PartyRoleName, subject: refOf(p) })),
        });
      }
    }
    if (wants("evaluation")) {
      for (const v of await changedEvaluations(db, from, to, partner.personal)) {
        lines.push({ kind: "evaluation", subject: refOf(v), sector: v.sector, year: v.year, grade: v.grade, evaluator: v.evaluator });
      }
    }
    if (wants("commitment")) {
      for (const c of await changedCommitments(db, from, to, partner.personal)) {
        lines.push({
          kind: "commitment", id: c.id, subject: refOf(c), commitmentKind: c.kind as LineOf<"commitment">["commitmentKind"], matter: c.matter, content: c.content,
          signedAt: new Date(c.signedAt).toISOString(), validUntil: c.validUntil, status: c.status as LineOf<"commitment">["status"],
        });
      }
    }
    if (wants("repair")) {
      for (const r of await changedRepairs(db, from, to, partner.personal)) {
        // Only what the register itself decided and sent: a partner's entry or record repaired here is the partner's to tell.
        const target = r.targetKind === "ENTRY"
          ? (r.entrySourced === false ? { kind: "listEntry" as const, id: r.targetId } : null)
          : (r.recordSource === null && r.sourceSystem && r.decisionNumber ? { kind: "record" as const, sourceSystem: r.sourceSystem, decisionNumber: r.decisionNumber } : null);
        if (!target) continue;
        lines.push({
          kind: "repair", id: r.id, subject: refOf(r), target, status: r.status as "APPROVED" | "REVERSED", reason: r.reason,
          decidedAt: new Date((r.status === "REVERSED" ? r.reversedAt : r.decidedAt)!).toISOString(),
          decisionReason: (r.status === "REVERSED" ? r.reversalReason : r.decisionReason) ?? null,
        });
      }
    }
    // Subjects travel with what is about them: a partner that takes entries must know whom they name.
    return [...subjects.values(), ...lines];
  }

  /** 联合奖惩季度报送: the report of every ended quarter the partner has not received in an acknowledged batch. */
  private async jointReportLines(db: Database, partner: PartnerSettings, to: Date): Promise<LineOf<"jointReport">[]> {
    if (!partner.kinds.includes("jointReport")) return [];
    const today = chinaDate(to);
    const received = (await receivedJointQuarters(db)).get(partner.name) ?? new Set();
    const due = (await this.jointReports.endedQuarters(today, this.config.EXCHANGE_JOINT_REPORT_FROM, db)).filter((q) => !received.has(q.label));
    const lines: LineOf<"jointReport">[] = [];
    for (const q of due) {
      // Through JSON: the line is what the partner parses back (dates as strings).
      const view = await this.jointReports.provinceReport(q.label, today, db);
      // Persons stay home as everywhere else: a partner without protected personal data gets no case about a person.
      const cases = partner.personal ? view.cases : view.cases.filter((c) => c.subjectKind !== "PERSON");
      const report = JSON.parse(JSON.stringify({ ...view, cases }));
      lines.push({ kind: "jointReport", quarter: q.label, dueDate: q.dueDate, report });
    }
    return lines;
  }

  /** Per partner, ended quarters past their due date whose report it has not acknowledged (for /metrics). */
  async overdueJointReports(): Promise<{ partner: Partner; n: number }[]> {
    const today = chinaDate();
    const quarters = await this.jointReports.endedQuarters(today, this.config.EXCHANGE_JOINT_REPORT_FROM, this.ownDb);
    const received = await receivedJointQuarters(this.ownDb);
    return PARTNERS.filter((p) => this.partner(p).kinds.includes("jointReport"))
      .map((partner) => ({ partner, n: quarters.filter((q) => today > q.dueDate && !received.get(partner)?.has(q.label)).length }));
  }

  /** A batch file as the partner receives it: the manifest line, then the content. */
  batchFile(batch: BatchRow): string {
    const manifest: Manifest = {
      format: FORMAT, version: FORMAT_VERSION, batchId: batch.id, partner: batch.partner, dataVersion: batch.dataVersion,
      period: { from: batch.periodFrom ? new Date(batch.periodFrom).toISOString() : null, to: new Date(batch.periodTo).toISOString() },
      counts: JSON.parse(batch.counts) as KindCounts, lines: batch.lines, sha256: batch.hash,
    };
    return `${JSON.stringify(manifest)}\n${batch.content ?? ""}`;
  }

  /** GET /exchange/batches/:id: ADMIN, or the partner the batch is for. */
  async download(id: string, principal: Principal): Promise<BatchRow> {
    const batch = /^[0-9a-f-]{36}$/i.test(id) ? await findBatch(this.ownDb, id.toLowerCase()) : null;
    if (!batch || batch.direction !== "EXPORT" || !mayActFor(principal, batch.partner)) throw new AppError("NOT_FOUND", msg("exchange.notFound"));
    return batch;
  }

  // ---- push ----

  /**
   * Sends the partner's open batch (made now if there is none) to its URL, retrying with backoff;
   * the partner's answer acknowledges it. A batch the partner refuses is FAILED at once, with its
   * reason; one it cannot be reached for is FAILED after the retries, and sent again, the same
   * batch, by the next push.
   */
  async push(partnerName: Partner, opts: { tick?: string } = {}): Promise<BatchRow> {
    const partner = this.partner(partnerName);
    if (!partner.url || !partner.key) throw new AppError("BAD_USER_INPUT", msg("exchange.noPartnerUrl", { partner: partner.name }));
    // Its own transactions, never a request's: a push also runs after the mutation that made the batch.
    const batch = await this.exportBatch(partner.name, opts, this.ownDb);
    if (batch.status === "ACKNOWLEDGED") return batch;
    const body = this.batchFile(batch);
    const endpoint = new URL("exchange/batches", partner.url.endsWith("/") ? partner.url : `${partner.url}/`);
    try {
      const ack = await pRetry(async () => {
        await countAttempt(this.ownDb, batch.id);
        const res = await fetch(endpoint, {
          method: "POST",
          headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${partner.key}` },
          body,
          signal: AbortSignal.timeout(this.config.EXCHANGE_PUSH_TIMEOUT_MS),
        });
        const text = await res.text();
        if (res.ok) return JSON.parse(text) as Acknowledgement;
        const error = `HTTP ${res.status}: ${text.slice(0, 500)}`;
        // The partner read the batch and refused it, or refused us: sending it again would change nothing.
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new AbortError(error);
        throw new Error(error);
      }, {
        retries: this.config.EXCHANGE_PUSH_RETRIES, minTimeout: this.config.EXCHANGE_PUSH_BACKOFF_MS, factor: 2,
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
          logger.warn({ partner: partner.name, batchId: batch.id, attemptNumber, retriesLeft, reason: error.message }, "exchange push failed");
        },
      });
      if (ack.batchId !== batch.id || ack.status !== "IMPORTED") throw new Error(`the partner acknowledged ${ack.batchId} ${ack.status}, not ${batch.id}`);
      return (await this.markAcknowledged(batch.id, ack))!;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await updateBatch(this.ownDb, batch.id, { status: "FAILED", error: reason.slice(0, 2000) });
      throw new AppError("SERVICE_UNAVAILABLE", msg("exchange.pushFailed", { partner: partner.name, reason }));
    }
  }

  /**
   * After exportBatch: push the batch once the mutation that made it has committed (it is read
   * outside that transaction). A failure is left on the batch (FAILED, its reason) for the next push.
   */
  pushAfterCommit(batch: BatchRow): void {
    const partner = this.partner(batch.partner);
    if (!partner.url || !partner.key || batch.status === "ACKNOWLEDGED") return;
    void (async () => {
      for (let waited = 0; !(await findBatch(this.ownDb, batch.id)); waited += 50) {
        if (waited > 30_000) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      await this.push(partner.name);
    })().catch((err) => logger.warn({ err, partner: partner.name, batchId: batch.id }, "exchange push after export failed"));
  }

  private markAcknowledged(id: string, ack: Pick<Acknowledgement, "counts" | "hashes"> | null, db: Database = this.ownDb) {
    return updateBatch(db, id, {
      status: "ACKNOWLEDGED", acknowledgedAt: new Date(), error: null,
      ...(ack ? { partnerCounts: JSON.stringify(ack.counts), partnerHashes: JSON.stringify(ack.hashes) } : {}),
    });
  }

  /** acknowledgeBatch: the partner (its key) or ADMIN closes an export it has received. */
  async acknowledge(id: string, principal: Principal): Promise<BatchRow> {
    const batch = /^[0-9a-f-]{36}$/i.test(id) ? await findBatch(this.db, id.toLowerCase()) : null;
    if (!batch || batch.direction !== "EXPORT" || !mayActFor(principal, batch.partner)) throw new AppError("NOT_FOUND", msg("exchange.notFound"));
    if (batch.status === "ACKNOWLEDGED") return batch;
    return (await this.markAcknowledged(batch.id, null, this.db))!;
  }

  // ---- import ----

  /**
   * Imports a partner's batch from its lines as they arrive, in one transaction: a bad line, a
   * count or a hash that does not match the manifest rolls everything back (INVALID_BATCH with the
   * line). The same batch again changes nothing and is acknowledged as before.
   */
  async importBatch(
    partner: Partner, lines: AsyncIterable<string>, who: { principal: Principal; requestId: string; operation: string; audit: boolean },
    onProgress?: (p: ImportProgress) => void,
  ): Promise<Acknowledgement> {
    const iterator = lines[Symbol.asyncIterator]();
    const first = await iterator.next();
    let manifest: Manifest;
    try {
      if (first.done || !first.value.trim()) throw new BatchProblem(1, "manifest", "the batch is empty: no manifest");
      manifest = parseManifest(first.value);
    } catch (error) {
      throw error instanceof BatchProblem ? batchRefused(error) : error;
    }
    const rest: AsyncIterable<string> = { [Symbol.asyncIterator]: () => iterator };
    try {
      return await this.db.transaction(async (t) => {
        const tx = t as unknown as Database;
        await lockKey(tx, `exchange-import:${manifest.batchId}`);
        const before = await findBatch(tx, manifest.batchId);
        // A refused batch left nothing behind: the partner may send it again corrected, under the same id.
        if (before && (before.direction !== "IMPORT" || before.partner !== partner || (before.status !== "REJECTED" && before.hash !== manifest.sha256))) {
          throw new BatchProblem(1, "manifest", `batch ${manifest.batchId} was received before with other content`);
        }
        if (before?.status === "IMPORTED") {
          for await (const _ of rest) { /* drain the body; the batch is known */ }
          return { batchId: before.id, status: "IMPORTED", unchanged: true, counts: JSON.parse(before.counts), hashes: JSON.parse(before.kindHashes) } as Acknowledgement;
        }
        const digest = new ContentDigest();
        let number = 1;
        let chunk: { line: Line; number: number }[] = [];
        for await (const raw of rest) {
          number++;
          if (raw.trim() === "") continue;
          const line = parseLine(raw, number);
          digest.add(raw, line.kind);
          chunk.push({ line, number });
          if (chunk.length >= this.config.EXCHANGE_IMPORT_CHUNK) {
            await this.writeChunk(tx, partner, manifest.batchId, chunk);
            chunk = [];
            onProgress?.({ lines: digest.lines });
          }
        }
        await this.writeChunk(tx, partner, manifest.batchId, chunk);
        onProgress?.({ lines: digest.lines });
        const { sha256, hashes } = digest.digest();
        checkAgainstManifest(manifest, { counts: digest.counts, lines: digest.lines, sha256 }, number);
        const values = {
          direction: "IMPORT" as const, partner, status: "IMPORTED" as const, formatVersion: manifest.version,
          periodFrom: manifest.period.from ? new Date(manifest.period.from) : null, periodTo: new Date(manifest.period.to),
          dataVersion: manifest.dataVersion, counts: JSON.stringify(digest.counts), kindHashes: JSON.stringify(hashes), hash: sha256,
          lines: digest.lines, attempts: (before?.attempts ?? 0) + 1, error: null, acknowledgedAt: new Date(),
        };
        if (before) await updateBatch(tx, before.id, values);
        else await insertBatch(tx, { id: manifest.batchId, ...values });
        if (who.audit) {
          await appendEventIn(tx, {
            at: new Date(), requestId: who.requestId, principal: who.principal.id, role: who.principal.role, operation: who.operation,
            purpose: null, subjectIds: [], protectedFields: [], grantId: null, outcome: "OK",
            detail: JSON.stringify({ batchId: manifest.batchId, partner, counts: digest.counts }),
          });
        }
        return { batchId: manifest.batchId, status: "IMPORTED", unchanged: false, counts: digest.counts, hashes } as Acknowledgement;
      });
    } catch (error) {
      if (!(error instanceof BatchProblem)) throw error;
      await this.noteRejected(partner, manifest, error).catch((err) => logger.error({ err }, "could not note a rejected batch"));
      throw batchRefused(error);
    }
  }

  /** A refused batch is noted (REJECTED, with its reason) outside the rolled-back import, for operators. */
  private async noteRejected(partner: Partner, manifest: Manifest, problem: BatchProblem): Promise<void> {
    const existing = await findBatch(this.ownDb, manifest.batchId);
    if (existing) {
      if (existing.direction === "IMPORT" && existing.status === "REJECTED") {
        await updateBatch(this.ownDb, existing.id, { attempts: existing.attempts + 1, error: problem.message });
      }
      return;
    }
    await insertBatch(this.ownDb, {
      id: manifest.batchId, direction: "IMPORT", partner, status: "REJECTED", formatVersion: manifest.version,
      periodFrom: manifest.period.from ? new Date(manifest.period.from) : null, periodTo: new Date(manifest.period.to),
      dataVersion: manifest.dataVersion, counts: JSON.stringify(manifest.counts), kindHashes: "{}", hash: manifest.sha256, lines: manifest.lines,
      attempts: 1, error: problem.message,
    });
  }

  /** One chunk of lines: a fixed number of statements whatever its size. */
  private async writeChunk(tx: Database, partner: Partner, batchId: string, chunk: { line: Line; number: number }[]): Promise<void> {
    if (chunk.length === 0) return;
    const keyOf = (kind: SubjectOfRow["subjectKind"], identifier: string, number: number) => {
      let canonical: string;
      try {
        canonical = parseIdentifier(kind, identifier);
      } catch (error) {
        throw new BatchProblem(number, "identifier", `${kind} ${identifier}: ${error instanceof Error ? error.message : String(error)}`);
      }
      return { canonical, key: kind === "PERSON" ? this.protector.lookupKey(canonical) : canonical };
    };
    const add: { kind: SubjectOfRow["subjectKind"]; identifier: string; identifierSealed: string | null; name: string; region: string }[] = [];
    const refs: { kind: string; identifier: string; number: number }[] = [];
    // By line number, and `<line>.<i>` for the i-th party of a record line.
    const refKey = new Map<string, string>();
    for (const { line, number } of chunk) {
      if (line.kind === "subject") {
        const { canonical, key } = keyOf(line.subjectKind, line.identifier, number);
        add.push({ kind: line.subjectKind, identifier: key, identifierSealed: line.subjectKind === "PERSON" ? this.protector.seal(canonical) : null, name: line.name, region: line.region });
      } else if (line.kind !== "jointReport") {
        const { key } = keyOf(line.subject.kind, line.subject.identifier, number);
        refs.push({ kind: line.subject.kind, identifier: key, number });
        refKey.set(String(number), `${line.subject.kind}|${key}`);
        if (line.kind === "record") {
          line.parties.forEach((party, i) => {
            const { key: partyKey } = keyOf(party.subject.kind, party.subject.identifier, number);
            refs.push({ kind: party.subject.kind, identifier: partyKey, number });
            refKey.set(`${number}.${i}`, `${party.subject.kind}|${partyKey}`);
          });
        }
      }
    }
    const ids = await subjectIds(tx, dedupe(add, (s) => `${s.kind}|${s.identifier}`), dedupe(refs, (r) => `${r.kind}|${r.identifier}`));
    const subjectOf = (number: number, party?: number) => {
      const ref = refKey.get(party === undefined ? String(number) : `${number}.${party}`)!;
      const id = ids.get(ref);
      if (!id) throw new BatchProblem(number, "subject", `the subject ${ref.split("|")[0]} is neither in the batch before this line nor in the register`);
      return id;
    };
    const because = { actor: `exchange:${partner}`, reason: `数据交换批次 ${batchId}`, cause: `exchange:${batchId}` };

    const entries = chunk.flatMap((c) => (c.line.kind === "listEntry" ? [{ line: c.line, subjectId: subjectOf(c.number) }] : []));
    if (entries.length > 0) {
      const existing = new Map((await entriesBySource(tx, partner, entries.map((e) => e.line.id))).map((r) => [r.sourceId!, r]));
      const fields = (e: LineOf<"listEntry">) => ({
        list: e.list, reasonCode: e.reason, reasonText: e.reasonText, authority: e.authority, effectiveFrom: e.effectiveFrom, effectiveUntil: e.effectiveUntil, status: e.status,
      });
      const { fresh, changed } = freshAndChanged(entries, (e) => e.line.id, existing, (e) => fields(e.line));
      const inserted = await insertEntries(tx, fresh.map((e) => ({ subjectId: e.subjectId, ...fields(e.line), source: partner, sourceId: e.line.id })));
      await updateEntries(tx, changed.map(({ row, next }) => ({ id: row.id, ...next })));
      await exchanged(tx, "ENTRY", [
        ...inserted.map((r) => ({ id: r.id, from: null, to: r.status, before: null })),
        ...changed.filter((c) => c.row.status !== c.next.status).map((c) => ({ id: c.row.id, from: c.row.status, to: c.next.status, before: JSON.stringify(c.row) })),
      ], because);
    }

    const records = chunk.flatMap((c) => (c.line.kind === "record" ? [{ line: c.line, subjectId: subjectOf(c.number), number: c.number }] : []));
    if (records.length > 0) {
      const key = (r: { sourceSystem: string; decisionNumber: string }) => `${r.sourceSystem}|${r.decisionNumber}`;
      const existing = new Map((await recordsByDecision(tx, records.map((r) => r.line))).map((r) => [key(r), r]));
      const fields = (r: LineOf<"record">) => ({
        category: r.category, content: r.content, decisionDate: r.decisionDate, authority: r.authority, severity: r.severity, status: r.status,
        publicationEnds: r.publicationEnds, violation: r.violation,
      });
      for (const r of records) {
        const row = existing.get(key(r.line));
        // A record of our own register is never overwritten by a copy of it coming back.
        if (row && row.source !== partner) throw new BatchProblem(r.number, "duplicate", `record ${key(r.line)} is the register's own`);
      }
      const { fresh, changed } = freshAndChanged(records, (r) => key(r.line), existing, (r) => fields(r.line));
      const inserted = await insertRecords(tx, fresh.map((r) => ({
        subjectId: r.subjectId, sourceSystem: r.line.sourceSystem, decisionNumber: r.line.decisionNumber, ...fields(r.line),
        publishedAt: r.line.publishedAt ? new Date(r.line.publishedAt) : null, source: partner,
      })));
      await updateRecords(tx, changed.map(({ row, next }) => ({ id: row.id, ...next })));
      await exchanged(tx, "RECORD", [
        ...inserted.map((r) => ({ id: r.id, from: null, to: r.status, before: null })),
        ...changed.filter((c) => c.row.status !== c.next.status).map((c) => ({ id: c.row.id, from: c.row.status, to: c.next.status, before: JSON.stringify(c.row) })),
      ], because);
      // What the listing rules count: each record's subjects by role; then the rules, as on intake, in this transaction.
      const idOf = new Map([...inserted, ...changed.map((c) => c.row)].map((r) => [key(r), r.id]));
      const written = dedupe(records.filter((r) => idOf.has(key(r.line))), (r) => key(r.line));
      const parties = written.flatMap((r) => [
        { recordId: idOf.get(key(r.line))!, subjectId: r.subjectId, role: subjectRole(r.line.subject.kind), isSubject: true },
        ...r.line.parties.map((party, i) => ({ recordId: idOf.get(key(r.line))!, subjectId: subjectOf(r.number, i), role: party.role, isSubject: false })),
      ]);
      await this.rules.recordParties(tx, written.map((r) => idOf.get(key(r.line))!), parties);
      await followExchangedRecords(tx, changed.map((c) => ({ id: c.row.id, status: c.next.status })), because);
      await this.rules.apply(tx, parties.map((p) => p.subjectId), because);
    }

    // Repairs: the partner's entry or record (one it sent) ends as REPAIRED, or comes back when the repair is reversed.
    const repairs = chunk.flatMap((c) => (c.line.kind === "repair" ? [c.line] : []));
    if (repairs.length > 0) {
      const reasonOf = (r: LineOf<"repair">) => `${r.status === "APPROVED" ? "信用修复" : "撤销信用修复"}：${r.decisionReason ?? r.reason}（${because.reason}）`;
      const entryTargets = repairs.flatMap((r) => (r.target.kind === "listEntry" ? [{ r, id: r.target.id }] : []));
      const recordTargets = repairs.flatMap((r) => (r.target.kind === "record" ? [{ r, key: r.target }] : []));
      const entryRows = new Map((await entriesBySource(tx, partner, entryTargets.map((t) => t.id))).map((e) => [e.sourceId!, e]));
      const recordKey = (k: { sourceSystem: string; decisionNumber: string }) => `${k.sourceSystem}|${k.decisionNumber}`;
      const recordRows = new Map((await recordsByDecision(tx, recordTargets.map((t) => t.key))).filter((r) => r.source === partner).map((r) => [recordKey(r), r]));
      const entryMoves = entryTargets.flatMap(({ r, id }) => {
        const row = entryRows.get(id);
        const to = r.status === "APPROVED" ? "REPAIRED" : "ACTIVE";
        return row && row.status !== to && (r.status === "APPROVED" ? row.status === "ACTIVE" : row.status === "REPAIRED") ? [{ row, to, reason: reasonOf(r) }] : [];
      });
      const recordMoves = recordTargets.flatMap(({ r, key }) => {
        const row = recordRows.get(recordKey(key));
        const to = r.status === "APPROVED" ? "REPAIRED" : "PUBLISHED";
        return row && row.status !== to && (r.status === "APPROVED" ? isInForce("RECORD", row.status) : row.status === "REPAIRED") ? [{ row, to, reason: reasonOf(r) }] : [];
      });
      await updateEntries(tx, entryMoves.map(({ row, to }) => ({ ...row, status: to as EntryRow["status"] })));
      await updateRecords(tx, recordMoves.map(({ row, to }) => ({ ...row, status: to as RecordRow["status"] })));
      await exchanged(tx, "ENTRY", entryMoves.map((m) => ({ id: m.row.id, from: m.row.status, to: m.to as EntryRow["status"], before: JSON.stringify(m.row), reason: m.reason })), because);
      await exchanged(tx, "RECORD", recordMoves.map((m) => ({ id: m.row.id, from: m.row.status, to: m.to as RecordRow["status"], before: JSON.stringify(m.row), reason: m.reason })), because);
      await followExchangedRecords(tx, recordMoves.map((m) => ({ id: m.row.id, status: m.to as RecordRow["status"] })), because);
      await this.rules.apply(tx, recordMoves.map((m) => m.row.subjectId), because);
    }

    const commitments = chunk.flatMap((c) => (c.line.kind === "commitment" ? [{ line: c.line, subjectId: subjectOf(c.number) }] : []));
    if (commitments.length > 0) {
      const existing = new Map((await commitmentsBySource(tx, partner, commitments.map((c) => c.line.id))).map((r) => [r.sourceId!, r]));
      const fields = (c: LineOf<"commitment">) => ({
        kind: c.commitmentKind, matter: c.matter, content: c.content, signedAt: new Date(c.signedAt), validUntil: c.validUntil, status: c.status,
      });
      // The signing time compared as an instant, the rest as stored.
      const same = (row: CommitmentRow, next: ReturnType<typeof fields>) =>
        sameFields({ ...row, signedAt: row.signedAt.getTime() }, { ...next, signedAt: next.signedAt.getTime() });
      const { fresh, changed } = freshAndChanged(commitments, (c) => c.line.id, existing, (c) => fields(c.line), same);
      const inserted = await insertCommitments(tx, fresh.map((c) => ({ subjectId: c.subjectId, ...fields(c.line), source: partner, sourceId: c.line.id })));
      await updateCommitments(tx, changed.map(({ row, next }) => ({ id: row.id, ...next })));
      await exchanged(tx, "COMMITMENT", [
        ...inserted.map((r) => ({ id: r.id, from: null, to: r.status as StatusOf<"COMMITMENT">, before: null })),
        ...changed.filter((c) => c.row.status !== c.next.status)
          .map((c) => ({ id: c.row.id, from: c.row.status as StatusOf<"COMMITMENT">, to: c.next.status, before: JSON.stringify(c.row) })),
      ], because);
    }

    const evaluations = chunk.flatMap((c) => (c.line.kind === "evaluation" ? [{ line: c.line, subjectId: subjectOf(c.number) }] : []));
    await upsertEvaluations(tx, dedupe(evaluations, (e) => `${e.subjectId}|${e.line.sector}|${e.line.year}`).map((e) => ({
      subjectId: e.subjectId, sector: e.line.sector, year: e.line.year, grade: e.line.grade, evaluator: e.line.evaluator,
      sourceSystem: `${IMPORTED_GRADE}${partner}`,
    })));
  }

  // ---- operators ----

  /** For /metrics. */
  gauges() {
    return batchGauges(this.ownDb);
  }

  async batch(id: string): Promise<BatchRow> {
    const batch = await findBatch(this.db, id);
    if (!batch) throw new AppError("NOT_FOUND", msg("exchange.notFound"));
    return batch;
  }

  async page(input: { partner?: Partner | null; status?: BatchStatus | null; first?: number | null; after?: string | null }) {
    const first = checkPageSize(input.first ?? 50, this.config.MAX_PAGE_SIZE);
    const after = decodeCursor(input.after, ["string", "uuid"] as const);
    const rows = await pageBatches(this.db, { partner: input.partner, status: input.status, first, after: after && { at: after[0], id: after[1] } });
    return toPage(rows, first, (r) => encodeCursor([r.at, r.id])) as Page<BatchRow>;
  }

  /**
   * Counts and hashes per kind of every acknowledged batch against what the partner acknowledged
   * having taken in: a difference names the batch and the kind.
   */
  async reconcile(partner: Partner) {
    const batches = await acknowledgedExports(this.db, partner);
    const ours = Object.fromEntries(EXCHANGE_KINDS.map((k) => [k, 0])) as KindCounts;
    const theirs = Object.fromEntries(EXCHANGE_KINDS.map((k) => [k, 0])) as KindCounts;
    const differences: { batchId: string; kind: string; ours: number; theirs: number | null; ourHash: string; theirHash: string | null }[] = [];
    let unconfirmed = 0;
    for (const b of batches) {
      const counts = JSON.parse(b.counts) as KindCounts;
      const hashes = JSON.parse(b.kindHashes) as KindHashes;
      const partnerCounts = b.partnerCounts ? (JSON.parse(b.partnerCounts) as KindCounts) : null;
      const partnerHashes = b.partnerHashes ? (JSON.parse(b.partnerHashes) as KindHashes) : null;
      if (!partnerCounts) unconfirmed++;
      for (const kind of EXCHANGE_KINDS) {
        ours[kind] += counts[kind] ?? 0;
        theirs[kind] += partnerCounts?.[kind] ?? 0;
        // A kind the partner does not know (an older platform) is one it has none of, and no hash for.
        const theirHash = partnerHashes?.[kind];
        if (partnerCounts && ((partnerCounts[kind] ?? 0) !== (counts[kind] ?? 0) || (theirHash !== undefined && theirHash !== hashes[kind]))) {
          differences.push({ batchId: b.id, kind, ours: counts[kind], theirs: partnerCounts[kind] ?? null, ourHash: hashes[kind], theirHash: partnerHashes?.[kind] ?? null });
        }
      }
    }
    return {
      partner, batches: batches.length, unconfirmed, differences, agreed: differences.length === 0,
      kinds: EXCHANGE_KINDS.map((kind) => ({ kind, ours: ours[kind], theirs: theirs[kind] })),
    };
  }
}

/** ADMIN for every partner; a PARTNER key for the partner it is named after. */
export function mayActFor(principal: Principal, partner: Partner): boolean {
  return principal.role === "ADMIN" || (principal.role === "PARTNER" && principal.name === partner);
}

/** The partner a PARTNER key speaks for (its name), or null. */
export function partnerOfKey(principal: Principal): Partner | null {
  return principal.role === "PARTNER" && (PARTNERS as readonly string[]).includes(principal.name ?? "") ? (principal.name as Partner) : null;
}

/** Whether a stored row already holds every field a line would write. */
function sameFields<N extends object>(row: object, next: N): boolean {
  return (Object.keys(next) as (keyof N)[]).every((k) => (row as N)[k] === next[k]);
}

/**
 * A chunk's lines against the rows already stored under their keys: the new ones and the stored
 * ones a line changes, each key once (its last line).
 */
function freshAndChanged<I, R extends object, N extends object>(
  items: I[], keyOf: (item: I) => string, existing: Map<string, R>, fields: (item: I) => N, same: (row: R, next: N) => boolean = sameFields,
): { fresh: I[]; changed: { row: R; next: N }[] } {
  const unique = dedupe(items, keyOf);
  return {
    fresh: unique.filter((i) => !existing.has(keyOf(i))),
    changed: unique.flatMap((i) => {
      const row = existing.get(keyOf(i));
      const next = fields(i);
      return row && !same(row, next) ? [{ row, next }] : [];
    }),
  };
}

function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(key(item), item);
  return [...seen.values()];
}
