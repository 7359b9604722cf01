// Publication periods at read time (issue 5): a penalty is public from the day after its decision,
// still public at its minimum, not public after its maximum — without anyone acting — and a
// work-safety penalty's minimum is a year (repair before it is TOO_EARLY).
import { beforeAll, describe, expect, it } from "vitest";
import { addMonths } from "../../src/modules/record/periods.js";
import { asAdmin, asOfficer, type Headers, withKey } from "../support/auth.js";
import { daysFromToday, residentId, uscc } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";
import { ok as okOn } from "../support/graphql.js";

const server = useTestServer();
const ok = <T = any>(query: string, variables: Record<string, unknown>, headers: Headers) => okOn<T>(server, query, variables, headers);

const SUBMIT = `mutation ($input: [RecordInput!]!) { submitRecords(input: $input) { records { id decisionNumber decisionDate status publicationMinEnds publicationEnds } } }`;
const VIEW = `query ($ref: SubjectRef!) { subject(ref: $ref) { name records { decisionNumber } all: records(includeUnpublished: true) { decisionNumber status } } }`;
const SEARCH = `query ($name: String!) { searchSubjects(name: $name) { nodes { name records { decisionNumber } all: records(includeUnpublished: true) { decisionNumber } } } }`;
const COMMIT = `mutation ($input: CommitmentInput!) { registerCommitment(input: $input) { id } }`;
const APPLY = `mutation ($input: RepairInput!) { applyRepair(input: $input) { id status } }`;

let as: Record<"PUBLIC" | "PROVIDER" | "SYSTEM" | "OFFICER" | "ADMIN", Headers>;
const today = daysFromToday(0);


let numbers = 0;
const penalty = (subject: { kind: string; identifier: string }, name: string, values: Record<string, unknown> = {}) => ({
  sourceSystem: "YN-ENFORCEMENT", decisionNumber: `期限〔${++numbers}〕号`, category: "PENALTY", subject, subjectName: name,
  content: "超限运输，罚款", decisionDate: daysFromToday(-1), authority: "昆明市交通运输综合行政执法支队", ...values,
});

// Decision dates relative to today: the ends are computed by the same month arithmetic the
// service uses, and each case asserts where today falls before relying on it.
const cases = {
  dayAfter: daysFromToday(-1),
  atMinimum: addMonths(today, -3),
  pastMinimum: daysFromToday(-200),
  dayBeforeMaximum: daysFromToday(-(3 * 365 - 3)),
  atMaximum: addMonths(today, -36),
  pastMaximum: daysFromToday(-(3 * 365 + 5)),
};

const org = { kind: "ORGANIZATION", identifier: uscc("530102") };
const person = { kind: "PERSON", identifier: residentId("530102", "19791201") };
const records: Record<string, any> = {};

beforeAll(async () => {
  as = {
    PUBLIC: {},
    PROVIDER: (await withKey(server.db, "PROVIDER", "报告机构")).headers,
    SYSTEM: (await withKey(server.db, "SYSTEM", "执法系统")).headers,
    OFFICER: await asOfficer("530100"),
    ADMIN: await asAdmin(),
  };
  const input = Object.entries(cases).map(([name, decisionDate]) => penalty(org, "期限测试运输有限公司", { decisionNumber: `期限〔${name}〕号`, decisionDate }));
  for (const r of (await ok(SUBMIT, { input }, as.SYSTEM)).submitRecords.records) records[r.decisionNumber.slice(3, -2)] = r;
  // A driver whose only record is past its maximum.
  await ok(SUBMIT, { input: [penalty(person, "期限测试驾驶员", { decisionNumber: "期限〔驾驶员〕号", decisionDate: cases.pastMaximum })] }, as.SYSTEM);
});

describe("publication periods at read time", () => {
  it("the periods are set from the decision date; a record taken in past its end is not published", () => {
    for (const [name, decisionDate] of Object.entries(cases)) {
      expect(records[name]).toMatchObject({ decisionDate, publicationMinEnds: addMonths(decisionDate, 3), publicationEnds: addMonths(decisionDate, 36) });
      expect(records[name].status, name).toBe(name === "atMaximum" || name === "pastMaximum" ? "EXPIRED" : "PUBLISHED");
    }
    expect(records.atMinimum.publicationMinEnds <= today).toBe(true);
    expect(records.dayBeforeMaximum.publicationEnds > today).toBe(true);
    expect(records.atMaximum.publicationEnds <= today).toBe(true);
    expect(records.pastMaximum.publicationEnds < today).toBe(true);
  });

  it.each(["PUBLIC", "PROVIDER", "SYSTEM"] as const)("%s: public from the day after the decision, at and past the minimum, until the maximum; not at or after it", async (role) => {
    const { subject } = await ok(VIEW, { ref: org }, as[role]);
    const shown = subject.records.map((r: any) => r.decisionNumber);
    expect(shown.sort()).toEqual(["期限〔dayAfter〕号", "期限〔atMinimum〕号", "期限〔pastMinimum〕号", "期限〔dayBeforeMaximum〕号"].sort());
    // Asking for unpublished records changes nothing for them.
    expect(subject.all.map((r: any) => r.decisionNumber).sort()).toEqual(shown.sort());
  });

  it("a record past its end never reaches PUBLIC through searchSubjects either", async () => {
    const { searchSubjects } = await ok(SEARCH, { name: "期限测试运输" }, as.PUBLIC);
    const text = JSON.stringify(searchSubjects);
    expect(text).toContain("期限〔dayAfter〕号");
    for (const hidden of ["期限〔atMaximum〕号", "期限〔pastMaximum〕号"]) expect(text).not.toContain(hidden);
  });

  it("a person whose only record has ended is not in the register for PUBLIC and PROVIDER", async () => {
    for (const role of ["PUBLIC", "PROVIDER"] as const) {
      expect((await ok(VIEW, { ref: person }, as[role])).subject).toBeNull();
      expect((await ok(SEARCH, { name: "期限测试驾驶员" }, as[role])).searchSubjects.nodes).toEqual([]);
    }
  });

  it("the credit office and an officer of the region still read ended records", async () => {
    for (const role of ["ADMIN", "OFFICER"] as const) {
      const { subject } = await ok(VIEW, { ref: org }, as[role]);
      expect(subject.records.map((r: any) => r.decisionNumber)).not.toContain("期限〔pastMaximum〕号");
      expect(subject.all.map((r: any) => r.decisionNumber)).toEqual(expect.arrayContaining(["期限〔atMaximum〕号", "期限〔pastMaximum〕号"]));
      // …as ended, not as published.
      const status = Object.fromEntries(subject.all.map((r: any) => [r.decisionNumber.slice(3, -2), r.status]));
      expect(status).toEqual({ dayAfter: "PUBLISHED", atMinimum: "PUBLISHED", pastMinimum: "PUBLISHED", dayBeforeMaximum: "PUBLISHED", atMaximum: "EXPIRED", pastMaximum: "EXPIRED" });
      expect((await ok(VIEW, { ref: person }, as[role])).subject.all.map((r: any) => r.decisionNumber)).toEqual(["期限〔驾驶员〕号"]);
    }
  });
});

describe("a work-safety penalty's minimum is a year", () => {
  const subject = { kind: "ORGANIZATION", identifier: uscc("530102") };
  const decisions = { ordinary: daysFromToday(-200), safety: daysFromToday(-200), safetyOld: daysFromToday(-400) };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const input = [
      penalty(subject, "安全生产测试公司", { decisionNumber: "安全〔ordinary〕号", decisionDate: decisions.ordinary }),
      penalty(subject, "安全生产测试公司", { decisionNumber: "安全〔safety〕号", decisionDate: decisions.safety, field: "安全生产" }),
      penalty(subject, "安全生产测试公司", { decisionNumber: "安全〔safetyOld〕号", decisionDate: decisions.safetyOld, field: "安全生产" }),
    ];
    for (const r of (await ok(SUBMIT, { input }, as.SYSTEM)).submitRecords.records) ids[r.decisionNumber.slice(3, -2)] = r.id;
    await ok(COMMIT, { input: { ref: subject, kind: "REPAIR", matter: "信用修复", content: "本单位承诺已纠正失信行为并依法守信经营", signedAt: new Date(Date.now() - 3600_000).toISOString() } }, as.SYSTEM);
  });

  const apply = (id: string) => server.gql(APPLY, { input: { targetKind: "RECORD", targetId: id, reason: "已整改并缴清罚款" } }, as.SYSTEM);

  it("200 days after the decision: an ordinary penalty may be repaired, a work-safety one is TOO_EARLY until a year", async () => {
    expect((await apply(ids.ordinary!)).data!.applyRepair.status).toBe("PENDING");
    const { data, errors } = await apply(ids.safety!);
    expect(data).toBeNull();
    expect(errors![0]!.extensions).toMatchObject({ code: "TOO_EARLY", earliest: addMonths(decisions.safety, 12) });
    expect(errors![0]!.message).toContain(addMonths(decisions.safety, 12));
  });

  it("400 days after the decision a work-safety penalty may be repaired", async () => {
    expect((await apply(ids.safetyOld!)).data!.applyRepair.status).toBe("PENDING");
  });
});
