// The lookup's reads run prepared outside a unit of work, those of concurrent requests in one
// statement per tick, and join the unit's transaction inside one: a mutation that writes a subject
// or an entry and reads it back sees its own writes, and nothing it rolled back is seen afterwards.
import { describe, expect, it } from "vitest";
import { ambientDatabase, inUnitOfWork } from "../../src/db/ambient.js";
import { entriesBySubjectIds, type ListEntryRow } from "../../src/modules/list/list.store.js";
import { findSubjectByIdentifier } from "../../src/modules/subject/subject.store.js";
import { daysFromToday, fixtures, uscc } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();
const today = daysFromToday(0);
const reach = { today, privatePersons: false };

describe("prepared lookup reads", () => {
  it("inside a unit of work see its uncommitted subject and entry; after a rollback nobody does", async () => {
    const db = ambientDatabase(server.db);
    const identifier = uscc("530103");
    expect(await findSubjectByIdentifier(db, "ORGANIZATION", identifier, reach)).toBeNull(); // prepared, before
    const rolledBack = new Error("roll back");
    // Another request's lookup of the same subject, made outside the unit in the same tick as the
    // unit's own: it must not be answered from the unit's transaction.
    let release!: () => void;
    const elsewhere = new Promise<void>((resolve) => { release = resolve; })
      .then(() => findSubjectByIdentifier(db, "ORGANIZATION", identifier, reach));
    const seen = await inUnitOfWork(db, async () => {
      const f = fixtures(db, server.protector);
      const s = await f.subject({ kind: "ORGANIZATION", name: "昆明回滚运输有限公司", identifier });
      await f.entry(s.id, { list: "BLACK" });
      const reading = findSubjectByIdentifier(db, "ORGANIZATION", identifier, reach);
      release();
      const found = await reading;
      const entries = await entriesBySubjectIds(db, [s.id], { today, includeInactive: false });
      throw Object.assign(rolledBack, { found, entries });
    }).catch((error: unknown) => error as typeof rolledBack & { found: { id: string } | null; entries: { list: string }[] });
    expect(seen.found?.id).toBeTruthy();
    expect(await elsewhere).toBeNull();
    expect(seen.entries.map((e) => e.list)).toEqual(["BLACK"]);
    expect(await findSubjectByIdentifier(db, "ORGANIZATION", identifier, reach)).toBeNull();
    expect(await entriesBySubjectIds(db, [seen.found!.id], { today, includeInactive: true })).toEqual([]);
  });

  it("outside one see what was committed since they were first prepared, on every connection", async () => {
    const db = ambientDatabase(server.db);
    const f = fixtures(server.db, server.protector);
    const a = await f.subject({ kind: "ORGANIZATION", name: "昆明预备运输有限公司" });
    expect((await entriesBySubjectIds(db, [a.id], { today, includeInactive: false }))).toEqual([]);
    await f.entry(a.id, { list: "WATCH" });
    await f.entry(a.id, { list: "RED", effectiveUntil: daysFromToday(-1) });
    // Twenty in flight at once, each started in a tick of its own (reads of one tick share a
    // statement), so they spread over the pool's connections, each preparing its own copy.
    const pending: Promise<[Awaited<ReturnType<typeof findSubjectByIdentifier>>, ListEntryRow[], ListEntryRow[]]>[] = [];
    for (let i = 0; i < 20; i++) {
      pending.push(Promise.all([
        findSubjectByIdentifier(db, "ORGANIZATION", a.identifier, reach),
        entriesBySubjectIds(db, [a.id], { today, includeInactive: false }),
        entriesBySubjectIds(db, [a.id], { today, includeInactive: true }),
      ]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const reads = await Promise.all(pending);
    for (const [s, active, all] of reads) {
      expect(s?.id).toBe(a.id);
      expect(active.map((e) => e.list)).toEqual(["WATCH"]);
      expect(all.map((e) => e.list).sort()).toEqual(["RED", "WATCH"]);
    }
  });

  it("of concurrent callers share one statement per reach, and each caller gets what its own reach allows", async () => {
    const db = ambientDatabase(server.db);
    const f = fixtures(server.db, server.protector);
    const person = await f.subject({ kind: "PERSON", name: "李明" }); // a private person: no public information
    const org = await f.subject({ kind: "ORGANIZATION", name: "昆明并发运输有限公司" });
    await f.entry(org.id, { list: "BLACK" });
    const personKey = server.protector.lookupKey(person.identifier);
    const officer = { today, privatePersons: true };
    const before = server.statements().count;
    const [forOfficer, forPublic, orgForPublic, orgForOfficer, unknown] = await Promise.all([
      findSubjectByIdentifier(db, "PERSON", personKey, officer),
      findSubjectByIdentifier(db, "PERSON", personKey, reach),
      findSubjectByIdentifier(db, "ORGANIZATION", org.identifier, reach),
      findSubjectByIdentifier(db, "ORGANIZATION", org.identifier, officer),
      findSubjectByIdentifier(db, "ORGANIZATION", uscc("530104"), reach),
    ]);
    expect(server.statements().count - before).toBe(2);
    expect([forOfficer?.id, forPublic, orgForPublic?.id, orgForOfficer?.id, unknown]).toEqual([person.id, null, org.id, org.id, null]);
    const [active, all, none] = await Promise.all([
      entriesBySubjectIds(db, [org.id, person.id], { today, includeInactive: false }),
      entriesBySubjectIds(db, [org.id], { today, includeInactive: true }),
      entriesBySubjectIds(db, [person.id], { today, includeInactive: false }),
    ]);
    expect(server.statements().count - before).toBe(4);
    expect([active.map((e) => e.subjectId), all.map((e) => e.subjectId), none]).toEqual([[org.id], [org.id], []]);
  });
});
