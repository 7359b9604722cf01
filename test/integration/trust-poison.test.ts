// Text the register cannot store is refused where it enters, and one request's bad input never
// costs another caller its answer; a change and its audit event commit together or not at all.
import { and, gte, lte, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { calendarDay } from "../../src/db/schema.js";
import { rowsOf } from "../../src/db/client.js";
import { logger } from "../../src/logger.js";
import { asAdmin, type Headers, withKey } from "../support/auth.js";
import { fixtures, uscc } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();

const CHECK = /* GraphQL */ `query ($subjects: [SubjectRef!]!, $matter: String) {
  check(input: { scenario: LICENSING, subjects: $subjects, matter: $matter }) { results { decision } } }`;
const SET_DAY = /* GraphQL */ `mutation ($input: CalendarDayInput!) { setCalendarDay(input: $input) { day } }`;
const EVENTS = /* GraphQL */ `query ($operation: String) { auditEvents(operation: $operation, first: 100) { nodes { operation purpose outcome errorCodes } } }`;

const YEAR = 2098;
const inYear = and(gte(calendarDay.day, `${YEAR}-01-01`), lte(calendarDay.day, `${YEAR}-12-31`));

let admin: Headers;
let system: Headers;
let company: string;

async function post(body: unknown, headers: Headers = {}) {
  const res = await fetch(`${server.url}/graphql`, {
    method: "POST", headers: { "content-type": "application/json", "accept-language": "en", ...headers }, body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] } };
}

const codes = (body: { errors?: { extensions?: Record<string, any> }[] }) => (body.errors ?? []).map((e) => e.extensions?.code);

beforeAll(async () => {
  await server.db.delete(calendarDay).where(inYear);
  admin = await asAdmin();
  system = (await withKey(server.db, "SYSTEM", "licensing-system")).headers;
  company = uscc();
  await fixtures(server.db, server.protector).subject({ kind: "ORGANIZATION", name: "昆明测试物流有限公司", identifier: company });
});

afterAll(async () => {
  await server.db.delete(calendarDay).where(inYear);
});

describe("text the register cannot store is refused where it enters", () => {
  const check = (matter: string) => ({ query: CHECK, variables: { subjects: [{ kind: "ORGANIZATION", identifier: company }], matter } });

  it.each([
    ["a NUL in a variable", check("a\u0000b"), {}],
    ["an unpaired surrogate in a variable", check("\ud800"), {}],
    ["a lone low surrogate in a variable", check("x\udc00"), {}],
    ["a NUL in a string literal of the document", { query: `{ check(input: { scenario: LICENSING, subjects: [], matter: "a\\u0000b" }) { checkedAt } }` }, {}],
    ["a NUL in the operation name", { query: "query Q { me { role } }", operationName: "Q\u0000" }, {}],
    ["a percent-encoded NUL in X-Purpose", check("ok"), { "x-purpose": "%00" }],
  ])("%s: BAD_USER_INPUT, nothing run, nothing audited", async (_name, body, headers) => {
    const before = server.statements().audit;
    const res = await post(body, { ...system, ...headers });
    expect(res.status).toBe(400);
    expect(codes(res.body)).toEqual(["BAD_USER_INPUT"]);
    expect(res.body.errors![0]!.message).toMatch(/cannot store/);
    expect(res.body.data ?? null).toBeNull();
    expect(server.statements().audit).toBe(before);
  });

  it("an unpaired surrogate escaped in a string literal is not GraphQL: refused by the parser, nothing run", async () => {
    const before = server.statements().audit;
    const res = await post({ query: `{ check(input: { scenario: LICENSING, subjects: [], matter: "\\ud800" }) { checkedAt } }` }, system);
    expect(res.status).toBe(400);
    expect(codes(res.body)).toEqual(["GRAPHQL_PARSE_FAILED"]);
    expect(server.statements().audit).toBe(before);
  });

  it("a NUL in a calendar note is BAD_USER_INPUT and stores nothing", async () => {
    const res = await post({ query: SET_DAY, variables: { input: { day: `${YEAR}-01-05`, working: false, note: "a\u0000b" } } }, admin);
    expect(codes(res.body)).toEqual(["BAD_USER_INPUT"]);
    expect(await server.db.select().from(calendarDay).where(inYear)).toHaveLength(0);
  });

  it("a NUL anonymous callers send in X-Purpose is refused like any other", async () => {
    const res = await post({ query: `{ subject(ref: { kind: ORGANIZATION, identifier: "${company}" }) { name } }` }, { "x-purpose": "%00" });
    expect(res.status).toBe(400);
    expect(codes(res.body)).toEqual(["BAD_USER_INPUT"]);
  });

  it("characters outside the BMP are stored, not refused", async () => {
    const res = await post(check("许可 𠀀 😀"), system);
    expect(res.body.errors).toBeUndefined();
  });
});

describe("X-Purpose carries Chinese text", () => {
  it.each([
    ["percent-encoded UTF-8", encodeURIComponent("行政许可审查")],
    ["UTF-8 as it is", Buffer.from("行政许可审查", "utf8").toString("latin1")],
  ])("%s is decoded and stored as the caller wrote it", async (_name, header) => {
    const name = `purpose${Math.random().toString(36).slice(2, 8)}`;
    const res = await post({ query: `query ${name} { subject(ref: { kind: ORGANIZATION, identifier: "${company}" }) { name } }` }, { ...system, "x-purpose": header });
    expect(res.body.errors).toBeUndefined();
    const events = (await post({ query: EVENTS, variables: { operation: name } }, admin)).body.data.auditEvents.nodes;
    expect(events).toEqual([expect.objectContaining({ purpose: "行政许可审查", outcome: "OK" })]);
  });

  it("a percent sign that is not an encoding is kept as sent", async () => {
    const res = await post({ query: `query keptPercent { subject(ref: { kind: ORGANIZATION, identifier: "${company}" }) { name } }` }, { ...system, "x-purpose": Buffer.from("复核 100%ab", "utf8").toString("latin1") });
    expect(res.body.errors).toBeUndefined();
    const events = (await post({ query: EVENTS, variables: { operation: "keptPercent" } }, admin)).body.data.auditEvents.nodes;
    expect(events[0].purpose).toBe("复核 100%ab");
  });
});

describe("one caller's bad input never costs another its answer", () => {
  it("poisoned requests among 20 concurrent SYSTEM callers lose no other answer", async () => {
    const good = Array.from({ length: 20 }, (_, i) => post({ query: CHECK, variables: { subjects: [{ kind: "ORGANIZATION", identifier: company }], matter: `许可 ${i}` } }, system));
    const poisoned = Array.from({ length: 10 }, (_, i) => [
      post({ query: CHECK, variables: { subjects: [{ kind: "ORGANIZATION", identifier: company }], matter: "a\u0000b" } }, system),
      post({ query: `{ subject(ref: { kind: ORGANIZATION, identifier: "${company}" }) { name } }` }, { "x-purpose": "%00" }),
      post({ query: CHECK, variables: { subjects: [{ kind: "ORGANIZATION", identifier: company }], matter: `\ud800${i}` } }, system),
    ]).flat();
    const [answers, refused] = await Promise.all([Promise.all(good), Promise.all(poisoned)]);
    for (const res of answers) {
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.check.results[0].decision).toBe("PASS");
    }
    for (const res of refused) expect(codes(res.body)).toEqual(["BAD_USER_INPUT"]);
  });

  it("concurrent ADMIN changes under poison: every change has its audit event", async () => {
    const changes = Array.from({ length: 12 }, (_, i) => post({ query: `mutation poisonRound { setCalendarDay(input: { day: "${YEAR}-03-${String(i + 1).padStart(2, "0")}", working: false, note: "调整 ${i}" }) { day } }` }, admin));
    const poison = Array.from({ length: 12 }, () => post({ query: SET_DAY, variables: { input: { day: `${YEAR}-04-01`, working: false, note: "\u0000" } } }, { ...admin, "x-purpose": "%00" }));
    const results = await Promise.all([...changes, ...poison]);
    for (const res of results.slice(0, 12)) expect(res.body.errors).toBeUndefined();
    const stored = await server.db.select().from(calendarDay).where(inYear);
    const events = (await post({ query: EVENTS, variables: { operation: "poisonRound" } }, admin)).body.data.auditEvents.nodes;
    expect(stored).toHaveLength(12);
    expect(events.filter((e: any) => e.outcome === "OK")).toHaveLength(12);
  });
});

describe("a change and its audit event commit together", () => {
  it("when the event cannot be written, the change is rolled back and the caller is told", async () => {
    await server.db.execute(sql`create or replace function refuse_audit_event() returns trigger language plpgsql as $$
      begin if new.operation = 'unauditable' then raise exception 'refused'; end if; return new; end $$`);
    await server.db.execute(sql`create trigger refuse_audit_event before insert on audit_event for each row execute function refuse_audit_event()`);
    try {
      const res = await post({ query: `mutation unauditable { setCalendarDay(input: { day: "${YEAR}-06-01", working: false, note: "未审计" }) { day } }` }, admin);
      expect(codes(res.body)).toEqual(["INTERNAL_SERVER_ERROR"]);
      expect(res.body.data?.setCalendarDay ?? null).toBeNull();
    } finally {
      await server.db.execute(sql`drop trigger refuse_audit_event on audit_event`);
    }
    const day = rowsOf(await server.db.execute(sql`select 1 from calendar_day where day = ${`${YEAR}-06-01`}`));
    expect(day).toHaveLength(0);
  });

  it("a read whose event cannot be written is withheld, and its log line says so", async () => {
    await server.db.execute(sql`create or replace function refuse_audit_event() returns trigger language plpgsql as $$
      begin if new.operation = 'unauditableRead' then raise exception 'refused'; end if; return new; end $$`);
    await server.db.execute(sql`create trigger refuse_audit_event before insert on audit_event for each row execute function refuse_audit_event()`);
    const info = vi.spyOn(logger, "info");
    try {
      const res = await post({ query: `query unauditableRead { subject(ref: { kind: ORGANIZATION, identifier: "${company}" }) { name } }` }, { ...system, "x-request-id": "withheld-1" });
      expect(codes(res.body)).toEqual(["INTERNAL_SERVER_ERROR"]);
      expect(res.body.data ?? null).toBeNull();
      const line = info.mock.calls.map(([fields]) => fields as Record<string, unknown>).find((f) => f.requestId === "withheld-1");
      expect(line).toMatchObject({ operation: "unauditableRead", outcome: "INTERNAL_SERVER_ERROR" });
    } finally {
      info.mockRestore();
      await server.db.execute(sql`drop trigger refuse_audit_event on audit_event`);
    }
  });

  it("a successful change is recorded once, with the caller and OK", async () => {
    const res = await post({ query: `mutation recordedOnce { setCalendarDay(input: { day: "${YEAR}-07-01", working: false, note: "记录" }) { day } }` }, { ...admin, "x-purpose": encodeURIComponent("年度调休") });
    expect(res.body.errors).toBeUndefined();
    const events = (await post({ query: EVENTS, variables: { operation: "recordedOnce" } }, admin)).body.data.auditEvents.nodes;
    expect(events).toEqual([{ operation: "recordedOnce", purpose: "年度调休", outcome: "OK", errorCodes: [] }]);
  });

  it("a refused change is recorded with its error code and stores nothing", async () => {
    const res = await post({ query: `mutation refusedChange { setCalendarDay(input: { day: "1800-01-01", working: false, note: "x" }) { day } }` }, admin);
    expect(codes(res.body)).toEqual(["BAD_USER_INPUT"]);
    const events = (await post({ query: EVENTS, variables: { operation: "refusedChange" } }, admin)).body.data.auditEvents.nodes;
    expect(events).toEqual([expect.objectContaining({ outcome: "ERROR", errorCodes: ["BAD_USER_INPUT"] })]);
  });
});
