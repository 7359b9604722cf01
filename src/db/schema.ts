// The drizzle schema of the credit register. Migrations in drizzle/ are generated from this file
// (`npm run generate`); never edit them by hand.
import { sql } from "drizzle-orm";
import {
  bigint, boolean, check, date, index, integer, jsonb, numeric, pgEnum, pgSequence, pgTable, text, timestamp, uniqueIndex, uuid,
} from "drizzle-orm/pg-core";

export const subjectKind = pgEnum("subject_kind", ["ORGANIZATION", "PERSON", "VEHICLE", "VESSEL"]);
export const listType = pgEnum("list_type", ["RED", "BLACK", "WATCH"]);
export const listEntryStatus = pgEnum("list_entry_status", ["ACTIVE", "EXPIRED", "REPAIRED", "REVOKED"]);
export const recordStatus = pgEnum("record_status", [
  "PUBLISHED", "UNDER_OBJECTION", "CORRECTED", "REVOKED", "REPAIRED", "EXPIRED",
]);
export const severity = pgEnum("severity", ["ORDINARY", "SERIOUS"]);
export const scenario = pgEnum("scenario", [
  "LICENSING", "ENFORCEMENT", "ROAD_TRANSPORT", "WATER_TRANSPORT", "PROCUREMENT", "BIDDING", "SUBSIDY", "HIRING",
]);
export const measureEffect = pgEnum("measure_effect", ["PROHIBIT", "RESTRICT", "INTENSIFY", "FAST_TRACK"]);

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

/** 主体: an organization, person, vehicle or vessel that credit information is about. */
export const subject = pgTable("subject", {
  id: uuid("id").primaryKey().defaultRandom(),
  kind: subjectKind("kind").notNull(),
  /**
   * Canonical form (see shared/identifiers); unique per kind. For a PERSON it is the keyed hash
   * of the ID number (lookup without storing it), and the number itself is in identifierSealed.
   */
  identifier: text("identifier").notNull(),
  /** A person's ID number, AES-256-GCM sealed (auth/protected-data). */
  identifierSealed: text("identifier_sealed"),
  name: text("name").notNull(),
  /** 6-digit administrative division code. */
  region: text("region").notNull(),
  sectors: text("sectors").array().notNull().default(sql`'{}'::text[]`),
  plateColor: text("plate_color"),
  // Protected attributes, each AES-256-GCM sealed: a dump of the table does not reveal them.
  legalRepresentative: text("legal_representative"),
  phone: text("phone"),
  address: text("address"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex("subject_kind_identifier_key").on(t.kind, t.identifier),
  index("subject_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
  index("subject_region_idx").using("btree", sql`${t.region} text_pattern_ops`),
]);

/** 信用记录: one administrative fact (licensing, penalty, …) about a subject. */
export const creditRecord = pgTable("credit_record", {
  id: uuid("id").primaryKey().defaultRandom(),
  subjectId: uuid("subject_id").notNull().references(() => subject.id),
  category: text("category").notNull(),
  decisionNumber: text("decision_number").notNull(),
  content: text("content").notNull(),
  legalBasis: text("legal_basis"),
  decisionDate: date("decision_date").notNull(),
  authority: text("authority").notNull(),
  sourceSystem: text("source_system").notNull(),
  severity: severity("severity").notNull().default("ORDINARY"),
  field: text("field"),
  fineAmount: numeric("fine_amount", { precision: 14, scale: 2 }),
  publishDeadline: date("publish_deadline"),
  publishedAt: timestamp("published_at", { withTimezone: true }),
  /** The end of the minimum publication period: repair is possible from this day on. */
  publicationMinEnds: date("publication_min_ends"),
  publicationEnds: date("publication_ends"),
  status: recordStatus("status").notNull().default("PUBLISHED"),
  /** The violation catalogue's code the decision is about (e.g. OVERLIMIT_TRANSPORT), if any. */
  violation: text("violation"),
  /** The partner platform an imported record came from (exchange); null for the register's own. */
  source: text("source"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex("credit_record_source_decision_key").on(t.sourceSystem, t.decisionNumber),
  index("credit_record_subject_idx").on(t.subjectId),
  // The public window's 双公示 feed: last published first, a page at a time.
  index("credit_record_published_idx").on(t.publishedAt, t.id),
]);

/** 红名单 / 黑名单 / 重点关注名单 entry. */
export const listEntry = pgTable("list_entry", {
  id: uuid("id").primaryKey().defaultRandom(),
  subjectId: uuid("subject_id").notNull().references(() => subject.id),
  list: listType("list").notNull(),
  reasonCode: text("reason_code").notNull(),
  reasonText: text("reason_text").notNull(),
  basisRecordIds: uuid("basis_record_ids").array().notNull().default(sql`'{}'::uuid[]`),
  authority: text("authority").notNull(),
  effectiveFrom: date("effective_from").notNull(),
  effectiveUntil: date("effective_until"),
  status: listEntryStatus("status").notNull().default("ACTIVE"),
  /** The listing rule that made the entry; null for the credit office's own entries. */
  rule: text("rule"),
  /** The partner platform an imported entry came from (exchange); null for the register's own. */
  source: text("source"),
  /** The entry's id on that platform: a re-sent entry updates the one it was. */
  sourceId: text("source_id"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  index("list_entry_subject_idx").on(t.subjectId),
  index("list_entry_changed_idx").on(t.updatedAt, t.id),
  uniqueIndex("list_entry_source_key").on(t.source, t.sourceId),
]);

/** 奖惩措施 catalogue: what an entry of a list makes others do in a scenario. */
export const measure = pgTable("measure", {
  id: uuid("id").primaryKey().defaultRandom(),
  list: listType("list").notNull(),
  /** A reason code, or "*" for every reason of the list. */
  reasonCode: text("reason_code").notNull().default("*"),
  scenario: scenario("scenario").notNull(),
  effect: measureEffect("effect").notNull(),
  legalBasis: text("legal_basis").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex("measure_list_reason_scenario_key").on(t.list, t.reasonCode, t.scenario)]);

/**
 * 分级分类监管: what a grade means for inspection. `rank` orders grades (higher is better; the
 * lowest rank is "the lowest grade"); grade "BLACKLIST" is the policy of a blacklisted subject.
 */
export const supervisionPolicy = pgTable("supervision_policy", {
  grade: text("grade").primaryKey(),
  rank: integer("rank").notNull(),
  level: text("level").notNull(),
  samplingMultiplier: numeric("sampling_multiplier", { precision: 6, scale: 3, mode: "number" }).notNull(),
  interviewsPerYear: integer("interviews_per_year").notNull(),
  trainingsPerYear: integer("trainings_per_year").notNull(),
  updatedAt: updatedAt(),
});

/** 信用评价: the yearly grade of a subject in a sector. */
export const evaluation = pgTable("evaluation", {
  id: uuid("id").primaryKey().defaultRandom(),
  subjectId: uuid("subject_id").notNull().references(() => subject.id),
  sector: text("sector").notNull(),
  year: integer("year").notNull(),
  grade: text("grade").notNull(),
  evaluator: text("evaluator").notNull(),
  /** The system that sent the grade: with subject, sector and year, the key a re-send is matched by. */
  sourceSystem: text("source_system").notNull().default("REGISTER"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex("evaluation_source_subject_sector_year_key").on(t.sourceSystem, t.subjectId, t.sector, t.year),
  // A subject's grades (every check, the subject page): the key above leads with the source system.
  index("evaluation_subject_idx").on(t.subjectId, t.sector, t.year),
  // The public window's grades feed: latest year first, a page at a time.
  index("evaluation_year_idx").on(t.year, t.id),
]);

/** 信用承诺: a signed promise by a subject; always public. */
export const commitment = pgTable("commitment", {
  id: uuid("id").primaryKey().defaultRandom(),
  subjectId: uuid("subject_id").notNull().references(() => subject.id),
  kind: text("kind").notNull(),
  matter: text("matter").notNull(),
  content: text("content").notNull(),
  signedAt: timestamp("signed_at", { withTimezone: true }).notNull(),
  validUntil: date("valid_until"),
  status: text("status").notNull().default("VALID"),
  /** The partner platform an imported commitment came from (exchange); null for the register's own. */
  source: text("source"),
  /** The commitment's id on that platform: a re-sent commitment updates the one it was. */
  sourceId: text("source_id"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  index("commitment_subject_idx").on(t.subjectId),
  // The exchange's feed of commitments changed since a batch.
  index("commitment_changed_idx").on(t.updatedAt, t.id),
  uniqueIndex("commitment_source_key").on(t.source, t.sourceId),
]);

/** API keys of SYSTEM and PROVIDER callers; only a hash of the key is kept. */
export const apiKey = pgTable("api_key", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  role: text("role").notNull(),
  keyHash: text("key_hash").notNull(),
  /** The key's first characters, to tell keys apart in listings. */
  prefix: text("prefix").notNull(),
  createdAt: createdAt(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
}, (t) => [uniqueIndex("api_key_hash_key").on(t.keyHash)]);

/** 授权: a subject's consent for one provider to read its credit report, with scopes and expiry. */
export const grant = pgTable("grant", {
  id: uuid("id").primaryKey().defaultRandom(),
  subjectId: uuid("subject_id").notNull().references(() => subject.id),
  providerKeyId: uuid("provider_key_id").notNull().references(() => apiKey.id),
  scopes: text("scopes").array().notNull(),
  purpose: text("purpose").notNull(),
  validUntil: timestamp("valid_until", { withTimezone: true }).notNull(),
  grantedBy: text("granted_by").notNull(),
  createdAt: createdAt(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  revokedBy: text("revoked_by"),
}, (t) => [index("grant_subject_idx").on(t.subjectId)]);

/**
 * The audit trail: one event per request that read subject data or wrote anything. Each event
 * stores the hash of the one before it, so a changed, removed or reordered row breaks the chain.
 */
export const auditEvent = pgTable("audit_event", {
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  at: timestamp("at", { withTimezone: true }).notNull(),
  requestId: text("request_id").notNull(),
  principal: text("principal").notNull(),
  role: text("role").notNull(),
  operation: text("operation").notNull(),
  purpose: text("purpose"),
  subjectIds: uuid("subject_ids").array().notNull(),
  protectedFields: text("protected_fields").array().notNull(),
  grantId: uuid("grant_id"),
  outcome: text("outcome").notNull(),
  /** Operation-specific JSON kept as written (e.g. a check's scenario, refs and decisions). */
  detail: text("detail"),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull(),
}, (t) => [index("audit_event_principal_idx").on(t.principal, t.seq), index("audit_event_at_idx").on(t.at)]);

/**
 * Numbers audit events: a sequence never hands out a number twice, so a deleted event's seq is
 * never reused. A rolled-back append leaves its numbers unused (a gap with intact links).
 */
export const auditEventSeq = pgSequence("audit_event_seq", { startWith: 1, minValue: 1 });

/**
 * The chain's head, one row: the seq and hash of the newest event, moved by the append function
 * in the transaction that inserts the event. The next event links to this hash, not to whatever
 * row is newest now, so deleting the newest events breaks the link of the next one, and a
 * deleted tail with nothing after it shows as a head naming a missing event.
 */
export const auditHead = pgTable("audit_head", {
  one: boolean("one").primaryKey().default(true),
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
}, (t) => [check("audit_head_one_row", sql`${t.one}`)]);

/**
 * Signed checkpoints of the head (HMAC-SHA256 with AUDIT_CHECKPOINT_KEY, which the database does
 * not hold): what `audit:verify` checks the chain against, so that a chain rewritten with fresh
 * hashes, or cut short with its head moved back, no longer matches. One per head seq: processes
 * signing the same head at once store one row.
 */
export const auditCheckpoint = pgTable("audit_checkpoint", {
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  hash: text("hash").notNull(),
  at: timestamp("at", { withTimezone: true }).notNull(),
  signature: text("signature").notNull(),
});

/**
 * One row whose version moves whenever the register changes (triggers on the register tables):
 * answers carry it as `dataVersion`, so a decision can be traced to the state it was made on.
 */
export const registerVersion = pgTable("register_version", {
  id: integer("id").primaryKey().default(1),
  version: bigint("version", { mode: "number" }).notNull().default(0),
  changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The version of what decides checks besides the register: measures, the supervision policy and
 * the grade scales (statement triggers move it). The check reads them again only when it moved.
 */
export const catalogueVersion = pgTable("catalogue_version", {
  id: integer("id").primaryKey().default(1),
  version: bigint("version", { mode: "number" }).notNull().default(0),
});

/**
 * The working-day calendar's own entries: days the credit office sets when the State Council
 * publishes a year the holiday library does not know yet, or corrects one. They override it.
 */
export const calendarDay = pgTable("calendar_day", {
  day: date("day").primaryKey(),
  working: boolean("working").notNull(),
  note: text("note").notNull(),
  setBy: text("set_by").notNull(),
  updatedAt: updatedAt(),
});

/** Publication periods (NDRC Order No. 58) by category, severity and field; "*" matches any. */
export const publicationPeriod = pgTable("publication_period", {
  id: uuid("id").primaryKey().defaultRandom(),
  category: text("category").notNull(),
  severity: text("severity").notNull().default("*"),
  field: text("field").notNull().default("*"),
  minMonths: integer("min_months").notNull(),
  maxMonths: integer("max_months").notNull(),
  basis: text("basis").notNull(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex("publication_period_key").on(t.category, t.severity, t.field)]);

/** 异议: a subject disputes a record or a list entry; the credit office upholds or rejects it. */
export const objection = pgTable("objection", {
  id: uuid("id").primaryKey().defaultRandom(),
  subjectId: uuid("subject_id").notNull().references(() => subject.id),
  /** RECORD or ENTRY. */
  targetKind: text("target_kind").notNull(),
  targetId: uuid("target_id").notNull(),
  reason: text("reason").notNull(),
  evidence: text("evidence").notNull(),
  /** UNDER_REVIEW, UPHELD or REJECTED. */
  status: text("status").notNull().default("UNDER_REVIEW"),
  filedBy: text("filed_by").notNull(),
  filedAt: timestamp("filed_at", { withTimezone: true }).notNull().defaultNow(),
  answerDue: date("answer_due").notNull(),
  decidedBy: text("decided_by"),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
  answer: text("answer"),
}, (t) => [index("objection_target_idx").on(t.targetId), index("objection_subject_idx").on(t.subjectId)]);

/** 信用修复: after correcting its behaviour and committing, a subject asks for publication to stop. */
export const repair = pgTable("repair", {
  id: uuid("id").primaryKey().defaultRandom(),
  subjectId: uuid("subject_id").notNull().references(() => subject.id),
  targetKind: text("target_kind").notNull(),
  targetId: uuid("target_id").notNull(),
  commitmentId: uuid("commitment_id").notNull().references(() => commitment.id),
  reason: text("reason").notNull(),
  /** PENDING, APPROVED, REFUSED or REVERSED. */
  status: text("status").notNull().default("PENDING"),
  appliedBy: text("applied_by").notNull(),
  appliedAt: timestamp("applied_at", { withTimezone: true }).notNull().defaultNow(),
  reviewDue: date("review_due").notNull(),
  decidedBy: text("decided_by"),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
  decisionReason: text("decision_reason"),
  reversedBy: text("reversed_by"),
  reversedAt: timestamp("reversed_at", { withTimezone: true }),
  reversalReason: text("reversal_reason"),
}, (t) => [index("repair_target_idx").on(t.targetId), index("repair_subject_idx").on(t.subjectId)]);

/**
 * History that is never overwritten: every change of state of a record, entry, commitment,
 * objection or repair, with who, when, why, and the row as it was before.
 */
export const stateChange = pgTable("state_change", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  entity: text("entity").notNull(),
  entityId: uuid("entity_id").notNull(),
  fromStatus: text("from_status"),
  toStatus: text("to_status").notNull(),
  actor: text("actor").notNull(),
  reason: text("reason").notNull(),
  /** What brought the change: "objection:<id>", "repair:<id>", "intake:<source>"; a reversal undoes by it. */
  cause: text("cause").notNull(),
  before: text("before"),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index("state_change_entity_idx").on(t.entityId, t.id)]);

// Rules that act on what comes in (issue 12): the violation catalogue, the parties a record
// concerns besides its subject, and the listing rules.

/** The roles a subject plays in a decision besides (or as) its subject. */
export const partyRole = pgEnum("party_role", ["VEHICLE", "DRIVER", "OPERATOR", "CARGO_SOURCE"]);
/** How a listing rule counts: qualifying records of one subject, or the share of an operator's fleet. */
export const listRuleKind = pgEnum("list_rule_kind", ["COUNT", "FLEET_SHARE"]);

/** 严重违法失信行为 catalogue: the violations a record may name; data the credit office changes. */
export const violation = pgTable("violation", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  legalBasis: text("legal_basis").notNull(),
  updatedAt: updatedAt(),
});

/**
 * The subjects a record concerns, each in a role: the record's own subject (in the role its kind
 * plays: vehicle, driver, operator) and the parties the source system named.
 */
export const recordParty = pgTable("record_party", {
  recordId: uuid("record_id").notNull().references(() => creditRecord.id, { onDelete: "cascade" }),
  subjectId: uuid("subject_id").notNull().references(() => subject.id),
  /** Null for the record's own subject when its kind plays none of the roles (a vessel). */
  role: partyRole("role"),
  /** The record's own subject rather than a named party. */
  isSubject: boolean("is_subject").notNull().default(false),
}, (t) => [
  uniqueIndex("record_party_key").on(t.recordId, t.subjectId, t.role),
  index("record_party_subject_idx").on(t.subjectId, t.role),
]);

/** 列入名单规则: which records of a violation, counted how, put the subject in a role on a list. */
export const listRule = pgTable("list_rule", {
  code: text("code").primaryKey(),
  violation: text("violation").notNull().references(() => violation.code),
  /** The role of the subject the rule lists; null: the record's own subject, whatever its kind. */
  role: partyRole("role"),
  kind: listRuleKind("kind").notNull(),
  /** COUNT: more than this many records; FLEET_SHARE: more than this percentage of the fleet. */
  threshold: integer("threshold").notNull(),
  windowDays: integer("window_days").notNull(),
  list: listType("list").notNull(),
  reasonCode: text("reason_code").notNull(),
  /** Months the entry stays in force (null: until ended). */
  entryMonths: integer("entry_months"),
  basis: text("basis").notNull(),
  active: boolean("active").notNull().default(true),
  updatedAt: updatedAt(),
});
/**
 * 信用评价等级: the grades of each evaluation sector, best first (交公路发〔2009〕733号 and the
 * sector rules). Data the credit office changes; a grade outside its sector's scale is refused.
 */
export const gradeScale = pgTable("grade_scale", {
  sector: text("sector").primaryKey(),
  name: text("name").notNull(),
  grades: text("grades").array().notNull(),
  basis: text("basis").notNull(),
  updatedAt: updatedAt(),
});

/** 典型案例: list entries the credit office marks as cases for the quarterly joint reward/punishment report. */
export const jointCase = pgTable("joint_case", {
  id: uuid("id").primaryKey().defaultRandom(),
  entryId: uuid("entry_id").notNull().references(() => listEntry.id),
  /** The case as officials tell it: what happened, which measures were applied, what they achieved. */
  facts: text("facts").notNull(),
  markedBy: text("marked_by").notNull(),
  markedAt: timestamp("marked_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex("joint_case_entry_key").on(t.entryId)]);
export const exchangePartner = pgEnum("exchange_partner", ["MINISTRY", "PROVINCE"]);
export const exchangeDirection = pgEnum("exchange_direction", ["EXPORT", "IMPORT"]);
export const exchangeBatchStatus = pgEnum("exchange_batch_status", ["PENDING", "SENT", "ACKNOWLEDGED", "FAILED", "REJECTED", "IMPORTED"]);

/**
 * 数据交换批次: one batch to or from a partner platform (the ministry's, the province's). An
 * export keeps its content, so a lost acknowledgement re-sends the very same batch; an import
 * keeps the sender's batch id, so the same batch again changes nothing.
 */
export const exchangeBatch = pgTable("exchange_batch", {
  id: uuid("id").primaryKey(),
  direction: exchangeDirection("direction").notNull(),
  partner: exchangePartner("partner").notNull(),
  status: exchangeBatchStatus("status").notNull(),
  formatVersion: integer("format_version").notNull().default(1),
  periodFrom: timestamp("period_from", { withTimezone: true }),
  periodTo: timestamp("period_to", { withTimezone: true }).notNull(),
  dataVersion: bigint("data_version", { mode: "number" }).notNull().default(0),
  /** JSON: lines per kind. */
  counts: text("counts").notNull(),
  /** JSON: SHA-256 of the lines of each kind. */
  kindHashes: text("kind_hashes").notNull(),
  /** SHA-256 of the whole content (the lines after the manifest). */
  hash: text("hash").notNull(),
  lines: integer("lines").notNull().default(0),
  /** An export's lines (NDJSON, without the manifest); imports are not kept. */
  content: text("content"),
  attempts: integer("attempts").notNull().default(0),
  error: text("error"),
  /** The schedule tick that made it ("MINISTRY@2026-12-01T03:00"): one batch per partner per tick. */
  tick: text("tick"),
  /** JSON the partner acknowledged with: its counts and hashes per kind (reconciliation). */
  partnerCounts: text("partner_counts"),
  partnerHashes: text("partner_hashes"),
  /** JSON: the quarters ("2026-Q3") whose joint report an export carries; acknowledged, the partner has them. */
  jointQuarters: text("joint_quarters").notNull().default("[]"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  sentAt: timestamp("sent_at", { withTimezone: true }),
  acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
}, (t) => [
  index("exchange_batch_partner_idx").on(t.partner, t.direction, t.createdAt),
  uniqueIndex("exchange_batch_tick_key").on(t.tick),
]);
/**
 * 一户式信用档案: each credit file (PDF) issued, kept so that `/verify/:code` can say whether it is
 * authentic and current. No personal data in clear: what the file showed is kept only as salted
 * digests of its sections, beside the view (what its reader was allowed to see) to recompute them.
 */
export const creditFile = pgTable("credit_file", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** The verification code printed on the file and in its QR code. */
  code: text("code").notNull(),
  subjectId: uuid("subject_id").notNull().references(() => subject.id),
  /** What the issuing caller could see: { history, personId, contacts }. */
  view: jsonb("view").$type<{ history: boolean; personId: boolean; contacts: boolean }>().notNull(),
  issuedBy: text("issued_by").notNull(),
  issuerRole: text("issuer_role").notNull(),
  grantId: uuid("grant_id"),
  dataVersion: text("data_version").notNull(),
  salt: text("salt").notNull(),
  /** Digest of all the facts the file showed, and one per section (subject, entries, records …). */
  factsDigest: text("facts_digest").notNull(),
  sectionDigests: jsonb("section_digests").$type<Record<string, string>>().notNull(),
  /** SHA-256 of the PDF's bytes, so a holder can tell the very file apart from a re-made one. */
  pdfSha256: text("pdf_sha256").notNull(),
  issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex("credit_file_code_key").on(t.code), index("credit_file_subject_idx").on(t.subjectId)]);

/**
 * Check results tallied as the audit trail receives them (trigger on audit_event, in the same
 * transaction as the event): by China day, scenario, decision, the subject's region ("" when not
 * in the register) and the requesting principal. What the joint report's decision figures read
 * instead of parsing every check event of a quarter.
 */
export const checkDecisionTally = pgTable("check_decision_tally", {
  day: date("day").notNull(),
  scenario: text("scenario").notNull(),
  decision: text("decision").notNull(),
  region: text("region").notNull(),
  principal: text("principal").notNull(),
  checks: integer("checks").notNull(),
}, (t) => [uniqueIndex("check_decision_tally_key").on(t.day, t.scenario, t.decision, t.region, t.principal)]);

/** The check results each measure decided ("BLACK|*|PROHIBIT"), by day, subject and principal (same trigger). */
export const checkMeasureTally = pgTable("check_measure_tally", {
  day: date("day").notNull(),
  scenario: text("scenario").notNull(),
  measure: text("measure").notNull(),
  decision: text("decision").notNull(),
  subjectId: uuid("subject_id").notNull(),
  principal: text("principal").notNull(),
  checks: integer("checks").notNull(),
}, (t) => [uniqueIndex("check_measure_tally_key").on(t.day, t.scenario, t.measure, t.decision, t.subjectId, t.principal)]);
