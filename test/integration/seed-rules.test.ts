// The seeded registers hold only states intake and the lifecycle can produce: deadlines from the
// working-day calendar (with the office's own entries), periods from the period table, a
// publication time on every published record, and nothing repaired before its minimum period.
import { beforeAll, describe, expect, it } from "vitest";
import { calendarDay, commitment, creditRecord, listEntry, recordParty } from "../../src/db/schema.js";
import { logger } from "../../src/logger.js";
import { workingCalendar, type WorkingCalendar } from "../../src/modules/calendar/calendar.rules.js";
import { CalendarService } from "../../src/modules/calendar/calendar.service.js";
import { listPeriods, upsertPeriod } from "../../src/modules/catalogue/catalogue.store.js";
import { addMonths, periodFor, type PeriodRule } from "../../src/modules/record/periods.js";
import { type Entity, IN_FORCE, READ_TIME_EVENTS, TRANSITIONS } from "../../src/modules/register/register.states.js";
import { seedDemoRegister } from "../../src/seed/demo.js";
import { loadRegister } from "../../src/seed/load.js";
import { DEMO_SHOWCASE } from "../../src/seed/synthetic.js";
import { chinaDate } from "../../src/shared/clock.js";
import { asAdmin, type Headers, withKey } from "../support/auth.js";
import { daysFromToday } from "../support/fixtures.js";
import { ok as okOn } from "../support/graphql.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();
const ok = <T = any>(query: string, variables: Record<string, unknown>, headers: Headers) => okOn<T>(server, query, variables, headers);

/**
 * Statuses the register's transition table can write for a kind of thing: what it comes in as,
 * then every written move from there. Expiry is found at read time, so it is never stored.
 */
function stored(entity: Entity): string[] {
  const moves = TRANSITIONS.filter((m) => m.entity === entity && !READ_TIME_EVENTS.includes(m.event));
  const reached = new Set<string>(moves.filter((m) => m.from === null).map((m) => m.to));
  for (let grew = true; grew;) {
    grew = false;
    for (const m of moves) if (m.from !== null && reached.has(m.from) && !reached.has(m.to)) { reached.add(m.to); grew = true; }
  }
  return [...reached];
}
const STORED = stored("RECORD");
/** What a list entry can still stand on (the register's table: a record in force). */
const STANDING: readonly string[] = IN_FORCE.RECORD;

/**
 * The office's own calendar entries and a changed period, set before seeding: a register that
 * ignored them (the library's calendar, the default periods) is told apart from one that used them.
 */
async function officeRules(): Promise<void> {
  for (let back = 24; back >= 10; back--) {
    await server.db.insert(calendarDay).values({ day: daysFromToday(-back), working: false, note: "测试：临时停工", setBy: "test" })
      .onConflictDoUpdate({ target: calendarDay.day, set: { working: false } });
  }
  await upsertPeriod(server.db, { category: "LICENSING", severity: "*", field: "*", minMonths: 1, maxMonths: 12, basis: "测试：许可公示一年" });
}

interface Walk {
  problems: string[];
  records: (typeof creditRecord.$inferSelect)[];
  calendar: WorkingCalendar;
  periods: PeriodRule[];
}

/** Every record and entry of the register checked against the rules; returns what breaks them. */
async function walkRegister(): Promise<Walk> {
  const today = chinaDate();
  const now = Date.now();
  const calendar = await new CalendarService(server.db).load();
  const periods = await listPeriods(server.db);
  const records = await server.db.select().from(creditRecord);
  const entries = await server.db.select().from(listEntry);
  const problems: string[] = [];
  const bad = (what: { id: string }, rule: string) => problems.push(`${what.id}: ${rule}`);
  for (const r of records) {
    if (r.publishDeadline !== calendar.workingDaysAfter(r.decisionDate, 7)) bad(r, `deadline ${r.publishDeadline} is not 7 working days after ${r.decisionDate}`);
    const period = periodFor(periods, { category: r.category, severity: r.severity, fields: [r.field] });
    const min = period ? addMonths(r.decisionDate, period.minMonths) : null;
    const max = period ? addMonths(r.decisionDate, period.maxMonths) : null;
    if (r.publicationMinEnds !== min || r.publicationEnds !== max) bad(r, `period ${r.publicationMinEnds}–${r.publicationEnds}, the table says ${min}–${max}`);
    if (!STORED.includes(r.status)) bad(r, `status ${r.status} is not one intake, objections or repairs produce`);
    if (r.publishedAt === null) {
      // Intake publishes a record the moment it arrives.
      bad(r, "never published");
    } else {
      const on = chinaDate(r.publishedAt);
      if (on < r.decisionDate || on > today || r.publishedAt.getTime() > now) bad(r, `published ${r.publishedAt.toISOString()}, decided ${r.decisionDate}`);
    }
    if (r.status === "REPAIRED" && r.publicationMinEnds !== null && r.publicationMinEnds > today) bad(r, `repaired before its minimum period (${r.publicationMinEnds})`);
  }
  const byId = new Map(records.map((r) => [r.id, r]));
  // A record concerns its subject and the parties it names (a listing rule's driver or operator).
  const parties = new Set((await server.db.select().from(recordParty)).map((p) => `${p.recordId}|${p.subjectId}`));
  for (const e of entries) {
    if (!stored("ENTRY").includes(e.status)) bad(e, `status ${e.status} is not one adding, objections or repairs produce`);
    for (const id of e.basisRecordIds) {
      const basis = byId.get(id);
      if (!basis || (basis.subjectId !== e.subjectId && !parties.has(`${id}|${e.subjectId}`))) { bad(e, `basis ${id} is not a record of its subject`); continue; }
      if (basis.publishedAt === null) bad(e, `basis ${id} is unpublished`);
      if (basis.decisionDate > e.effectiveFrom) bad(e, `basis ${id} decided after the entry began`);
      if (e.status === "ACTIVE" && !STANDING.includes(basis.status)) bad(e, `in force on a ${basis.status} record`);
    }
    const period = periodFor(periods, { category: `LIST_${e.list}` });
    if (e.status === "REPAIRED" && period && addMonths(e.effectiveFrom, period.minMonths) > today) bad(e, "repaired before its list's minimum period");
  }
  for (const c of await server.db.select().from(commitment)) {
    if (!stored("COMMITMENT").includes(c.status)) bad(c, `commitment status ${c.status} is not one registration or a breach produces`);
  }
  return { problems, records, calendar, periods };
}

describe("the demo register, seeded after the office changed its calendar and a period", () => {
  let walk: Walk;
  beforeAll(async () => {
    await officeRules();
    await seedDemoRegister(server.handle, server.protector, logger);
    walk = await walkRegister();
  });

  it("holds only records and entries intake and the lifecycle can produce", () => {
    expect(walk.records.length).toBeGreaterThan(100);
    expect(walk.problems).toEqual([]);
  });

  it("takes deadlines from the office's calendar and periods from the period table", () => {
    const library = workingCalendar();
    expect(walk.records.some((r) => r.publishDeadline !== library.workingDaysAfter(r.decisionDate, 7))).toBe(true);
    const licensing = walk.records.filter((r) => r.category === "LICENSING");
    expect(licensing.length).toBeGreaterThan(0);
    for (const r of licensing) expect(r.publicationEnds).toBe(addMonths(r.decisionDate, 12));
  });

  it("keeps the README's promise: 红河 has a penalty its source system sent after the deadline, which ADMIN sees as late", async () => {
    const org = DEMO_SHOWCASE.latePublishedOrg;
    const data = await ok(`query ($ref: SubjectRef!) { subject(ref: $ref) { records(includeUnpublished: true) { id category publishedAt publishDeadline publishedLate } } }`,
      { ref: { kind: org.kind, identifier: org.identifier } }, await asAdmin());
    const late = data.subject.records.filter((r: any) => r.publishedLate);
    expect(late).toEqual([expect.objectContaining({ category: "PENALTY", publishedAt: expect.any(String) })]);
    expect(chinaDate(new Date(late[0].publishedAt)) > late[0].publishDeadline).toBe(true);
    expect(walk.calendar.isWorkingDay(late[0].publishDeadline)).toBe(true);
    const overdue = await ok(`{ overdueRecords(region: "532501", first: 100) { nodes { id publishedLate } } }`, {}, await asAdmin());
    expect(overdue.overdueRecords.nodes).toContainEqual(expect.objectContaining({ id: late[0].id }));
  });

  it("a seeded penalty within its minimum period cannot be repaired yet (TOO_EARLY)", async () => {
    const org = DEMO_SHOWCASE.blacklistedOrg;
    const ref = { kind: org.kind, identifier: org.identifier };
    const system = (await withKey(server.db, "SYSTEM")).headers;
    const data = await ok(`query ($ref: SubjectRef!) { subject(ref: $ref) { records { id category decisionDate publicationMinEnds } } }`, { ref }, system);
    const fresh = data.subject.records.find((r: any) => r.category === "PENALTY" && r.publicationMinEnds > chinaDate());
    expect(fresh).toBeDefined();
    await ok(`mutation ($input: CommitmentInput!) { registerCommitment(input: $input) { id } }`, { input: {
      ref, kind: "REPAIR", matter: "信用修复", content: "本单位承诺已纠正失信行为并依法守信经营", signedAt: new Date(Date.now() - 3600_000).toISOString(),
    } }, system);
    const { data: applied, errors } = await server.gql(`mutation ($input: RepairInput!) { applyRepair(input: $input) { id } }`,
      { input: { targetKind: "RECORD", targetId: fresh.id, reason: "已整改并缴清罚款" } }, system);
    expect(applied).toBeNull();
    expect(errors![0]!.extensions).toMatchObject({ code: "TOO_EARLY", earliest: fresh.publicationMinEnds });
  });
});

describe("a synthetic register", () => {
  it("of 3,000 subjects holds only records and entries intake and the lifecycle can produce", async () => {
    await server.reset();
    await officeRules();
    await loadRegister(server.handle, { subjects: 3_000, seed: 5, today: chinaDate(), protector: server.protector });
    const walk = await walkRegister();
    expect(walk.records.length).toBeGreaterThan(1_000);
    expect(new Set(walk.records.map((r) => r.status))).toEqual(new Set(STORED));
    expect(walk.problems).toEqual([]);
  });
});
