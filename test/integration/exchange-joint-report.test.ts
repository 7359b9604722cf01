// The quarter's joint report in the exchange batches (issue 14, 联合奖惩季度报送): an export after a
// quarter ended carries a jointReport line for it, the same open batch is given again byte for
// byte, once the partner acknowledged it the next batch does not carry it again; the import side
// takes the kind (counted, idempotent) and refuses a malformed one; /metrics counts the overdue
// reports a partner has not acknowledged. Over the API, on the real database.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { chinaDate } from "../../src/shared/clock.js";
import { dueDateOf, parseQuarter, quarterOf } from "../../src/modules/jointreport/jointreport.service.js";
import { asAdmin, type Headers, withKey } from "../support/auth.js";
import { batchText } from "../support/exchange.js";
import { ok } from "../support/graphql.js";
import { useTestServer } from "../support/server.js";

const FROM = "2026-Q3";
const server = useTestServer({ env: { EXCHANGE_JOINT_REPORT_FROM: FROM } });
let admin: Headers;
let ministry: Headers;
let province: Headers;

/** The quarters from FROM that have ended today (China time), as the export must see them. */
function ended(today = chinaDate()) {
  const out: { label: string; dueDate: string }[] = [];
  for (let q = parseQuarter(FROM); q.next <= today; q = parseQuarter(quarterOf(q.next))) out.push({ label: q.label, dueDate: dueDateOf(q) });
  return out;
}

const EXPORT = `mutation { exportBatch(partner: MINISTRY) { id status lines counts { kind count } } }`;
const ACK = `mutation ($id: ID!) { acknowledgeBatch(id: $id) { id status } }`;
const fileOf = async (id: string) => (await fetch(`${server.url}/exchange/batches/${id}`, { headers: ministry })).text();
const linesOf = (file: string) => file.split("\n").filter(Boolean).map((l) => JSON.parse(l));
const overdue = async (partner: string) => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const m = new RegExp(`^creditgate_joint_report_overdue\\{partner="${partner}"\\} (\\d+)`, "m").exec(text);
  return m ? Number(m[1]) : null;
};
const post = async (text: string) => {
  const res = await fetch(`${server.url}/exchange/batches`, { method: "POST", headers: { "content-type": "application/x-ndjson", "accept-language": "en", ...province }, body: text });
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  admin = await asAdmin();
  ministry = (await withKey(server.db, "PARTNER", "MINISTRY")).headers;
  province = (await withKey(server.db, "PARTNER", "PROVINCE")).headers;
  await server.db.execute(sql`truncate table exchange_batch`);
  // Two cases of 2026-Q3: an enterprise's and a person's; the ministry may not have persons' data.
  const f = (await import("../support/fixtures.js")).fixtures(server.db, server.protector);
  const MARK = `mutation ($input: MarkCaseInput!) { markCase(input: $input) { id } }`;
  for (const kind of ["ORGANIZATION", "PERSON"] as const) {
    const s = await f.subject({ kind, name: kind === "PERSON" ? "李四" : "季度案例运输有限公司", region: "530102" });
    const e = await f.entry(s.id, { list: "BLACK", effectiveFrom: "2026-08-01" });
    await ok(server, MARK, { input: { entryId: e.id, facts: "列入黑名单后在招标投标中被拒绝" } }, admin);
  }
});

describe("the quarter's joint report in the exchange batches", () => {
  let reportLine: any;

  it("an export after a quarter ended carries its report; the open batch is given again byte for byte", async () => {
    const quarters = ended();
    expect(quarters.map((q) => q.label)).toContain("2026-Q3");
    // Ended and past the 20th of the month after: overdue for both partners before anything was sent.
    expect(await overdue("MINISTRY")).toBe(quarters.filter((q) => chinaDate() > q.dueDate).length);
    expect(await overdue("MINISTRY")).toBeGreaterThanOrEqual(1);

    const made = (await ok(server, EXPORT, {}, admin)).exportBatch;
    expect(made.counts).toEqual(expect.arrayContaining([{ kind: "jointReport", count: quarters.length }]));
    const file = await fileOf(made.id);
    const [manifest, ...lines] = linesOf(file);
    expect(manifest.counts.jointReport).toBe(quarters.length);
    const reports = lines.filter((l) => l.kind === "jointReport");
    expect(reports.map((l) => [l.quarter, l.dueDate])).toEqual(quarters.map((q) => [q.label, q.dueDate]));
    reportLine = reports.find((l) => l.quarter === "2026-Q3");
    expect(reportLine.report).toMatchObject({ quarter: "2026-Q3", periodStart: "2026-07-01", periodEnd: "2026-09-30", dueDate: "2026-10-20", region: null });
    expect(reportLine.report.objectTotals).toBeDefined();
    expect(reportLine.report.cases.map((c: any) => [c.subjectKind, c.subjectName])).toEqual([["ORGANIZATION", "季度案例运输有限公司"]]);

    expect((await ok(server, EXPORT, {}, admin)).exportBatch.id).toBe(made.id);
    expect(await fileOf(made.id)).toBe(file);
  });

  it("after acknowledgement the next batch does not carry it, and the partner's overdue gauge drops to 0", async () => {
    const made = (await ok(server, EXPORT, {}, admin)).exportBatch;
    expect((await ok(server, ACK, { id: made.id }, ministry)).acknowledgeBatch.status).toBe("ACKNOWLEDGED");
    expect(await overdue("MINISTRY")).toBe(0);
    // The province has received nothing: its reports stay overdue.
    expect(await overdue("PROVINCE")).toBeGreaterThanOrEqual(1);

    const next = (await ok(server, EXPORT, {}, admin)).exportBatch;
    expect(next.id).not.toBe(made.id);
    expect(next.counts).toEqual(expect.arrayContaining([{ kind: "jointReport", count: 0 }]));
    expect(linesOf(await fileOf(next.id)).filter((l) => l.kind === "jointReport")).toEqual([]);
  });

  it("the import side takes a jointReport line, counted and idempotent, and refuses a malformed one naming the line", async () => {
    const batch = batchText([reportLine], { partner: "PROVINCE" });
    const first = await post(batch.text);
    expect(first).toMatchObject({ status: 200, body: { status: "IMPORTED", unchanged: false, counts: { jointReport: 1, subject: 0 } } });
    const again = await post(batch.text);
    expect(again.body).toMatchObject({ unchanged: true, counts: { jointReport: 1 } });

    for (const bad of [
      { ...reportLine, quarter: "2026-Q5" },
      { ...reportLine, report: { ...reportLine.report, quarter: "2026-Q2" } },
      { ...reportLine, report: { ...reportLine.report, measures: "none" } },
      { kind: "jointReport", quarter: "2026-Q3", dueDate: "2026-10-20" },
    ]) {
      const refused = await post(batchText([bad], { partner: "PROVINCE" }).text);
      expect(refused.status).toBe(422);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: "INVALID_BATCH", line: 2, rule: "shape" });
    }
  });
});
