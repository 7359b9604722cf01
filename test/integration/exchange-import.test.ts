// Importing a partner platform's batch (issue 13): all or nothing, the same batch twice changes
// nothing, a re-sent entry with a new state updates it and keeps its history, imported entries
// decide checks at once and carry their source; a bad line, hash or identifier refuses the whole
// batch naming the line. Over HTTP, with the partner's key, on the real database.
import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowsOf } from "../../src/db/client.js";
import { asAdmin, type Headers, withKey } from "../support/auth.js";
import type { Line } from "../../src/modules/exchange/exchange.format.js";
import { batchText, entryLine, subjectLine, syntheticUscc } from "../support/exchange.js";
import { daysFromToday } from "../support/fixtures.js";
import { ok } from "../support/graphql.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();
let province: Headers;
let stranger: Headers;
let admin: Headers;

const post = async (text: string, headers: Headers, query = "") => {
  const res = await fetch(`${server.url}/exchange/batches${query}`, { method: "POST", headers: { "content-type": "application/x-ndjson", "accept-language": "en", ...headers }, body: text });
  return { status: res.status, body: (await res.json()) as any };
};

const count = async (query: ReturnType<typeof sql>) => rowsOf<{ n: number }>(await server.db.execute(query))[0]!.n;
const imported = () => count(sql`select count(*)::int as n from list_entry where source is not null`);
const history = () => count(sql`select count(*)::int as n from state_change where cause like 'exchange:%'`);
const version = () => count(sql`select version::int as n from register_version`);

/** The ministry's next batch as it downloads it (made by ADMIN's exportBatch): its id, its lines, and its acknowledgement with the ministry's key. */
async function ministryBatch() {
  const ministry = (await withKey(server.db, "PARTNER", "MINISTRY")).headers;
  const { id } = (await ok(server, `mutation { exportBatch(partner: MINISTRY) { id } }`, {}, admin)).exportBatch;
  const lines: any[] = (await (await fetch(`${server.url}/exchange/batches/${id}`, { headers: ministry })).text()).split("\n").filter(Boolean).slice(1).map((l) => JSON.parse(l));
  return { id, lines, ack: () => ok(server, `mutation ($id: ID!) { acknowledgeBatch(id: $id) { status } }`, { id }, ministry) };
}

const CHECK = /* GraphQL */ `query ($input: CheckInput!) { check(input: $input) { results { found decision reasons { listEntry { list source status } } } } }`;
const SUBJECT = /* GraphQL */ `query ($ref: SubjectRef!) { subject(ref: $ref) { name listEntries(includeInactive: true) { list reason status source } } }`;

beforeAll(async () => {
  province = (await withKey(server.db, "PARTNER", "PROVINCE")).headers;
  stranger = (await withKey(server.db, "PARTNER", "某市平台")).headers;
  admin = await asAdmin();
});

beforeEach(async () => {
  await server.db.execute(sql`truncate table exchange_batch`);
});

describe("a partner's batch", () => {
  const a = syntheticUscc(1001);
  const b = syntheticUscc(1002);

  it("is imported with the partner's key: entries carry their source and decide checks at once", async () => {
    const { text, manifest } = batchText([subjectLine(a, "省平台失信企业甲"), subjectLine(b, "省平台失信企业乙"), entryLine("p-1", a), entryLine("p-2", b, { list: "WATCH", reason: "UNPAID_FINE" })], { partner: "PROVINCE" });
    const { status, body } = await post(text, province);
    expect(status).toBe(200);
    expect(body).toMatchObject({ batchId: manifest.batchId, status: "IMPORTED", unchanged: false, counts: { subject: 2, listEntry: 2, record: 0, evaluation: 0 } });
    const seen = await ok(server, SUBJECT, { ref: { kind: "ORGANIZATION", identifier: a } });
    expect(seen.subject).toMatchObject({ name: "省平台失信企业甲", listEntries: [{ list: "BLACK", reason: "OVERLOAD_FLEET", status: "ACTIVE", source: "PROVINCE" }] });
    const system = (await withKey(server.db, "SYSTEM", "审批系统")).headers;
    const checked = await ok(server, CHECK, { input: { scenario: "LICENSING", subjects: [{ kind: "ORGANIZATION", identifier: a }], matter: "道路运输经营许可", requestId: "R-1" } }, system);
    expect(checked.check.results[0].found).toBe(true);
    expect(checked.check.results[0].reasons).toContainEqual({ listEntry: { list: "BLACK", source: "PROVINCE", status: "ACTIVE" } });
    const batches = await ok(server, `{ exchangeBatches(partner: PROVINCE) { nodes { id direction status lines sha256 counts { kind count } } } }`, {}, admin);
    expect(batches.exchangeBatches.nodes).toEqual([expect.objectContaining({ id: manifest.batchId, direction: "IMPORT", status: "IMPORTED", lines: 4, sha256: manifest.sha256 })]);
  });

  it("sent again changes nothing and is acknowledged as before", async () => {
    const { text } = batchText([subjectLine(a, "省平台失信企业甲"), entryLine("p-1", a)], { partner: "PROVINCE" });
    const before = { entries: await imported(), history: await history(), version: await version() };
    const again = await post(text, province);
    expect(again.status).toBe(200);
    const twice = await post(text, province);
    expect(twice.body).toMatchObject({ unchanged: true, counts: again.body.counts, hashes: again.body.hashes });
    expect(await imported()).toBe(before.entries);
    expect(await history()).toBe(before.history);
    expect(await version()).toBe(before.version + (again.body.unchanged ? 0 : 1));
  });

  it("re-sending an entry with a new state updates it and keeps its history", async () => {
    const { text } = batchText([entryLine("p-1", a, { status: "REVOKED" })], { partner: "PROVINCE" });
    expect((await post(text, province)).status).toBe(200);
    const seen = await ok(server, SUBJECT, { ref: { kind: "ORGANIZATION", identifier: a } }, admin);
    expect(seen.subject.listEntries).toEqual([expect.objectContaining({ list: "BLACK", status: "REVOKED", source: "PROVINCE" })]);
    const moves = rowsOf<{ from_status: string | null; to_status: string }>(await server.db.execute(sql`select from_status, to_status from state_change
      where entity_id = (select id from list_entry where source = 'PROVINCE' and source_id = 'p-1') order by id`));
    expect(moves).toEqual([{ from_status: null, to_status: "ACTIVE" }, { from_status: "ACTIVE", to_status: "REVOKED" }]);
  });
});

describe("a partner's grades", () => {
  const c = syntheticUscc(1003);
  const GRADES = /* GraphQL */ `query ($ref: SubjectRef!) { subject(ref: $ref) { evaluations { sector year grade evaluator sourceSystem } } }`;
  const grade = (value: string) => ({ kind: "evaluation", subject: { kind: "ORGANIZATION", identifier: c }, sector: "ROAD_TRANSPORT", year: 2025, grade: value, evaluator: "交通运输部" }) as const;
  const grades = async () => (await ok(server, GRADES, { ref: { kind: "ORGANIZATION", identifier: c } })).subject.evaluations;

  it("are imported under the partner's name, the same batch again changes nothing, a revised grade replaces the old", async () => {
    const first = batchText([subjectLine(c, "省平台评价企业丙"), grade("AA")], { partner: "PROVINCE" });
    expect((await post(first.text, province)).body).toMatchObject({ status: "IMPORTED", counts: { subject: 1, evaluation: 1 } });
    expect(await grades()).toEqual([{ sector: "ROAD_TRANSPORT", year: 2025, grade: "AA", evaluator: "交通运输部", sourceSystem: "exchange:PROVINCE" }]);
    const before = await version();
    expect((await post(first.text, province)).body).toMatchObject({ unchanged: true });
    expect(await version()).toBe(before);
    await server.db.execute(sql`truncate table exchange_batch`);
    expect((await post(batchText([grade("B")], { partner: "PROVINCE" }).text, province)).status).toBe(200);
    expect(await grades()).toEqual([expect.objectContaining({ grade: "B", sourceSystem: "exchange:PROVINCE" })]);
  });
});

describe("a partner's commitments", () => {
  const d = syntheticUscc(1006);
  const ref = { kind: "ORGANIZATION", identifier: d } as const;
  const line = (status: "VALID" | "BROKEN") => ({
    kind: "commitment", id: "c-1", subject: ref, commitmentKind: "LICENSING", matter: "道路货物运输经营许可", content: "本单位承诺所填报材料真实有效",
    signedAt: "2026-03-01T10:00:00+08:00", validUntil: null, status,
  }) satisfies Line;
  const COMMITMENTS = /* GraphQL */ `query ($ref: SubjectRef!) { subject(ref: $ref) { commitments { kind matter status signedAt } } }`;
  const reasons = async () => {
    const system = (await withKey(server.db, "SYSTEM", "审批系统")).headers;
    return (await ok(server, `query ($input: CheckInput!) { check(input: $input) { results { reasons { code } } } }`, { input: { scenario: "LICENSING", subjects: [ref] } }, system))
      .check.results[0].reasons.map((r: { code: string }) => r.code);
  };

  it("are imported with their source and count in checks; the same again changes nothing; a broken one is updated, its history kept, and decides the next check", async () => {
    const first = batchText([subjectLine(d, "省平台承诺企业戊"), line("VALID")], { partner: "PROVINCE" });
    expect((await post(first.text, province)).body).toMatchObject({ status: "IMPORTED", counts: { subject: 1, commitment: 1 } });
    expect((await ok(server, COMMITMENTS, { ref })).subject.commitments).toEqual([{ kind: "LICENSING", matter: "道路货物运输经营许可", status: "VALID", signedAt: "2026-03-01T02:00:00.000Z" }]);
    expect(await reasons()).toEqual(["COMMITMENT"]);
    const before = { history: await history(), version: await version() };
    expect((await post(first.text, province)).body).toMatchObject({ unchanged: true });
    expect(await history()).toBe(before.history);

    await server.db.execute(sql`truncate table exchange_batch`);
    expect((await post(batchText([line("BROKEN")], { partner: "PROVINCE" }).text, province)).status).toBe(200);
    expect((await ok(server, COMMITMENTS, { ref })).subject.commitments).toEqual([expect.objectContaining({ status: "BROKEN" })]);
    expect(await reasons()).toEqual(["COMMITMENT_BREACHED"]);
    const moves = rowsOf<{ from_status: string | null; to_status: string }>(await server.db.execute(sql`select from_status, to_status from state_change
      where entity = 'COMMITMENT' and entity_id = (select id from commitment where source = 'PROVINCE' and source_id = 'c-1') order by id`));
    expect(moves).toEqual([{ from_status: null, to_status: "VALID" }, { from_status: "VALID", to_status: "BROKEN" }]);
    expect(await version()).toBeGreaterThan(before.version);
  });

  it("with a status outside the commitments' is refused whole, naming the line", async () => {
    const { status, body } = await post(batchText([subjectLine(syntheticUscc(1007), "企业"), { ...line("VALID"), id: "c-2", status: "SIGNED" } as never]).text, province);
    expect(status).toBe(422);
    expect(body.errors[0].extensions).toMatchObject({ code: "INVALID_BATCH", line: 3 });
  });
});

describe("a batch refused whole, naming the line", () => {
  const good = (n: number) => [subjectLine(syntheticUscc(n), `企业${n}`), entryLine(`r-${n}`, syntheticUscc(n))];
  const cases: { name: string; make: () => string; line: number; rule: string }[] = [
    {
      name: "a corrupted line", line: 4, rule: "json",
      make: () => { const { text } = batchText([...good(2001), ...good(2002)]); const lines = text.split("\n"); lines[3] = lines[3]!.slice(0, 20); return lines.join("\n"); },
    },
    {
      name: "a wrong hash", line: 3, rule: "hash",
      make: () => { const { text, manifest } = batchText(good(2003)); return text.replace(manifest.sha256, "0".repeat(64)); },
    },
    {
      name: "an invalid USCC", line: 3, rule: "identifier",
      make: () => batchText([...good(2004), subjectLine("91350100M000100Y4Z", "坏代码企业")]).text,
    },
    {
      name: "a count the manifest does not announce", line: 3, rule: "count",
      make: () => { const { text, manifest } = batchText(good(2005)); return text.replace(`"listEntry":1`, `"listEntry":2`).replace(`"lines":2`, `"lines":3`).replace(manifest.sha256, manifest.sha256); },
    },
    {
      name: "an entry naming a subject nobody sent", line: 2, rule: "subject",
      make: () => batchText([entryLine("r-x", syntheticUscc(2999))]).text,
    },
  ];

  it.each(cases)("$name: INVALID_BATCH at line $line, nothing imported", async ({ make, line, rule }) => {
    const text = make();
    const entries = await imported();
    const subjects = await count(sql`select count(*)::int as n from subject`);
    const { status, body } = await post(text, province);
    expect(status).toBe(422);
    expect(body.errors[0].extensions).toMatchObject({ code: "INVALID_BATCH", line, rule });
    expect(body.errors[0].message).toContain(`line ${line}`);
    expect(await imported()).toBe(entries);
    expect(await count(sql`select count(*)::int as n from subject`)).toBe(subjects);
    const [row] = rowsOf<{ status: string; error: string }>(await server.db.execute(sql`select status, error from exchange_batch`));
    expect(row).toMatchObject({ status: "REJECTED", error: expect.stringContaining(`line ${line}`) });
  });

  it("refused, may come again corrected under the same batch id; an imported batch may not change", async () => {
    const batchId = "7a0e5a52-3f0c-4c1e-9d39-6a1f3c1d2b01";
    const broken = batchText([subjectLine(syntheticUscc(2007), "待更正企业"), entryLine("fix-1", syntheticUscc(2007), { effectiveFrom: "2026-13-01" })], { partner: "PROVINCE", batchId });
    expect((await post(broken.text, province)).status).toBe(422);
    const fixed = batchText([subjectLine(syntheticUscc(2007), "待更正企业"), entryLine("fix-1", syntheticUscc(2007))], { partner: "PROVINCE", batchId });
    expect((await post(fixed.text, province)).body).toMatchObject({ batchId, status: "IMPORTED", unchanged: false, counts: { listEntry: 1 } });
    const changed = batchText([subjectLine(syntheticUscc(2007), "待更正企业"), entryLine("fix-1", syntheticUscc(2007), { list: "WATCH" })], { partner: "PROVINCE", batchId });
    const again = await post(changed.text, province);
    expect(again.status).toBe(422);
    expect(again.body.errors[0].extensions).toMatchObject({ code: "INVALID_BATCH", line: 1, rule: "manifest" });
  });

  it("in Chinese by default", async () => {
    const { text, manifest } = batchText(good(2006));
    const res = await fetch(`${server.url}/exchange/batches`, { method: "POST", headers: province, body: text.replace(manifest.sha256, "f".repeat(64)) });
    expect(((await res.json()) as any).errors[0].message).toMatch(/^批次整体被拒绝，未导入任何数据：第 3 行/);
  });
});

describe("who may deliver", () => {
  it("a key not named after a partner may not; nor may anyone without a key", async () => {
    const { text } = batchText([subjectLine(syntheticUscc(3001), "企业")]);
    expect((await post(text, stranger)).status).toBe(403);
    expect((await post(text, {})).status).toBe(403);
    expect((await post(text, { authorization: "Bearer nope" })).status).toBe(401);
  });

  it("ADMIN imports a batch file by importBatch, and over HTTP naming the partner", async () => {
    const { text, manifest } = batchText([subjectLine(syntheticUscc(3002), "部平台企业"), entryLine("m-1", syntheticUscc(3002))], { partner: "MINISTRY" });
    const data = await ok(server, `mutation ($c: String!) { importBatch(partner: MINISTRY, content: $c) { id direction partner status lines } }`, { c: text }, admin);
    expect(data.importBatch).toEqual({ id: manifest.batchId, direction: "IMPORT", partner: "MINISTRY", status: "IMPORTED", lines: 2 });
    const other = batchText([subjectLine(syntheticUscc(3003), "部平台企业二")], { partner: "MINISTRY" });
    expect((await post(other.text, admin, "?partner=MINISTRY")).status).toBe(200);
    const refused = await server.gql(`mutation ($c: String!) { importBatch(partner: MINISTRY, content: $c) { id } }`, { c: text }, province);
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("the cost of an import", () => {
  it("a fixed number of statements per chunk of lines, whatever its size", async () => {
    const measure = async (n: number, from: number) => {
      const lines = Array.from({ length: n }, (_, i) => [subjectLine(syntheticUscc(from + i), `企业${from + i}`), entryLine(`s-${from + i}`, syntheticUscc(from + i))]).flat();
      const before = server.statements().count;
      expect((await post(batchText(lines).text, province)).status).toBe(200);
      return server.statements().count - before;
    };
    const small = await measure(2, 5000);
    const large = await measure(400, 6000);
    expect(large).toBe(small);
  });
});

describe("a batch for a partner", () => {
  const EXPORT = `mutation { exportBatch(partner: MINISTRY) { id status lines counts { kind count } } }`;

  it("is made once and given again until acknowledged; the partner lists, downloads and acknowledges it with its key", async () => {
    const f = (await import("../support/fixtures.js")).fixtures(server.db, server.protector);
    const own = await f.subject({ kind: "ORGANIZATION", name: "本省失信企业", region: "530102" });
    await f.entry(own.id, { list: "BLACK" });
    const person = await f.subject({ kind: "PERSON", name: "张三", region: "530102" });
    await f.entry(person.id, { list: "BLACK" });
    const made = (await ok(server, EXPORT, {}, admin)).exportBatch;
    expect(made.status).toBe("PENDING");
    // Persons stay home: the ministry may not have protected personal data (EXCHANGE_MINISTRY_PERSONAL is off).
    expect(made.counts).toEqual(expect.arrayContaining([{ kind: "subject", count: 1 }, { kind: "listEntry", count: 1 }]));
    expect((await ok(server, EXPORT, {}, admin)).exportBatch.id).toBe(made.id);

    const ministry = (await withKey(server.db, "PARTNER", "MINISTRY")).headers;
    const listed = await (await fetch(`${server.url}/exchange/batches`, { headers: ministry })).json() as any;
    expect(listed.batches.map((b: any) => b.id)).toContain(made.id);
    const file = await fetch(`${server.url}/exchange/batches/${made.id}`, { headers: ministry });
    expect(file.status).toBe(200);
    expect((await file.text()).split("\n").filter(Boolean)).toHaveLength(1 + made.lines);
    expect((await fetch(`${server.url}/exchange/batches/${made.id}`, { headers: province })).status).toBe(404);

    const ACK = `mutation ($id: ID!) { acknowledgeBatch(id: $id) { id status } }`;
    expect((await server.gql(ACK, { id: made.id }, province)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await ok(server, ACK, { id: made.id }, ministry)).acknowledgeBatch).toEqual({ id: made.id, status: "ACKNOWLEDGED" });
    const next = (await ok(server, EXPORT, {}, admin)).exportBatch;
    expect(next.id).not.toBe(made.id);
    expect(next.lines).toBe(0);
  });
});

describe("grades in a batch for a partner", () => {
  const c = syntheticUscc(1005);
  const grade = (value: string) => ({ kind: "evaluation", subject: { kind: "ORGANIZATION", identifier: c }, sector: "ROAD_TRANSPORT", year: 2025, grade: value, evaluator: "交通运输部" }) as const;

  it("a partner's grades are not passed on to the other partner; the register's own grade goes, and goes again when revised", async () => {
    expect((await post(batchText([subjectLine(c, "省平台评价企业丙"), grade("A")], { partner: "PROVINCE" }).text, province)).status).toBe(200);
    const own = syntheticUscc(1004);
    const system = (await withKey(server.db, "SYSTEM", "公路建设市场信用系统")).headers;
    const submit = (value: string) => ok(server, `mutation ($input: [EvaluationInput!]!) { submitEvaluations(input: $input) { created updated } }`, { input: [{
      subject: { kind: "ORGANIZATION", identifier: own }, subjectName: "本省评价企业丁", sector: "HIGHWAY_CONSTRUCTION", year: 2025, grade: value,
      evaluator: "云南省交通运输厅", sourceSystem: "YN-HIGHWAY-CREDIT",
    }] }, system);
    await submit("AA");
    const grades = (lines: any[]) => lines.filter((l) => l.kind === "evaluation").map((l) => [l.subject.identifier, l.grade]);
    const first = await ministryBatch();
    expect(grades(first.lines)).toEqual([[own, "AA"]]);
    await first.ack();
    await submit("B");
    expect(grades((await ministryBatch()).lines)).toEqual([[own, "B"]]);
  });

  it("the register's own commitment goes, and goes again when it is broken; a partner's does not", async () => {
    const own = syntheticUscc(1008);
    await (await import("../support/fixtures.js")).fixtures(server.db, server.protector).subject({ kind: "ORGANIZATION", identifier: own, name: "本省承诺企业己", region: "530102" });
    const system = (await withKey(server.db, "SYSTEM", "道路运政管理系统")).headers;
    const { registerCommitment } = await ok(server, `mutation ($input: CommitmentInput!) { registerCommitment(input: $input) { id } }`, { input: {
      ref: { kind: "ORGANIZATION", identifier: own }, kind: "LICENSING", matter: "道路货物运输经营许可", content: "本单位承诺所填报材料真实有效",
      signedAt: new Date(Date.now() - 3600_000).toISOString(),
    } }, system);
    const commitments = (lines: any[]) => lines.filter((l) => l.kind === "commitment").map((l) => [l.subject.identifier, l.status]);
    const first = await ministryBatch();
    // The partner's commitment imported above (c-1) stays home.
    expect(commitments(first.lines)).toEqual([[own, "VALID"]]);
    await first.ack();
    await ok(server, `mutation ($id: ID!, $reason: String!) { breachCommitment(id: $id, reason: $reason) { status } }`, { id: registerCommitment.id, reason: "提供虚假材料" }, admin);
    expect(commitments((await ministryBatch()).lines)).toEqual([[own, "BROKEN"]]);
  });
});

describe("a partner's penalties and the listing rules", () => {
  const vehicle = { kind: "VEHICLE", identifier: "云A7E316" } as const;
  const operator = syntheticUscc(1009);
  const penalty = (n: number, daysAgo: number, status: "PUBLISHED" | "REVOKED" = "PUBLISHED") => ({
    kind: "record", subject: vehicle, sourceSystem: "YN-PROVINCE-OVERLOAD", decisionNumber: `省治超罚〔2026〕${n}号`, category: "PENALTY",
    content: "违法超限运输，罚款3000元", decisionDate: daysFromToday(-daysAgo), authority: "曲靖市交通运输综合行政执法支队", severity: "ORDINARY", status,
    publishedAt: new Date().toISOString(), publicationEnds: null, violation: "OVERLIMIT_TRANSPORT",
    parties: [{ role: "OPERATOR", subject: { kind: "ORGANIZATION", identifier: operator } }],
  }) satisfies Line;
  const entries = async (ref: { kind: string; identifier: string }) =>
    (await ok(server, `query ($ref: SubjectRef!) { subject(ref: $ref) { listEntries(includeInactive: true) { rule status effectiveFrom } } }`, { ref }, admin)).subject.listEntries;

  it("count as the register's own: the 4th lists the vehicle and its operator in the same import; the partner revoking one ends the vehicle's entry", async () => {
    const subjects = [{ kind: "subject", subjectKind: "VEHICLE", identifier: vehicle.identifier, name: "云A7E316 重型半挂牵引车", region: "530302" } as Line, subjectLine(operator, "曲靖测试物流有限公司", "530302")];
    const first = batchText([...subjects, penalty(1, 300), penalty(2, 200), penalty(3, 100), penalty(4, 10)], { partner: "PROVINCE" });
    expect((await post(first.text, province)).status).toBe(200);
    expect(await entries(vehicle)).toEqual([{ rule: "OVERLIMIT_VEHICLE", status: "ACTIVE", effectiveFrom: daysFromToday(-10) }]);
    expect(await entries({ kind: "ORGANIZATION", identifier: operator })).toEqual([expect.objectContaining({ status: "ACTIVE" })]);

    await server.db.execute(sql`truncate table exchange_batch`);
    expect((await post(batchText([penalty(2, 200, "REVOKED")], { partner: "PROVINCE" }).text, province)).status).toBe(200);
    expect(await entries(vehicle)).toEqual([{ rule: "OVERLIMIT_VEHICLE", status: "REVOKED", effectiveFrom: daysFromToday(-10) }]);
  });
});

describe("repairs between platforms", () => {
  const e = syntheticUscc(1010);
  const ref = { kind: "ORGANIZATION", identifier: e } as const;
  const repairLine = (status: "APPROVED" | "REVERSED") => ({
    kind: "repair", id: `r-${status}`, subject: ref, target: { kind: "listEntry", id: "p-repair" }, status, reason: "已整改并缴清罚款",
    decidedAt: new Date().toISOString(), decisionReason: status === "APPROVED" ? "整改到位，同意修复" : "整改材料不实，撤销修复",
  }) satisfies Line;
  const entryOf = async () => (await entries(ref))[0];
  const entries = async (r: typeof ref) =>
    (await ok(server, `query ($ref: SubjectRef!) { subject(ref: $ref) { listEntries(includeInactive: true) { id status source } } }`, { ref: r }, admin)).subject.listEntries;

  it("a partner's repair ends the entry it sent as REPAIRED, with the repair's reason in the history; its reversal brings it back", async () => {
    await server.db.execute(sql`truncate table exchange_batch`);
    expect((await post(batchText([subjectLine(e, "省平台修复企业庚"), entryLine("p-repair", e)], { partner: "PROVINCE" }).text, province)).status).toBe(200);
    expect(await entryOf()).toMatchObject({ status: "ACTIVE", source: "PROVINCE" });
    const repaired = await post(batchText([repairLine("APPROVED")], { partner: "PROVINCE" }).text, province);
    expect(repaired.body).toMatchObject({ status: "IMPORTED", counts: { repair: 1 } });
    const entry = await entryOf();
    expect(entry.status).toBe("REPAIRED");
    const [change] = rowsOf<{ to_status: string; reason: string }>(await server.db.execute(sql`select to_status, reason from state_change where entity_id = ${entry.id} order by id desc limit 1`));
    expect(change).toMatchObject({ to_status: "REPAIRED" });
    expect(change!.reason).toContain("信用修复：整改到位，同意修复");
    expect((await post(batchText([repairLine("REVERSED")], { partner: "PROVINCE" }).text, province)).status).toBe(200);
    expect((await entryOf()).status).toBe("ACTIVE");
  });

  it("the register's own approved repair goes to the partner as a repair line naming the entry", async () => {
    const f = (await import("../support/fixtures.js")).fixtures(server.db, server.protector);
    const own = await f.subject({ kind: "ORGANIZATION", name: "本省修复企业辛", region: "530102" });
    const record = await f.record(own.id, { decisionDate: daysFromToday(-200) });
    const entry = await f.entry(own.id, { list: "WATCH", reasonCode: "UNPAID_FINE", reasonText: "逾期未缴纳罚款", basisRecordIds: [record.id], effectiveFrom: daysFromToday(-200) });
    const system = (await withKey(server.db, "SYSTEM", "信用修复系统")).headers;
    await ok(server, `mutation ($input: CommitmentInput!) { registerCommitment(input: $input) { id } }`, { input: {
      ref: { kind: "ORGANIZATION", identifier: own.identifier }, kind: "REPAIR", matter: "信用修复", content: "本单位已缴清罚款", signedAt: new Date(Date.now() - 3600_000).toISOString(),
    } }, system);
    const { applyRepair } = await ok(server, `mutation ($input: RepairInput!) { applyRepair(input: $input) { id } }`, { input: { targetKind: "ENTRY", targetId: entry.id, reason: "罚款已缴清" } }, system);
    await ok(server, `mutation ($id: ID!) { decideRepair(id: $id, approved: true, reason: "同意移出重点关注名单") { id } }`, { id: applyRepair.id }, admin);
    const { lines } = await ministryBatch();
    expect(lines.filter((l) => l.kind === "repair")).toEqual([expect.objectContaining({
      id: applyRepair.id, subject: { kind: "ORGANIZATION", identifier: own.identifier }, target: { kind: "listEntry", id: entry.id }, status: "APPROVED", decisionReason: "同意移出重点关注名单",
    })]);
    expect(lines.find((l) => l.kind === "listEntry" && l.id === entry.id)).toMatchObject({ status: "REPAIRED" });
  });
});

describe.skipIf(!process.env.DATABASE_URL)("a change committed while an export reads", () => {
  it("is in the next batch, not lost behind the period already sent", async () => {
    const postgres = (await import("postgres")).default;
    const f = (await import("../support/fixtures.js")).fixtures(server.db, server.protector);
    const own = await f.subject({ kind: "ORGANIZATION", name: "并发导出测试企业", region: "530102" });
    const entry = await f.entry(own.id, { list: "WATCH", reasonCode: "UNPAID_FINE", reasonText: "逾期未缴纳罚款" });
    const exportAndAck = async () => {
      const batch = await ministryBatch();
      await batch.ack();
      return batch.lines.filter((l) => l.kind === "listEntry" && l.id === entry.id).map((l) => l.reasonText);
    };
    expect(await exportAndAck()).toEqual(["逾期未缴纳罚款"]);
    const other = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      let during: string[] = [];
      await other.begin(async (tx) => {
        await tx`update list_entry set reason_text = '逾期未缴纳罚款（已催缴）', updated_at = now() where id = ${entry.id}`;
        during = await exportAndAck();
      });
      expect(during).toEqual([]);
    } finally {
      await other.end();
    }
    expect(await exportAndAck()).toEqual(["逾期未缴纳罚款（已催缴）"]);
  });
});
