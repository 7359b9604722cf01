// 信用预警 over HTTP (issue 12 point 5): a feed an enforcement office works through, each warning
// with its rule and the facts behind it; officers see their own region, the credit office all.
import { beforeAll, describe, expect, it } from "vitest";
import { asAdmin, asOfficer, type Headers, withKey } from "../support/auth.js";
import { daysFromToday, fixtures, uscc } from "../support/fixtures.js";
import { ok as okOn, refused as refusedOn } from "../support/graphql.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();
const ok = <T = any>(query: string, variables: Record<string, unknown>, headers: Headers) => okOn<T>(server, query, variables, headers);

const WARNINGS = `query ($region: String, $kind: SubjectKind, $warningKind: CreditWarningKind, $first: Int, $after: String) {
  creditWarnings(region: $region, kind: $kind, warningKind: $warningKind, first: $first, after: $after) {
    nodes { kind rule due facts { id decisionNumber date } subject { kind identifier name region } }
    pageInfo { hasNextPage endCursor } } }`;
const SUBMIT = `mutation ($input: [RecordInput!]!) { submitRecords(input: $input) { records { id } } }`;

let n = 0;
const overLimit = (plate: string, daysAgo: number) => ({
  sourceSystem: "YN-OVERLOAD", decisionNumber: `云治超罚〔2026〕预${++n}号`, category: "PENALTY",
  subject: { kind: "VEHICLE", identifier: plate, plateColor: "YELLOW" }, subjectName: `${plate} 重型货车`, content: "违法超限运输",
  decisionDate: daysFromToday(-daysAgo), authority: "昆明市交通运输综合行政执法支队", violation: "OVERLIMIT_TRANSPORT",
});

let admin: Headers;
let kunming: Headers;
let dali: Headers;
let system: Headers;
let warned: string;
let listed: string;

beforeAll(async () => {
  admin = await asAdmin();
  kunming = await asOfficer("530100");
  dali = await asOfficer("532900");
  system = (await withKey(server.db, "SYSTEM")).headers;
  warned = "云A80001";
  listed = "云A80002";
  await ok(SUBMIT, { input: [overLimit(warned, 200), overLimit(warned, 100), overLimit(warned, 10)] }, system);
  await ok(SUBMIT, { input: [overLimit(listed, 200), overLimit(listed, 100), overLimit(listed, 50), overLimit(listed, 10)] }, system);
  const f = fixtures(server.db, server.protector);
  const company = await f.subject({ kind: "ORGANIZATION", name: "昆明预警测试物流有限公司", identifier: uscc("530102"), region: "530102" });
  await f.entry(company.id, { effectiveFrom: daysFromToday(-300), effectiveUntil: daysFromToday(12) });
  await f.commitment(company.id, { validUntil: daysFromToday(20) });
  await f.commitment(company.id, { status: "BROKEN", matter: "道路货物运输经营许可告知承诺" });
  await f.record(company.id, { publishedAt: null, publishDeadline: daysFromToday(-3), decisionDate: daysFromToday(-14) });
  const far = await f.subject({ kind: "ORGANIZATION", name: "大理预警测试运输有限公司", identifier: uscc("532901"), region: "532901" });
  await f.commitment(far.id, { status: "BROKEN" });
});

describe("credit warnings", () => {
  it("a vehicle with 3 over-limit penalties in a year is one step before the rule: warned, with the rule and the three records; the one with 4 is listed, not warned", async () => {
    const { creditWarnings } = await ok(WARNINGS, { warningKind: "NEAR_LISTING" }, admin);
    expect(creditWarnings.nodes).toHaveLength(1);
    const [w] = creditWarnings.nodes;
    expect(w).toMatchObject({ kind: "NEAR_LISTING", rule: "OVERLIMIT_VEHICLE", subject: { kind: "VEHICLE", identifier: warned } });
    expect(w.facts.map((f: any) => f.date)).toEqual([daysFromToday(-200), daysFromToday(-100), daysFromToday(-10)]);
    expect(w.facts.every((f: any) => f.decisionNumber.startsWith("云治超罚"))).toBe(true);
    // The oldest record leaves the 365-day window on this day: the warning runs out then.
    const oldest = new Date(`${daysFromToday(-200)}T00:00:00Z`);
    oldest.setUTCDate(oldest.getUTCDate() + 365);
    expect(w.due).toBe(oldest.toISOString().slice(0, 10));
  });

  it("entries and commitments about to end, broken commitments and records overdue for publication, most urgent first", async () => {
    const { creditWarnings } = await ok(WARNINGS, { kind: "ORGANIZATION" }, admin);
    const kinds = creditWarnings.nodes.map((w: any) => `${w.kind}@${w.subject.region}`);
    expect(kinds).toEqual(expect.arrayContaining(["ENTRY_ENDING@530102", "COMMITMENT_ENDING@530102", "COMMITMENT_BROKEN@530102", "PUBLICATION_OVERDUE@530102", "COMMITMENT_BROKEN@532901"]));
    const dues = creditWarnings.nodes.map((w: any) => w.due);
    expect(dues).toEqual([...dues].sort());
    expect(creditWarnings.nodes.find((w: any) => w.kind === "ENTRY_ENDING").due).toBe(daysFromToday(12));
    expect(creditWarnings.nodes.find((w: any) => w.kind === "PUBLICATION_OVERDUE")).toMatchObject({ rule: "PUBLISH_WITHIN_7_WORKING_DAYS", due: daysFromToday(-3) });
  });

  it("an officer sees the warnings of its own region only; callers who do not oversee are refused", async () => {
    const mine = (await ok(WARNINGS, {}, kunming)).creditWarnings.nodes;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((w: any) => w.subject.region.startsWith("5301"))).toBe(true);
    const theirs = (await ok(WARNINGS, {}, dali)).creditWarnings.nodes;
    expect(theirs.map((w: any) => w.subject.region)).toEqual(["532901"]);
    expect((await ok(WARNINGS, { region: "5301" }, dali)).creditWarnings.nodes).toEqual([]);
    expect((await refusedOn(server, WARNINGS, {}, system)).code).toBe("FORBIDDEN");
    expect((await refusedOn(server, WARNINGS, {}, {})).code).toBe("FORBIDDEN");
  });

  it("is a feed to work through page by page", async () => {
    const all = (await ok(WARNINGS, { first: 100 }, admin)).creditWarnings.nodes;
    const seen: any[] = [];
    let after: string | null = null;
    do {
      const { creditWarnings }: any = await ok(WARNINGS, { first: 2, after }, admin);
      seen.push(...creditWarnings.nodes);
      after = creditWarnings.pageInfo.hasNextPage ? creditWarnings.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all);
    expect(all.length).toBeGreaterThanOrEqual(6);
  });
});
