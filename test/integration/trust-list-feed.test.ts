// A licensing system keeps a copy of the lists by following `listEntries(changedSince:)`: it must
// learn when an entry ends (repaired, revoked, expired, or run out by its dates) to remove it, and
// learn no more of an ended entry than the public may know.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { listEntry } from "../../src/db/schema.js";
import { asAdmin, type Headers, withKey } from "../support/auth.js";
import { daysFromToday, fixtures, residentId, uscc } from "../support/fixtures.js";
import { ok } from "../support/graphql.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();

const FEED = /* GraphQL */ `
  query ($changedSince: DateTime, $first: Int, $after: String) {
    listEntries(changedSince: $changedSince, first: $first, after: $after) {
      nodes { id list reason reasonText status endedAt subject { name identifier } }
      ended { id list status endedAt subject { kind identifier } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
const ADD_ENTRY = `mutation ($input: ListEntryInput!) { addListEntry(input: $input) { id } }`;
const COMMIT = `mutation ($input: CommitmentInput!) { registerCommitment(input: $input) { id } }`;
const APPLY = `mutation ($input: RepairInput!) { applyRepair(input: $input) { id } }`;
const DECIDE = `mutation ($id: ID!) { decideRepair(id: $id, approved: true, reason: "整改到位，同意修复") { status } }`;
const SUBJECT = `query ($ref: SubjectRef!) { subject(ref: $ref) { name } }`;

type Ref = { kind: string; identifier: string };
type Node = { id: string; endedAt: string | null; [key: string]: unknown };
type Ended = { id: string; list: string; status: string; endedAt: string; subject: Ref };

let admin: Headers;
let system: Headers;
const PERSON_NAME = "李四平";
const WATCH_TEXT = "多次逾期未缴纳罚款，列入重点关注";
const person: Ref = { kind: "PERSON", identifier: residentId("530102", "19790521") };
const repairedOrg: Ref = { kind: "ORGANIZATION", identifier: uscc() };
const standingOrg: Ref = { kind: "ORGANIZATION", identifier: uscc() };
let ids: { personWatch: string; orgWatch: string; orgBlack: string; ranOut: string; cameIn: string };

const addEntry = async (ref: Ref, list: string, reason: string, reasonText = WATCH_TEXT) => (await ok(server, ADD_ENTRY, {
  input: { ref, list, reason, reasonText, authority: "云南省交通运输厅", effectiveFrom: daysFromToday(-100) },
}, admin)).addListEntry.id as string;

/** Repair of an entry as the lifecycle does it: commitment (SYSTEM), application (SYSTEM), approval (ADMIN). */
async function repair(ref: Ref, entryId: string) {
  await ok(server, COMMIT, { input: { ref, kind: "REPAIR", matter: "信用修复", content: "本人承诺已纠正失信行为", signedAt: new Date(Date.now() - 3600_000).toISOString() } }, system);
  const applied = (await ok(server, APPLY, { input: { targetKind: "ENTRY", targetId: entryId, reason: "已缴清全部罚款" } }, system)).applyRepair;
  expect((await ok(server, DECIDE, { id: applied.id }, admin)).decideRepair.status).toBe("APPROVED");
}

/** Follows the feed from `since` page by page, as a mirror does. */
async function follow(headers: Headers, since: string | null, first = 2) {
  const nodes: Node[] = [];
  const ended: Ended[] = [];
  const raw: string[] = [];
  let after: string | null = null;
  do {
    const { data, errors }: { data?: any; errors?: unknown } = await server.gql(FEED, { changedSince: since, first, after }, headers);
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    raw.push(JSON.stringify(data));
    nodes.push(...data!.listEntries.nodes);
    ended.push(...data!.listEntries.ended);
    after = data!.listEntries.pageInfo.hasNextPage ? data!.listEntries.pageInfo.endCursor : null;
  } while (after);
  return { nodes, ended, raw: raw.join("\n") };
}

/** A mirror of the lists: upserts what is in force, removes what ended. */
function applyTo(mirror: Map<string, Node>, page: { nodes: Node[]; ended: Ended[] }) {
  for (const node of page.nodes) if (node.endedAt === null) mirror.set(node.id, node);
  for (const gone of page.ended) mirror.delete(gone.id);
  return mirror;
}

beforeAll(async () => {
  admin = await asAdmin();
  system = (await withKey(server.db, "SYSTEM", "昆明市交通运输局行政审批系统")).headers;
  const f = fixtures(server.db, server.protector);
  // A private person: the watch-list entry is the only public information about them.
  await f.subject({ kind: "PERSON", name: PERSON_NAME, identifier: person.identifier });
  await f.subject({ kind: "ORGANIZATION", name: "昆明滇运物流有限公司", identifier: repairedOrg.identifier });
  const standing = await f.subject({ kind: "ORGANIZATION", name: "大理苍洱客运有限责任公司", identifier: standingOrg.identifier, region: "532901" });
  ids = {
    personWatch: await addEntry(person, "WATCH", "UNPAID_FINE"),
    orgWatch: await addEntry(repairedOrg, "WATCH", "UNPAID_FINE"),
    orgBlack: await addEntry(standingOrg, "BLACK", "OVERLOAD_REPEATED", "一年内三次超限运输"),
    // An entry whose period ran out at last midnight: no write has touched it since it was made.
    ranOut: (await f.entry(standing.id, { list: "WATCH", reasonCode: "LATE_REPORTING", effectiveFrom: daysFromToday(-60), effectiveUntil: daysFromToday(-1) })).id,
    // Decided three days ago, in force from today: it came into force at last midnight, unwritten.
    cameIn: (await f.entry(standing.id, { list: "RED", reasonCode: "AAA_GRADE", effectiveFrom: daysFromToday(0) })).id,
  };
  await server.db.execute(sql`update ${listEntry} set updated_at = now() - interval '3 days', created_at = now() - interval '3 days'
    where id in (${sql.join([ids.ranOut, ids.cameIn].map((id) => sql`${id}::uuid`), sql`, `)})`);
});

describe("following the lists with changedSince", () => {
  it.each(["PUBLIC", "SYSTEM"] as const)("a mirror kept by a %s caller learns that an entry ended, and removes it", async (role) => {
    const headers = role === "PUBLIC" ? {} : system;
    const since = new Date(Date.now() - 2 * 86400_000).toISOString();
    const mirror = applyTo(new Map(), await follow(headers, since));
    expect([...mirror.keys()].sort()).toEqual([ids.personWatch, ids.orgWatch, ids.orgBlack, ids.cameIn].sort());

    const before = new Date(Date.now() - 1000).toISOString();
    await repair(repairedOrg, ids.orgWatch);
    await repair(person, ids.personWatch);
    const delta = await follow(headers, before);
    expect(delta.ended.map((e) => e.id).sort()).toEqual([ids.personWatch, ids.orgWatch].sort());
    for (const e of delta.ended) {
      expect(e.status).toBe("REPAIRED");
      expect(Date.parse(e.endedAt)).toBeGreaterThanOrEqual(Date.parse(before));
      expect(Date.parse(e.endedAt)).toBeLessThanOrEqual(Date.now() + 1000);
    }
    expect(delta.nodes.map((n) => n.id)).not.toContain(ids.orgWatch);
    applyTo(mirror, delta);
    expect([...mirror.keys()].sort()).toEqual([ids.orgBlack, ids.cameIn].sort());
    await resetRepairs();
  });

  it("an entry that ran out by its dates comes in the feed at the midnight it ended, as EXPIRED", async () => {
    const lastMidnight = new Date(`${daysFromToday(0)}T00:00:00+08:00`).toISOString();
    for (const headers of [{}, system]) {
      const { ended, nodes } = await follow(headers, new Date(Date.now() - 2 * 86400_000).toISOString(), 100);
      const ranOut = ended.find((e) => e.id === ids.ranOut);
      expect(ranOut).toMatchObject({ list: "WATCH", status: "EXPIRED" });
      expect(new Date(ranOut!.endedAt).toISOString()).toBe(lastMidnight);
      expect(nodes.map((n) => n.id)).not.toContain(ids.ranOut);
    }
    // A mirror that last looked just before that midnight still learns of it.
    const { ended } = await follow({}, new Date(Date.parse(lastMidnight) - 60_000).toISOString());
    expect(ended.map((e) => e.id)).toContain(ids.ranOut);
  });

  it("an entry that came into force at midnight comes in the feed then, though it was decided days before", async () => {
    for (const headers of [{}, system]) {
      const { nodes } = await follow(headers, new Date(Date.parse(`${daysFromToday(0)}T00:00:00+08:00`) - 60_000).toISOString(), 100);
      expect(nodes.find((n) => n.id === ids.cameIn)).toMatchObject({ list: "RED", status: "ACTIVE", endedAt: null });
    }
  });

  it("an ended entry shows the public only what it needs to remove it: no content, no name of a private person", async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    await repair(person, ids.personWatch);
    const { nodes, ended, raw } = await follow({}, before, 100);
    const tombstone = ended.find((e) => e.id === ids.personWatch)!;
    expect(Object.keys(tombstone).sort()).toEqual(["endedAt", "id", "list", "status", "subject"]);
    expect(tombstone).toMatchObject({ list: "WATCH", status: "REPAIRED", subject: { kind: "PERSON" } });
    expect(tombstone.subject.identifier).toBe(`${person.identifier.slice(0, 6)}********${person.identifier.slice(-4)}`);
    expect(nodes.map((n) => n.id)).not.toContain(ids.personWatch);
    expect(raw).not.toContain(PERSON_NAME);
    expect(raw).not.toContain(WATCH_TEXT);
    expect(raw).not.toContain(person.identifier);
    // The person has no public information any more: not in the register for the public.
    expect((await ok(server, SUBJECT, { ref: person }, {})).subject).toBeNull();
    // A system sees the full ID number (as it does of every person), still no content.
    const forSystem = (await follow(system, before, 100)).ended.find((e) => e.id === ids.personWatch)!;
    expect(forSystem.subject).toEqual(person);
    await resetRepairs();
  });

  it("without changedSince the list stays the entries in force, for the public and systems", async () => {
    await repair(repairedOrg, ids.orgWatch);
    for (const headers of [{}, system]) {
      const { nodes, ended } = await follow(headers, null);
      expect(ended).toEqual([]);
      expect(nodes.map((n) => n.id).sort()).toEqual([ids.personWatch, ids.orgBlack, ids.cameIn].sort());
      expect(nodes.every((n) => n.endedAt === null)).toBe(true);
    }
    // The credit office reads ended entries in full, and they say when they ended.
    const office = await follow(admin, null, 100);
    expect(office.nodes.find((n) => n.id === ids.orgWatch)).toMatchObject({ status: "REPAIRED", reasonText: WATCH_TEXT, endedAt: expect.any(String) });
    await resetRepairs();
  });

  it("pages through entries in force and ended ones in order of change, losing and repeating none", async () => {
    await repair(repairedOrg, ids.orgWatch);
    const since = new Date(Date.now() - 2 * 86400_000).toISOString();
    for (const headers of [{}, system, admin]) {
      const whole = await follow(headers, since, 100);
      const paged = await follow(headers, since, 1);
      const idsOf = (p: { nodes: Node[]; ended: Ended[] }) => [...new Set([...p.nodes.map((n) => n.id), ...p.ended.map((e) => e.id)])];
      expect(idsOf(paged)).toEqual(idsOf(whole));
      expect(idsOf(paged).sort()).toEqual(Object.values(ids).sort());
      // The entry that ran out at midnight changed before the one repaired just now.
      expect(idsOf(paged).indexOf(ids.ranOut)).toBeLessThan(idsOf(paged).indexOf(ids.orgWatch));
    }
    await resetRepairs();
  });
});

/** Puts the repaired entries back in force (each test starts from the same lists). */
async function resetRepairs() {
  await server.db.execute(sql`update ${listEntry} set status = 'ACTIVE', updated_at = now() - interval '1 day' where id in (${sql.join([ids.personWatch, ids.orgWatch].map((id) => sql`${id}::uuid`), sql`, `)})`);
  await server.db.execute(sql`truncate table repair, commitment`);
}
