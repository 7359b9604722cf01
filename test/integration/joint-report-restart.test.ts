// The quarterly joint report across a restart (issue 14): checks made through one service
// process, the process stopped, a new one started on the same database — the report is the same,
// figure for figure (its measures and decisions are tallies written in each check event's own
// transaction, not counters a process keeps).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, type Headers } from "../support/auth.js";
import { daysFromToday, uscc } from "../support/fixtures.js";
import { gqlOn, type PeerDatabase, peerDatabase, processEnv } from "../support/peers.js";
import { type ServiceProcess, startServiceProcess } from "../support/processes.js";
import { chinaDate } from "../../src/shared/clock.js";

const STARTUP = 120_000;
const today = chinaDate();
const quarter = `${today.slice(0, 4)}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`;
const REPORT = `query ($quarter: String!) { jointMeasuresReport(quarter: $quarter) {
  quarter objectTotals { added inForce ended subjects }
  measures { list reason scenario effect decision checks subjects systems }
  measureTotals { checks } decisions { scenario month decision checks }
  effects { repairsCompleted objectionsUpheld commitmentsSigned commitmentsBroken subjectsLeftList }
} }`;

let db: PeerDatabase;
let service: ServiceProcess | null = null;
let admin: Headers;

beforeAll(async () => {
  admin = await asAdmin();
  db = await peerDatabase("jr");
  service = await startServiceProcess({ ...processEnv, ...db.env }, { timeoutMs: STARTUP });
}, STARTUP);

afterAll(async () => {
  await service?.stop();
  await db?.drop();
});

describe("the joint report", () => {
  it("is the same after the service that made the checks is stopped and another one started", async () => {
    const url = service!.url;
    const { createApiKey } = await gqlOn(url, `mutation { createApiKey(name: "政府采购系统", role: SYSTEM) { key } }`, {}, admin);
    const system = { authorization: `Bearer ${createApiKey.key}` };
    const ref = { kind: "ORGANIZATION", identifier: uscc("530102") };
    const unknown = { kind: "ORGANIZATION", identifier: uscc("530103") };
    const { submitRecords } = await gqlOn(url, `mutation ($input: [RecordInput!]!) { submitRecords(input: $input) { records { id } } }`, { input: [{
      sourceSystem: "YN-ENFORCEMENT", decisionNumber: "昆交执罚〔2026〕重启1号", category: "PENALTY", subject: ref, subjectName: "昆明重启测试物流有限公司",
      content: "未取得道路运输经营许可擅自从事经营，罚款3万元", decisionDate: daysFromToday(-20), authority: "昆明市交通运输综合行政执法支队",
    }] }, system);
    await gqlOn(url, `mutation ($input: ListEntryInput!) { addListEntry(input: $input) { id } }`, { input: {
      ref, list: "BLACK", reason: "ILLEGAL_OPERATION", reasonText: "未取得道路运输经营许可擅自从事经营", basisRecordIds: [submitRecords.records[0].id],
      authority: "云南省交通运输厅", effectiveFrom: today,
    } }, admin);
    const CHECK = `query ($input: CheckInput!) { check(input: $input) { results { decision } } }`;
    for (const scenario of ["PROCUREMENT", "PROCUREMENT", "LICENSING", "BIDDING"]) {
      await gqlOn(url, CHECK, { input: { scenario, subjects: [ref, unknown] } }, system);
    }
    const before = (await gqlOn(url, REPORT, { quarter }, admin)).jointMeasuresReport;
    expect(before.measureTotals.checks).toBeGreaterThanOrEqual(4);
    expect(before.decisions.reduce((n: number, d: { checks: number }) => n + d.checks, 0)).toBe(8); // two refs a check

    await service!.stop();
    service = await startServiceProcess({ ...processEnv, ...db.env }, { timeoutMs: STARTUP });
    const after = (await gqlOn(service.url, REPORT, { quarter }, admin)).jointMeasuresReport;
    expect(after).toEqual(before);
  }, 3 * STARTUP);
});
