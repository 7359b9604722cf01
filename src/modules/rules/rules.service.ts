// Rules that act on what comes in (issue 12). The violation catalogue and the listing rules are
// data; `apply` runs the rules for the subjects a change concerns, inside the transaction of that
// change (intake, an upheld objection, a repair): per-subject advisory locks so racing intakes
// make one entry, a constant number of statements whatever the batch, entries brought in through
// the register's table with their basis records and the rule that made them. Entries end with
// their basis records (the register's FOLLOWS: a revoked or repaired record ends what stands on it).
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { AppError } from "../../shared/errors.js";
import { type Message, msg } from "../../shared/i18n/index.js";
import { type Because, enterAll } from "../register/register.service.js";
import { initialStatus } from "../register/register.states.js";
import { countListing, type FleetFact, fleetListing, type Listing } from "./listing.rules.js";
import type { PartyRoleName } from "./rules.defaults.js";
import { WarningsService } from "./warnings.service.js";
import {
  ensureRuleDefaults, type EntryRow, fleetRows, insertEntries, type ListRuleRow, listRules, listViolations, lockSubjects, partyFacts,
  replaceParties, ruleEntriesOf, subjectsOfRecords, upsertRule, upsertViolation, type NewParty,
} from "./rules.store.js";

/** Who an automatic entry names as its authority: the credit office, acting by its published rules. */
export const RULE_AUTHORITY = "云南省交通运输厅（按列入名单规则认定）";

/** What a rule did, for the audit event of the change that made it act. */
export interface RuleAct { action: "LISTED"; rule: string; entryId: string; subjectId: string; basis: string[] }

export interface ListRuleInput {
  code: string; violation: string; role?: PartyRoleName | null; kind: "COUNT" | "FLEET_SHARE"; threshold: number; windowDays: number;
  list: "RED" | "BLACK" | "WATCH"; reason: string; entryMonths?: number | null; basis: string; active?: boolean | null;
}

const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;
const bad = (message: Message) => new AppError("BAD_USER_INPUT", message);
const text = (name: string, value: string | null | undefined, max: number) => {
  const v = value?.trim() ?? "";
  if (!v || v.length > max) throw bad(msg("error.length", { field: name, max }));
  return v;
};

/** The role the record's own subject plays, by its kind (a vessel plays none of the four). */
export function subjectRole(kind: string): PartyRoleName | null {
  return kind === "VEHICLE" ? "VEHICLE" : kind === "PERSON" ? "DRIVER" : kind === "ORGANIZATION" ? "OPERATOR" : null;
}

export class RulesService {
  /** The early-warning feed, one step before what these rules do. */
  readonly warnings: WarningsService;

  constructor(private readonly db: Database, maxPageSize: number) {
    this.warnings = new WarningsService(db, maxPageSize);
  }

  ensureDefaults(): Promise<void> {
    return ensureRuleDefaults(this.db);
  }

  violations(db: Database = this.db) {
    return listViolations(db);
  }

  /** The codes a record may name; unknown codes are refused at intake. */
  async violationCodes(db: Database = this.db): Promise<Set<string>> {
    return new Set((await listViolations(db)).map((v) => v.code));
  }

  setViolation(input: { code: string; name: string; legalBasis: string }) {
    const code = input.code.trim();
    if (!CODE.test(code)) throw bad(msg("rules.code"));
    return upsertViolation(this.db, { code, name: text("name", input.name, 500), legalBasis: text("legalBasis", input.legalBasis, 2000) });
  }

  listRules() {
    return listRules(this.db);
  }

  async setListRule(input: ListRuleInput): Promise<ListRuleRow> {
    const code = input.code.trim();
    const reasonCode = input.reason.trim();
    if (!CODE.test(code) || !CODE.test(reasonCode)) throw bad(msg("rules.code"));
    if (!(await this.violationCodes()).has(input.violation)) throw bad(msg("rules.unknownViolation", { code: input.violation }));
    if (!Number.isInteger(input.threshold) || input.threshold < 0 || (input.kind === "FLEET_SHARE" && input.threshold > 100)) throw bad(msg("rules.threshold"));
    if (!Number.isInteger(input.windowDays) || input.windowDays < 1 || input.windowDays > 3660) throw bad(msg("rules.window"));
    if (input.entryMonths != null && (!Number.isInteger(input.entryMonths) || input.entryMonths < 1 || input.entryMonths > 120)) throw bad(msg("input.months"));
    if (input.kind === "FLEET_SHARE" && input.role !== "OPERATOR") throw bad(msg("rules.fleetRole"));
    return upsertRule(this.db, {
      code, violation: input.violation, role: input.role ?? null, kind: input.kind, threshold: input.threshold, windowDays: input.windowDays,
      list: input.list, reasonCode, entryMonths: input.entryMonths ?? null, basis: text("basis", input.basis, 2000), active: input.active ?? true,
    });
  }

  /** Intake: the parties of records taken in or re-sent (replacing what a re-sent record had). In the caller's transaction. */
  recordParties(db: Database, recordIds: readonly string[], parties: NewParty[]): Promise<void> {
    return replaceParties(db, recordIds, parties);
  }

  /** After records changed state (objection, repair): the rules, for every subject the records concern. */
  async reconsiderRecords(db: Database, recordIds: readonly string[], because: Because): Promise<RuleAct[]> {
    return this.apply(db, await subjectsOfRecords(db, recordIds), because);
  }

  /**
   * Runs the active rules for these subjects in the caller's transaction; returns what they did.
   * Statements: locks, rules, facts, fleets, earlier entries, and (when any) the new entries and
   * their history — the same few for one subject or a thousand.
   */
  async apply(db: Database, subjectIds: readonly string[], because: Because): Promise<RuleAct[]> {
    const ids = [...new Set(subjectIds)].sort();
    if (ids.length === 0) return [];
    await lockSubjects(db, ids);
    const rules = await listRules(db, { activeOnly: true });
    if (rules.length === 0) return [];
    const facts = await partyFacts(db, ids, [...new Set(rules.map((r) => r.violation))]);
    const fleet = rules.some((r) => r.kind === "FLEET_SHARE") ? await fleetRows(db, ids) : [];
    const earlier = await ruleEntriesOf(db, ids);

    const wanted: { rule: ListRuleRow; subjectId: string; listing: Listing }[] = [];
    for (const rule of rules) {
      for (const subjectId of ids) {
        const prior = earlier.filter((e) => e.subjectId === subjectId && e.rule === rule.code);
        if (prior.some((e) => e.status === "ACTIVE")) continue;
        // After an entry that ran its course (expired, repaired), only newer decisions count again.
        const since = prior.filter((e) => e.status !== "REVOKED").map((e) => e.effectiveFrom).sort().at(-1) ?? "";
        const listing = rule.kind === "COUNT"
          ? countListing(countFacts(facts, rule, subjectId).filter((f) => f.date > since), rule)
          : fleetOf(fleet, rule, subjectId, since);
        if (!listing) continue;
        // An entry revoked on the same records (an objection to the entry itself) is not made again.
        const same = (e: EntryRow) => e.basisRecordIds.length === listing.basis.length && listing.basis.every((id) => e.basisRecordIds.includes(id));
        if (prior.some((e) => e.status === "REVOKED" && same(e))) continue;
        wanted.push({ rule, subjectId, listing });
      }
    }
    if (wanted.length === 0) return [];
    const entries = await insertEntries(db, wanted.map(({ rule, subjectId, listing }) => ({
      subjectId, list: rule.list, reasonCode: rule.reasonCode, reasonText: rule.basis, basisRecordIds: listing.basis, authority: RULE_AUTHORITY,
      effectiveFrom: listing.effectiveFrom, rule: rule.code, status: initialStatus("ENTRY", "ENTRY_ADDED"),
      effectiveUntil: rule.entryMonths == null ? null
        : sql`((${listing.effectiveFrom}::date + make_interval(months => ${rule.entryMonths}::int))::date - 1)` as unknown as string,
    })));
    await enterAll(db, "ENTRY", entries.map((row, i) => ({
      row, because: { actor: `rule:${wanted[i]!.rule.code}`, reason: wanted[i]!.rule.basis, cause: because.cause },
    })), "ENTRY_ADDED");
    return entries.map((e, i) => ({ action: "LISTED", rule: wanted[i]!.rule.code, entryId: e.id, subjectId: e.subjectId, basis: wanted[i]!.listing.basis }));
  }
}

/** The records of a rule's violation that concern `subjectId` in the rule's role (null: as the record's own subject). */
function countFacts(facts: Awaited<ReturnType<typeof partyFacts>>, rule: ListRuleRow, subjectId: string) {
  const seen = new Set<string>();
  return facts.filter((f) => {
    if (f.subjectId !== subjectId || f.violation !== rule.violation) return false;
    if (rule.role ? f.role !== rule.role : !f.isSubject) return false;
    if (seen.has(f.recordId)) return false;
    seen.add(f.recordId);
    return true;
  }).map((f) => ({ recordId: f.recordId, date: f.date }));
}

/** FLEET_SHARE for one operator: its fleet is every vehicle a record names beside it as OPERATOR. */
function fleetOf(rows: Awaited<ReturnType<typeof fleetRows>>, rule: ListRuleRow, operatorId: string, since: string): Listing | null {
  const mine = rows.filter((r) => r.operatorId === operatorId);
  const fleetSize = new Set(mine.map((r) => r.vehicleId)).size;
  const seen = new Set<string>();
  const facts: FleetFact[] = [];
  for (const r of mine) {
    if (r.violation !== rule.violation || !r.inForce || r.date <= since || seen.has(`${r.recordId}|${r.vehicleId}`)) continue;
    seen.add(`${r.recordId}|${r.vehicleId}`);
    facts.push({ recordId: r.recordId, date: r.date, vehicleId: r.vehicleId });
  }
  const listing = fleetListing(facts, fleetSize, rule);
  return listing && { ...listing, basis: [...new Set(listing.basis)] };
}
