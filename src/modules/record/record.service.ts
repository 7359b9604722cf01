// 双公示 intake and oversight: records from source systems get their publication deadline
// (7 working days after the decision), their publication period, and are published at once;
// re-sending the same (source system, decision number) changes nothing twice.
import { historyRegion } from "../../auth/policy.js";
import type { Database } from "../../db/client.js";
import { AppError, IdentifierError } from "../../shared/errors.js";
import { type Message, msg } from "../../shared/i18n/index.js";
import { parseIdentifier, regionOfResidentId, regionOfUscc } from "../../shared/identifiers.js";
import { checkPageSize, decodeCursor, encodeCursor, toPage } from "../../shared/pagination.js";
import type { Protector } from "../../shared/protect.js";
import { checkRegion, regionOfPlate } from "../../shared/regions.js";
import { isUuid } from "../../shared/ids.js";
import type { CalendarService } from "../calendar/calendar.service.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import { move } from "../register/register.service.js";
import { initialStatus } from "../register/register.states.js";
import { type RuleAct, type RulesService, subjectRole } from "../rules/rules.service.js";
import type { Reader, SubjectRefInput, SubjectService } from "../subject/subject.service.js";
import { isoDay, publicationDates } from "./periods.js";
import { type CreditRecordRow, findRecord, insertRecords, type NewRecord, pageOverdue, recordsByKeys } from "./record.store.js";

/** The kinds of administrative decision a record is (行政许可, 行政处罚, 行政强制, …). */
export const CATEGORIES = ["LICENSING", "PENALTY", "ENFORCEMENT", "CONFIRMATION", "LEVY", "PAYMENT", "ADJUDICATION", "COMPENSATION", "REWARD", "INSPECTION"] as const;
export type Category = (typeof CATEGORIES)[number];
const MAX_BATCH = 1000;

export interface RecordInput {
  sourceSystem: string;
  decisionNumber: string;
  category: string;
  subject: SubjectRefInput;
  subjectName: string;
  region?: string | null;
  content: string;
  legalBasis?: string | null;
  /** YYYY-MM-DD, or the Date the GraphQL Date scalar parses it to. */
  decisionDate: string | Date;
  authority: string;
  severity?: string | null;
  field?: string | null;
  fineAmount?: number | null;
  /** A code of the violation catalogue. */
  violation?: string | null;
  /** The other subjects the decision concerns, each in its role. */
  parties?: { role: PartyRole; subject: SubjectRefInput; subjectName: string }[] | null;
}

type PartyRole = "VEHICLE" | "DRIVER" | "OPERATOR" | "CARGO_SOURCE";
const PARTY_ROLES: readonly string[] = ["VEHICLE", "DRIVER", "OPERATOR", "CARGO_SOURCE"];
const MAX_PARTIES = 20;

export interface SubmitResult { created: number; updated: number; unchanged: number; records: CreditRecordRow[]; acts: RuleAct[] }

const bad = (index: number, message: Message) => new AppError("BAD_USER_INPUT", msg("error.recordIndex", { index: index + 1, message }), { index });
const required = (index: number, name: string, value: string | null | undefined, max = 2000) => {
  const v = value?.trim() ?? "";
  if (!v || v.length > max) throw bad(index, msg("error.length", { field: name, max }));
  return v;
};

/** Fields whose change is a new version of the record; anything else re-sent changes nothing. */
const COMPARED = ["category", "content", "legalBasis", "decisionDate", "authority", "severity", "field", "fineAmount", "subjectId", "violation"] as const;

export class RecordService {
  constructor(
    private readonly db: Database, private readonly protector: Protector, private readonly calendar: CalendarService, private readonly maxPageSize: number,
    private readonly subjects: SubjectService, private readonly catalogue: CatalogueService, private readonly rules: RulesService,
  ) {}

  /** A record by id, or null (also for what is not an id); in the caller's transaction `db`. */
  find(id: string, db: Database = this.db): Promise<CreditRecordRow | null> {
    return isUuid(id) ? findRecord(db, id) : Promise.resolve(null);
  }

  async submit(inputs: RecordInput[], reader: Reader): Promise<SubmitResult> {
    if (inputs.length === 0) throw new AppError("BAD_USER_INPUT", msg("input.noRecords"));
    if (inputs.length > MAX_BATCH) throw new AppError("LIMIT_EXCEEDED", msg("input.tooManyRecords", { max: MAX_BATCH, count: inputs.length }));
    const rules = { calendar: await this.calendar.load(), periods: await this.catalogue.periods() };
    const violations = inputs.some((input) => input.violation) ? await this.rules.violationCodes() : new Set<string>();
    const now = new Date();

    const prepared = inputs.map((input, i) => {
      const identifier = withIndex(i, () => parseIdentifier(input.subject.kind, input.subject.identifier, { plateColor: input.subject.plateColor }));
      const category = input.category?.trim().toUpperCase();
      if (!(CATEGORIES as readonly string[]).includes(category)) throw bad(i, msg("input.category", { categories: CATEGORIES.join(", ") }));
      const severity = (input.severity ?? "ORDINARY").trim().toUpperCase();
      if (severity !== "ORDINARY" && severity !== "SERIOUS") throw bad(i, msg("input.severity"));
      const decisionDate = isoDay(input.decisionDate);
      if (decisionDate > reader.today) throw bad(i, msg("input.decisionDate", { date: decisionDate }));
      if (input.fineAmount != null && !(input.fineAmount >= 0)) throw bad(i, msg("input.fineNegative"));
      if (input.fineAmount != null && input.fineAmount >= 1e12) throw bad(i, msg("input.fineTooLarge"));
      const region = checkRegion(input.region) ?? regionFromIdentifier(input.subject.kind, identifier);
      if (!region || region.length !== 6) throw bad(i, msg("input.regionNeeded"));
      const field = input.field?.trim() || null;
      const violation = input.violation?.trim() || null;
      if (violation && !violations.has(violation)) throw bad(i, msg("rules.unknownViolation", { code: violation }));
      if ((input.parties?.length ?? 0) > MAX_PARTIES) throw bad(i, msg("error.atMost", { field: "parties", max: MAX_PARTIES }));
      const parties = (input.parties ?? []).map((party) => {
        if (!PARTY_ROLES.includes(party.role)) throw bad(i, msg("rules.partyRole"));
        const id = withIndex(i, () => parseIdentifier(party.subject.kind, party.subject.identifier, { plateColor: party.subject.plateColor }));
        const partyRegion = regionFromIdentifier(party.subject.kind, id) ?? region;
        return { role: party.role, subject: this.newSubject(party.subject.kind, id, required(i, "parties.subjectName", party.subjectName, 200), partyRegion) };
      });
      return {
        subject: this.newSubject(input.subject.kind, identifier, required(i, "subjectName", input.subjectName, 200), region),
        parties,
        record: {
          sourceSystem: required(i, "sourceSystem", input.sourceSystem, 100), decisionNumber: required(i, "decisionNumber", input.decisionNumber, 200),
          category, content: required(i, "content", input.content), legalBasis: input.legalBasis?.trim() || null, decisionDate,
          authority: required(i, "authority", input.authority, 200), severity: severity as "ORDINARY" | "SERIOUS", field,
          fineAmount: input.fineAmount == null ? null : input.fineAmount.toFixed(2), violation,
          ...publicationDates(rules, { category, severity, field, decisionDate }),
        },
      };
    });
    const duplicate = firstDuplicate(prepared.map((p) => `${p.record.sourceSystem}|${p.record.decisionNumber}`));
    if (duplicate !== null) throw bad(duplicate, msg("input.duplicate"));

    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Database;
      const ids = await this.subjects.ensure(prepared.flatMap((p) => [p.subject, ...p.parties.map((party) => party.subject)]), db);
      const idOf = (s: { kind: string; identifier: string }) => ids.get(`${s.kind}|${s.identifier}`)!;
      const keyOf = (r: { sourceSystem: string; decisionNumber: string }) => `${r.sourceSystem}|${r.decisionNumber}`;
      const rows = prepared.map((p): NewRecord => ({ ...p.record, subjectId: ids.get(`${p.subject.kind}|${p.subject.identifier}`)! }));
      const existing = new Map((await recordsByKeys(db, rows)).map((r) => [keyOf(r), r]));
      // New keys are inserted; a key a concurrent intake of the same batch took in meanwhile is
      // skipped here (ON CONFLICT DO NOTHING) and compared below like any re-sent record.
      const created = new Map((await insertRecords(db, rows.filter((r) => !existing.has(keyOf(r))).map((r) => ({ ...r, publishedAt: now, status: initialStatus("RECORD", "SUBMITTED") }))))
        .map((r) => [keyOf(r), r]));
      const raced = rows.filter((r) => !existing.has(keyOf(r)) && !created.has(keyOf(r)));
      for (const r of await recordsByKeys(db, raced)) existing.set(keyOf(r), r);
      const records: CreditRecordRow[] = [];
      let updated = 0;
      let unchanged = 0;
      const unchangedKeys = new Set<string>();
      for (const row of rows) {
        const fresh = created.get(keyOf(row));
        if (fresh) { records.push(fresh); continue; }
        const old = existing.get(keyOf(row))!;
        if (COMPARED.every((k) => String(old[k] ?? "") === String(row[k] ?? ""))) { unchanged++; unchangedKeys.add(keyOf(row)); records.push(old); continue; }
        updated++;
        records.push(await move(db, "RECORD", old, "RESENT", {
          actor: reader.principal.id, reason: "re-sent by its source system with new content", cause: `intake:${row.sourceSystem}`, values: row,
        }));
      }
      // New and changed records: their parties, then the listing rules for every subject they concern.
      const changed = new Map(records.map((r, i) => [r, prepared[i]!] as const).filter(([r, p]) => created.has(keyOf(r)) || !unchangedKeys.has(keyOf(p.record))));
      const parties = [...changed].flatMap(([record, p]) => [
        { recordId: record.id, subjectId: record.subjectId, role: subjectRole(p.subject.kind), isSubject: true },
        ...p.parties.map((party) => ({ recordId: record.id, subjectId: idOf(party.subject), role: party.role, isSubject: false })),
      ]);
      await this.rules.recordParties(db, [...changed.keys()].filter((r) => !created.has(keyOf(r))).map((r) => r.id), parties);
      const acts = await this.rules.apply(db, [...new Set(parties.map((p) => p.subjectId))], {
        actor: reader.principal.id, reason: "listing rules on intake", cause: `intake:${prepared[0]!.record.sourceSystem}`,
      });
      return { created: created.size, updated, unchanged, records, acts };
    });
  }

  private newSubject(kind: SubjectRefInput["kind"], identifier: string, name: string, region: string) {
    const key = kind === "PERSON" ? this.protector.lookupKey(identifier) : identifier;
    return { kind, identifier: key, identifierSealed: kind === "PERSON" ? this.protector.seal(identifier) : null, name, region };
  }

  async overdue(input: { authority?: string | null; region?: string | null; first?: number | null; after?: string | null }, reader: Reader) {
    const regionPrefix = historyRegion(reader.principal);
    if (regionPrefix === null) throw new AppError("FORBIDDEN", msg("forbidden.unpublished"));
    const first = checkPageSize(input.first ?? 50, this.maxPageSize);
    const after = decodeCursor(input.after, ["string", "uuid"] as const, ([d]) => /^\d{4}-\d{2}-\d{2}$/.test(d as string));
    const rows = await pageOverdue(this.db, {
      today: reader.today, authority: input.authority?.trim() || null, region: checkRegion(input.region), regionPrefix, first,
      after: after && { date: after[0], id: after[1] },
    });
    return toPage(rows, first, (r) => encodeCursor([r.decisionDate, r.id]));
  }
}

/** The 6-digit division an identifier tells (USCC, resident ID, plate), or null (vessels). */
export function regionFromIdentifier(kind: string, identifier: string): string | null {
  if (kind === "ORGANIZATION") return regionOfUscc(identifier);
  if (kind === "PERSON") return regionOfResidentId(identifier);
  if (kind === "VEHICLE") return regionOfPlate(identifier);
  return null;
}

/** An invalid identifier says which record of the batch it is. */
function withIndex<T>(index: number, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof IdentifierError) throw new IdentifierError(error.rule, msg("error.recordIndex", { index: index + 1, message: error.text }));
    throw error;
  }
}

function firstDuplicate(keys: string[]): number | null {
  const seen = new Set<string>();
  for (const [i, k] of keys.entries()) {
    if (seen.has(k)) return i;
    seen.add(k);
  }
  return null;
}
