import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { asc, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvent as auditTable } from "../../src/db/schema.js";
import { type NewAuditEvent } from "../../src/modules/audit/audit.chain.js";
import { AuditWriter } from "../../src/modules/audit/audit.service.js";
import { verifyChain } from "../../src/modules/audit/audit.verify.js";
import { appendEvents } from "../../src/modules/audit/audit.store.js";
import { asAdmin, asOfficer, withKey } from "../support/auth.js";
import { fixtures } from "../support/fixtures.js";
import { emptyAuditTrail, useTestServer } from "../support/server.js";
import { rowsOf } from "../../src/db/client.js";

const server = useTestServer();
const root = fileURLToPath(new URL("../..", import.meta.url));

let n = 0;
function auditEvent(values: Partial<NewAuditEvent> = {}): NewAuditEvent {
  n += 1;
  return {
    at: new Date(), requestId: `req-${n}`, principal: "jwt:officer-1", role: "OFFICER", operation: "LookUp",
    purpose: null, subjectIds: ["0b7c4a2e-1d7e-4c59-9f0e-2f1c7a9d4e11"], protectedFields: [], grantId: null, outcome: "OK",
    ...values,
  };
}

async function chainOf(size: number) {
  await appendEvents(server.db, Array.from({ length: size }, () => auditEvent()));
}

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await server.db.execute(query);
  return rowsOf<T>(result);
}

const eventCount = async () => (await rows<{ n: number }>(sql`select count(*)::int as n from audit_event`))[0]!.n;

beforeEach(async () => {
  await emptyAuditTrail(server.db);
});

describe("the audit chain", () => {
  it("events appended in several batches form one intact chain numbered from 1", async () => {
    await chainOf(3);
    await appendEvents(server.db, [auditEvent({ purpose: "年度核查", subjectIds: [], protectedFields: ["PERSON_ID", "phone"] })]);
    await chainOf(2);
    expect(await verifyChain(server.db)).toEqual({ ok: true, events: 6 });
    const seqs = await rows<{ seq: string }>(sql`select seq::text as seq from audit_event order by seq`);
    expect(seqs.map((r) => r.seq)).toEqual(["1", "2", "3", "4", "5", "6"]);
  });

  it("an empty trail is an intact chain of 0 events", async () => {
    expect(await verifyChain(server.db)).toEqual({ ok: true, events: 0 });
  });

  it("verification walks long chains in chunks and reports its progress", async () => {
    await chainOf(10);
    const progress: number[] = [];
    expect(await verifyChain(server.db, (checked) => progress.push(checked), 3)).toEqual({ ok: true, events: 10 });
    expect(progress).toEqual([3, 6, 9, 10]);
  });

  it("two writers appending at once, as two API processes do, still extend one chain", async () => {
    const a = new AuditWriter(server.handle.prepare);
    const b = new AuditWriter(server.handle.prepare);
    for (let round = 0; round < 20; round++) {
      await Promise.all([a.append(auditEvent()), b.append(auditEvent()), b.append(auditEvent())]);
    }
    expect(await verifyChain(server.db)).toEqual({ ok: true, events: 60 });
  });
});

describe("group commit", () => {
  it("100 concurrent appends are written by one transaction, not a statement each", async () => {
    const writer = new AuditWriter(server.handle.prepare);
    const before = server.statements().count;
    await Promise.all(Array.from({ length: 100 }, () => writer.append(auditEvent())));
    // one call of the append function (lock, tail, inserts inside the database)
    expect(server.statements().count - before).toBe(1);
    expect(await eventCount()).toBe(100);
  });

  it("events arriving while a flush runs are written together by the next one", async () => {
    const writer = new AuditWriter(server.handle.prepare);
    const before = server.statements().count;
    const first = writer.append(auditEvent());
    await new Promise((resolve) => setImmediate(resolve)); // the first flush has started
    const rest = Array.from({ length: 50 }, () => writer.append(auditEvent()));
    await Promise.all([first, ...rest]);
    expect(server.statements().count - before).toBe(2);
    expect(await verifyChain(server.db)).toEqual({ ok: true, events: 51 });
  });

  it("an append resolves only after its event is committed", async () => {
    const writer = new AuditWriter(server.handle.prepare);
    await writer.append(auditEvent({ requestId: "committed" }));
    expect(await rows(sql`select 1 from audit_event where request_id = 'committed'`)).toHaveLength(1);
  });

  it("when the database refuses one event of a flush, only that event fails", async () => {
    const writer = new AuditWriter(server.handle.prepare);
    await server.db.execute(sql`create or replace function refuse_audit_event() returns trigger language plpgsql as $$
      begin if new.operation = 'refused-by-the-database' then raise exception 'refused'; end if; return new; end $$`);
    await server.db.execute(sql`create trigger refuse_audit_event before insert on audit_event for each row execute function refuse_audit_event()`);
    try {
      const results = await Promise.allSettled([
        writer.append(auditEvent({ requestId: "kept" })), writer.append(auditEvent({ operation: "refused-by-the-database" })), writer.append(auditEvent({ requestId: "kept" })),
      ]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expect(await rows(sql`select 1 from audit_event where request_id = 'kept'`)).toHaveLength(2);
    } finally {
      await server.db.execute(sql`drop trigger refuse_audit_event on audit_event`);
    }
    await writer.append(auditEvent());
    expect((await verifyChain(server.db)).ok).toBe(true);
  });

  it("text the database cannot store fails its own event alone, before it joins a batch", async () => {
    const writer = new AuditWriter(server.handle.prepare);
    const results = await Promise.allSettled([writer.append(auditEvent()), writer.append(auditEvent({ operation: "bad\u0000" })), writer.append(auditEvent({ purpose: "\ud800" }))]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected"]);
    expect(await eventCount()).toBe(1);
  });

  it("an event the database would refuse is rejected alone, before it joins a batch", async () => {
    const writer = new AuditWriter(server.handle.prepare);
    const results = await Promise.allSettled([writer.append(auditEvent()), writer.append(auditEvent({ subjectIds: ["not-a-uuid"] }))]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    expect(await eventCount()).toBe(1);
  });

  it("close() writes what is pending, and later appends are refused", async () => {
    const writer = new AuditWriter(server.handle.prepare);
    const pending = Array.from({ length: 5 }, () => writer.append(auditEvent()));
    await writer.close();
    expect(await eventCount()).toBe(5);
    await Promise.all(pending);
    await expect(writer.append(auditEvent())).rejects.toThrow(/closed/);
  });
});

describe("tampering with stored events", () => {
  it("changing one event's content by SQL breaks the chain at that event", async () => {
    await chainOf(6);
    await server.db.execute(sql`update audit_event set outcome = 'ERROR:FORBIDDEN' where seq = 4`);
    expect(await verifyChain(server.db)).toMatchObject({ ok: false, brokenSeq: 4, problem: "CONTENT_CHANGED", events: 3 });
  });

  it("changing a served subject or protected field is found too", async () => {
    await chainOf(3);
    await server.db.execute(sql`update audit_event set protected_fields = '{}' , subject_ids = '{}' where seq = 2`);
    expect(await verifyChain(server.db)).toMatchObject({ ok: false, brokenSeq: 2, problem: "CONTENT_CHANGED" });
  });

  it("swapping two events (their whole rows but seq) breaks the chain at the first of them", async () => {
    await chainOf(6);
    await server.db.execute(sql`
      update audit_event a set at = b.at, request_id = b.request_id, principal = b.principal, role = b.role,
        operation = b.operation, purpose = b.purpose, subject_ids = b.subject_ids, protected_fields = b.protected_fields,
        grant_id = b.grant_id, outcome = b.outcome, prev_hash = b.prev_hash, hash = b.hash
      from audit_event b where (a.seq, b.seq) in ((3, 4), (4, 3))`);
    expect(await verifyChain(server.db)).toMatchObject({ ok: false, brokenSeq: 3, problem: "PREV_HASH_MISMATCH" });
  });

  it("swapping only the contents of two events breaks the chain at the first of them", async () => {
    await chainOf(6);
    await server.db.execute(sql`update audit_event set request_id = case seq when 2 then 'req-x' else request_id end where seq in (2, 5)`);
    await server.db.execute(sql`
      update audit_event a set request_id = b.request_id from audit_event b where (a.seq, b.seq) in ((2, 5), (5, 2))`);
    expect(await verifyChain(server.db)).toMatchObject({ ok: false, brokenSeq: 2, problem: "CONTENT_CHANGED" });
  });

  it("deleting an event in the middle names the missing seq", async () => {
    await chainOf(6);
    await server.db.execute(sql`delete from audit_event where seq = 3`);
    const verdict = await verifyChain(server.db);
    expect(verdict).toMatchObject({ ok: false, brokenSeq: 3, problem: "SEQ_GAP", events: 2 });
    expect(verdict.ok || verdict.reason).toMatch(/event 3 is missing/);
  });

  it("inserting a forged event with a fitting seq is found by its prev_hash", async () => {
    await chainOf(4);
    await server.db.execute(sql`delete from audit_event where seq = 4`);
    // a well-formed seq 4 (the append never gives a seq twice, so it is written by SQL) …
    await server.db.execute(sql`insert into audit_event (seq, at, request_id, principal, role, operation, purpose, subject_ids,
      protected_fields, grant_id, outcome, prev_hash, hash) select 4, at, request_id, principal, role, operation, purpose, subject_ids,
      protected_fields, grant_id, outcome, ${"a".repeat(64)}, hash from audit_event where seq = 3`); // … not linked to 3
    expect(await verifyChain(server.db)).toMatchObject({ ok: false, brokenSeq: 4, problem: "PREV_HASH_MISMATCH" });
  });
});

/** Runs `npm run audit:verify`'s command against the test database. */
function auditVerify(): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "src/cli/audit-verify.ts"], { cwd: root, env: process.env }, (error, stdout) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout });
    });
  });
}

// An in-memory PGlite cannot be reached from another process: the CLI runs on PostgreSQL only.
describe.skipIf(!process.env.DATABASE_URL)("npm run audit:verify", () => {
  it("says the chain is intact and exits 0", async () => {
    await chainOf(5);
    expect(await auditVerify()).toEqual({ code: 0, stdout: "audit chain intact: 5 events\n" });
  });

  it("names the tampered event and exits 1", async () => {
    await chainOf(5);
    await server.db.execute(sql`update audit_event set principal = 'jwt:someone-else' where seq = 2`);
    const { code, stdout } = await auditVerify();
    expect(code).toBe(1);
    expect(stdout).toMatch(/^audit chain broken at event 2: content changed/);
  });
});

const stored = () => server.db.select().from(auditTable).orderBy(asc(auditTable.seq));

const LOOKUP = /* GraphQL */ `query LookUp($ref: SubjectRef!) { subject(ref: $ref) { name } }`;

describe("what requests leave in the audit trail", () => {
  it("a PUBLIC subject lookup writes one event: the subject, role PUBLIC, the operation name, outcome OK", async () => {
    const s = await fixtures(server.db, server.protector).subject({ kind: "ORGANIZATION", name: "昆明滇运物流有限公司" });
    const res = await server.gql(LOOKUP, { ref: { kind: "ORGANIZATION", identifier: s.identifier } }, { "x-request-id": "req-lookup" });
    expect(res).toEqual({ data: { subject: { name: "昆明滇运物流有限公司" } } });
    expect(await stored()).toEqual([expect.objectContaining({
      seq: 1, requestId: "req-lookup", principal: "anonymous", role: "PUBLIC", operation: "LookUp", purpose: null,
      subjectIds: [s.id], protectedFields: [], grantId: null, outcome: "OK",
    })]);
    expect(await verifyChain(server.db)).toEqual({ ok: true, events: 1 });
  });

  it("concurrent requests each get their event, in one intact chain", async () => {
    const s = await fixtures(server.db, server.protector).subject({ kind: "ORGANIZATION", name: "大理物流有限公司" });
    await Promise.all(Array.from({ length: 20 }, (_, i) =>
      server.gql(LOOKUP, { ref: { kind: "ORGANIZATION", identifier: s.identifier } }, { "x-request-id": `req-${i}` })));
    expect((await stored()).map((e) => e.requestId).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `req-${i}`).sort());
    expect(await verifyChain(server.db)).toEqual({ ok: true, events: 20 });
  });

  // PGlite runs each query on the event loop's own thread, so flushes rarely overlap requests there.
  it.skipIf(!process.env.DATABASE_URL)("concurrent requests share audit transactions instead of one each", async () => {
    const s = await fixtures(server.db, server.protector).subject({ kind: "ORGANIZATION", name: "玉溪物流有限公司" });
    const before = server.statements().audit;
    await Promise.all(Array.from({ length: 20 }, () => server.gql(LOOKUP, { ref: { kind: "ORGANIZATION", identifier: s.identifier } })));
    expect(await eventCount()).toBe(20);
    expect(server.statements().audit - before).toBeLessThanOrEqual(10); // at most 10 appends
  });

  it("a lookup with an invalid identifier is audited with its error code as outcome", async () => {
    const res = await server.gql(LOOKUP, { ref: { kind: "ORGANIZATION", identifier: "91530102MA6K0000X0" } });
    expect(res.errors?.[0]?.extensions?.code).toBe("INVALID_IDENTIFIER");
    expect(await stored()).toEqual([expect.objectContaining({ operation: "LookUp", subjectIds: [], outcome: "ERROR:INVALID_IDENTIFIER" })]);
  });

  it("an unnamed operation is named by its root fields, and the caller's purpose is kept", async () => {
    await server.gql(`{ searchSubjects(name: "滇运") { nodes { name } } me { role } }`, {}, { "x-purpose": encodeURIComponent("年度核查") });
    expect(await stored()).toEqual([expect.objectContaining({ operation: "me,searchSubjects", purpose: "年度核查", outcome: "OK" })]);
  });

  it("an officer's lookup is recorded under the officer's own id", async () => {
    await server.gql(`{ subject(ref: { kind: VESSEL, identifier: "CN20180000001" }) { name } }`, {}, await asOfficer("530100"));
    expect(await stored()).toEqual([expect.objectContaining({ principal: "jwt:officer-530100", role: "OFFICER", operation: "subject" })]);
  });

  it("a refused write is audited too", async () => {
    const res = await server.gql(`mutation { revokeAuthorization(id: "9d1e2f3a-4b5c-4d6e-8f7a-1b2c3d4e5f60") { id } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await stored()).toEqual([expect.objectContaining({ role: "PUBLIC", operation: "revokeAuthorization", outcome: "ERROR:FORBIDDEN" })]);
  });

  it("requests that read no subject data, reading the audit trail included, write no event", async () => {
    await server.gql(`{ me { role } }`);
    await server.gql(`{ auditEvents { nodes { seq } } }`, {}, await asAdmin());
    expect(await stored()).toEqual([]);
  });

  it("a read that cannot be audited is not served: INTERNAL_SERVER_ERROR and no data", async () => {
    await server.db.execute(sql`create function audit_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`);
    await server.db.execute(sql`create trigger audit_refuse before insert on audit_event for each statement execute function audit_refuse()`);
    try {
      const s = await fixtures(server.db, server.protector).subject({ kind: "ORGANIZATION", name: "曲靖货运有限公司" });
      const res = await server.gql(LOOKUP, { ref: { kind: "ORGANIZATION", identifier: s.identifier } }, { "x-request-id": "req-unaudited" });
      expect(res).toEqual({ errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "req-unaudited" } }] });
    } finally {
      await server.db.execute(sql`drop trigger audit_refuse on audit_event`);
      await server.db.execute(sql`drop function audit_refuse()`);
    }
    expect(await stored()).toEqual([]);
  });
});

const AUDIT = /* GraphQL */ `
  query ($principal: String, $role: Role, $operation: String, $subjectId: ID, $since: DateTime, $until: DateTime, $first: Int, $after: String) {
    auditEvents(principal: $principal, role: $role, operation: $operation, subjectId: $subjectId, since: $since, until: $until, first: $first, after: $after) {
      nodes { seq at requestId principal role operation purpose subjectIds protectedFields grantId outcome hash }
      pageInfo { hasNextPage endCursor }
    }
  }`;

describe("reading the audit trail", () => {
  const SUBJECT = "5f0e3b1a-8c2d-4e6f-a1b3-c5d7e9f1a2b4";
  const at = (iso: string) => new Date(`2026-03-0${iso}Z`);
  beforeEach(async () => {
    await appendEvents(server.db, [
      auditEvent({ requestId: "a", principal: "jwt:officer-530100", at: at("1T08:00:00.000"), subjectIds: [SUBJECT] }),
      auditEvent({ requestId: "b", principal: "key:0b7c4a2e-1d7e-4c59-9f0e-2f1c7a9d4e11", role: "SYSTEM", operation: "Check", at: at("2T08:00:00.000") }),
      auditEvent({ requestId: "c", principal: "jwt:officer-530300", at: at("3T08:00:00.000"), subjectIds: [SUBJECT] }),
      auditEvent({ requestId: "d", principal: "jwt:officer-530100", operation: "Search", at: at("4T08:00:00.000") }),
    ]);
  });
  const requestIds = (res: any) => res.data.auditEvents.nodes.map((e: any) => e.requestId);

  it("ADMIN sees every event, newest first, with its chain hash", async () => {
    const res = await server.gql(AUDIT, {}, await asAdmin());
    expect(requestIds(res)).toEqual(["d", "c", "b", "a"]);
    const [rowD] = (await stored()).slice(-1);
    expect(res.data!.auditEvents.nodes[0]).toMatchObject({ seq: "4", hash: rowD!.hash, at: "2026-03-04T08:00:00.000Z", purpose: null, grantId: null });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ["principal", { principal: "jwt:officer-530100" }, ["d", "a"]],
    ["role", { role: "SYSTEM" }, ["b"]],
    ["operation", { operation: "Search" }, ["d"]],
    ["subjectId", { subjectId: SUBJECT }, ["c", "a"]],
    ["since (inclusive) and until (exclusive)", { since: "2026-03-02T08:00:00.000Z", until: "2026-03-04T08:00:00.000Z" }, ["c", "b"]],
  ])("ADMIN filters by %s", async (_filter, variables, expected) => {
    expect(requestIds(await server.gql(AUDIT, variables, await asAdmin()))).toEqual(expected);
  });

  it("pages follow the chain backwards with `after`", async () => {
    const admin = await asAdmin();
    const one = await server.gql(AUDIT, { first: 3 }, admin);
    expect(one.data!.auditEvents.pageInfo.hasNextPage).toBe(true);
    const two = await server.gql(AUDIT, { first: 3, after: one.data!.auditEvents.pageInfo.endCursor }, admin);
    expect([...requestIds(one), ...requestIds(two)]).toEqual(["d", "c", "b", "a"]);
    expect(two.data!.auditEvents.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
  });

  it("an OFFICER sees only its own events, whatever principal it asks for", async () => {
    const officer = await asOfficer("530100");
    expect(requestIds(await server.gql(AUDIT, {}, officer))).toEqual(["d", "a"]);
    expect(requestIds(await server.gql(AUDIT, { principal: "jwt:officer-530300" }, officer))).toEqual(["d", "a"]);
  });

  it("PUBLIC, SYSTEM and PROVIDER callers are FORBIDDEN", async () => {
    for (const headers of [{}, (await withKey(server.db, "SYSTEM")).headers, (await withKey(server.db, "PROVIDER")).headers]) {
      const res = await server.gql(AUDIT, {}, headers);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
      expect(res.data).toEqual({ auditEvents: null });
    }
  });

  it.each<[string, Record<string, unknown>]>([
    ["first below 1", { first: 0 }],
    ["first above 100", { first: 101 }],
    ["a cursor it did not make", { after: "bm90LWEtY3Vyc29y" }],
    ["a subjectId that is not a uuid", { subjectId: "91530102MA6K0000X0" }],
  ])("%s is BAD_USER_INPUT", async (_case, variables) => {
    const res = await server.gql(AUDIT, variables, await asAdmin());
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
  });
});
