// The register's transition table, walked whole: every (entity, from, event) pair is either one of
// the moves written out below, with exactly its targets, or refused with INVALID_STATE. The list
// here is the rule as a reader states it; the table in the code must say the same, no more.
import { describe, expect, it } from "vitest";
import { assertAllows } from "../../src/modules/register/register.service.js";
import {
  allows, ENTITIES, type Entity, EVENTS, initialStatus, isPublicRecord, mayBeBasis, mayBeObjectedTo, mayBeRepaired, movesOf, readStatus,
  refusal, STATUSES, type StatusOf,
} from "../../src/modules/register/register.states.js";
import { AppError } from "../../src/shared/errors.js";
import { render } from "../../src/shared/i18n/index.js";

// entity  from ("-": coming in)  event  to
const WRITTEN = `
RECORD      -                SUBMITTED                 PUBLISHED
RECORD      PUBLISHED        RESENT                    PUBLISHED
RECORD      UNDER_OBJECTION  RESENT                    UNDER_OBJECTION
RECORD      CORRECTED        RESENT                    CORRECTED
RECORD      REVOKED          RESENT                    REVOKED
RECORD      REPAIRED         RESENT                    REPAIRED
RECORD      EXPIRED          RESENT                    EXPIRED
RECORD      PUBLISHED        OBJECTION_FILED           UNDER_OBJECTION
RECORD      CORRECTED        OBJECTION_FILED           UNDER_OBJECTION
RECORD      UNDER_OBJECTION  OBJECTION_REJECTED        PUBLISHED
RECORD      UNDER_OBJECTION  OBJECTION_REJECTED        CORRECTED
RECORD      UNDER_OBJECTION  OBJECTION_UPHELD_CORRECT  CORRECTED
RECORD      UNDER_OBJECTION  OBJECTION_UPHELD_REVOKE   REVOKED
RECORD      PUBLISHED        REPAIR_APPROVED           REPAIRED
RECORD      CORRECTED        REPAIR_APPROVED           REPAIRED
RECORD      REPAIRED         REPAIR_REVERSED           PUBLISHED
RECORD      REPAIRED         REPAIR_REVERSED           CORRECTED
RECORD      PUBLISHED        PUBLICATION_ENDED         EXPIRED
RECORD      CORRECTED        PUBLICATION_ENDED         EXPIRED
ENTRY       -                ENTRY_ADDED               ACTIVE
ENTRY       ACTIVE           OBJECTION_FILED           ACTIVE
ENTRY       ACTIVE           OBJECTION_UPHELD_REVOKE   REVOKED
ENTRY       ACTIVE           REPAIR_APPROVED           REPAIRED
ENTRY       REPAIRED         REPAIR_REVERSED           ACTIVE
ENTRY       ACTIVE           EXPIRED                   EXPIRED
COMMITMENT  -                COMMITMENT_REGISTERED     VALID
COMMITMENT  VALID            BREACHED                  BROKEN
OBJECTION   -                OBJECTION_FILED           UNDER_REVIEW
OBJECTION   UNDER_REVIEW     OBJECTION_UPHELD_REVOKE   UPHELD
OBJECTION   UNDER_REVIEW     OBJECTION_UPHELD_CORRECT  UPHELD
OBJECTION   UNDER_REVIEW     OBJECTION_REJECTED        REJECTED
REPAIR      -                REPAIR_APPLIED            PENDING
REPAIR      PENDING          REPAIR_APPROVED           APPROVED
REPAIR      PENDING          REPAIR_REFUSED            REFUSED
REPAIR      APPROVED         REPAIR_REVERSED           REVERSED
`.trim().split("\n").map((line) => {
  const [entity, from, event, to] = line.trim().split(/\s+/);
  return { entity, from: from === "-" ? null : from, event, to };
});

// 数据交换: a partner platform's entries, records and commitments come in, and move, in whatever state its register gave them.
// Expiry is never written, for them neither.
const stored = (entity: "RECORD" | "ENTRY" | "COMMITMENT") => (STATUSES[entity] as readonly string[]).filter((s) => s !== "EXPIRED");
const EXCHANGED = (["RECORD", "ENTRY", "COMMITMENT"] as const).flatMap((entity) => [null, ...stored(entity)]
  .flatMap((from) => stored(entity).map((to) => ({ entity: entity as string, from: from as string | null, event: "EXCHANGED" as string, to: to as string }))));
const ALLOWED = [...WRITTEN, ...EXCHANGED];

const expectedTargets = (entity: string, from: string | null, event: string) =>
  ALLOWED.filter((m) => m.entity === entity && m.from === from && m.event === event).map((m) => m.to).sort();

const pairs = ENTITIES.flatMap((entity) => [null, ...STATUSES[entity]].flatMap((from) => EVENTS.map((event) => ({ entity, from, event }))));
const allowedPairs = pairs.filter((p) => expectedTargets(p.entity, p.from, p.event).length > 0);
const forbiddenPairs = pairs.filter((p) => expectedTargets(p.entity, p.from, p.event).length === 0);

describe("the register's transition table", () => {
  it("names only statuses and events the register has", () => {
    for (const m of ALLOWED) {
      expect(ENTITIES, m.entity).toContain(m.entity);
      expect(EVENTS, m.event).toContain(m.event);
      for (const s of [m.from, m.to]) if (s) expect(STATUSES[m.entity as Entity], `${m.entity} ${s}`).toContain(s);
    }
    expect(allowedPairs.length + forbiddenPairs.length).toBe(pairs.length);
    expect(new Set(allowedPairs.map((p) => `${p.entity} ${p.from} ${p.event}`)).size).toBe(new Set(ALLOWED.map((m) => `${m.entity} ${m.from} ${m.event}`)).size);
  });

  it.each(allowedPairs)("$entity $from on $event is allowed, to exactly its targets", ({ entity, from, event }) => {
    expect([...movesOf(entity, from as never, event)].sort()).toEqual(expectedTargets(entity, from, event));
    if (from) expect(allows(entity, from as never, event)).toBe(true);
    else if (expectedTargets(entity, null, event).length === 1) expect(initialStatus(entity, event)).toBe(expectedTargets(entity, null, event)[0]);
  });

  it.each(forbiddenPairs)("$entity $from on $event is refused", ({ entity, from, event }) => {
    expect(movesOf(entity, from as never, event)).toEqual([]);
    if (!from) {
      expect(() => initialStatus(entity, event)).toThrow();
      return;
    }
    expect(allows(entity, from as never, event)).toBe(false);
    let error: unknown;
    try {
      assertAllows(entity, { status: from } as never, event);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "INVALID_STATE", message: render(refusal(entity, from as never, event), "en") });
  });
});

describe("the questions asked of states", () => {
  const records = STATUSES.RECORD;
  const answer = (question: (s: StatusOf<"RECORD">) => boolean) => records.filter(question);

  it("a published, disputed or corrected record is public and may be a basis; a revoked, repaired or expired one neither", () => {
    expect(answer(isPublicRecord)).toEqual(["PUBLISHED", "UNDER_OBJECTION", "CORRECTED"]);
    expect(answer(mayBeBasis)).toEqual(["PUBLISHED", "UNDER_OBJECTION", "CORRECTED"]);
  });

  it("a CORRECTED record may be objected to again and repaired; one under objection may be neither", () => {
    expect(answer((s) => mayBeObjectedTo("RECORD", s))).toEqual(["PUBLISHED", "CORRECTED"]);
    expect(answer((s) => mayBeRepaired("RECORD", s))).toEqual(["PUBLISHED", "CORRECTED"]);
  });

  it("only an entry in force may be objected to or repaired", () => {
    expect(STATUSES.ENTRY.filter((s) => mayBeObjectedTo("ENTRY", s))).toEqual(["ACTIVE"]);
    expect(STATUSES.ENTRY.filter((s) => mayBeRepaired("ENTRY", s))).toEqual(["ACTIVE"]);
  });

  it("the refusals read as before: a REVOKED record cannot be objected to; a decided objection says how it was decided", () => {
    expect(render(refusal("RECORD", "REVOKED", "OBJECTION_FILED"), "en")).toBe("a REVOKED record cannot be objected to");
    expect(render(refusal("ENTRY", "REPAIRED", "REPAIR_APPROVED"), "en")).toBe("a REPAIRED list entry cannot be repaired");
    expect(render(refusal("RECORD", "PUBLISHED", "OBJECTION_REJECTED"), "en")).toBe("the record is PUBLISHED, no longer under objection");
    expect(render(refusal("OBJECTION", "UPHELD", "OBJECTION_REJECTED"), "en")).toBe("the objection was already decided: UPHELD");
    expect(render(refusal("REPAIR", "REFUSED", "REPAIR_APPROVED"), "en")).toBe("the repair is REFUSED, not PENDING");
    expect(render(refusal("REPAIR", "PENDING", "REPAIR_REVERSED"), "en")).toBe("the repair is PENDING, not APPROVED");
    expect(render(refusal("COMMITMENT", "BROKEN", "BREACHED"), "en")).toBe("a BROKEN commitment cannot be breached");
  });

  it.each([
    ["PUBLISHED", "2026-03-01", "2026-03-01", "EXPIRED"],
    ["CORRECTED", "2026-03-01", "2026-03-02", "EXPIRED"],
    ["PUBLISHED", "2026-03-02", "2026-03-01", "PUBLISHED"],
    ["UNDER_OBJECTION", "2026-03-01", "2026-03-05", "UNDER_OBJECTION"],
    ["REPAIRED", "2026-03-01", "2026-03-05", "REPAIRED"],
    ["PUBLISHED", null, "2099-01-01", "PUBLISHED"],
  ] as const)("a %s record ending publication on %s reads on %s as %s", (status, publicationEnds, today, shown) => {
    expect(readStatus("RECORD", { status, publicationEnds }, today)).toBe(shown);
  });

  it.each([
    ["ACTIVE", "2026-03-01", "2026-03-01", "ACTIVE"],
    ["ACTIVE", "2026-03-01", "2026-03-02", "EXPIRED"],
    ["REVOKED", "2026-03-01", "2026-03-02", "REVOKED"],
    ["ACTIVE", null, "2099-01-01", "ACTIVE"],
  ] as const)("a %s entry in force until %s reads on %s as %s", (status, effectiveUntil, today, shown) => {
    expect(readStatus("ENTRY", { status, effectiveUntil }, today)).toBe(shown);
  });
});
