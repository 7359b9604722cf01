import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ChainedContent, GENESIS_HASH, hashEvent } from "../../src/modules/audit/audit.chain.js";

const event: ChainedContent = {
  seq: 7,
  at: new Date("2026-03-01T08:30:00.123Z"),
  requestId: "req-1",
  principal: "jwt:officer-1",
  role: "OFFICER",
  operation: "LookUp",
  purpose: "roadside inspection",
  subjectIds: ["0b7c4a2e-1d7e-4c59-9f0e-2f1c7a9d4e11", "5f0e3b1a-8c2d-4e6f-a1b3-c5d7e9f1a2b4"],
  protectedFields: ["PERSON_ID", "phone"],
  grantId: null,
  outcome: "OK",
};
const base = hashEvent(GENESIS_HASH, event);

describe("audit hash chain", () => {
  it("the genesis hash is 64 zeros and an event's hash is 64 hex digits", () => {
    expect(GENESIS_HASH).toBe("0".repeat(64));
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });

  it("the same content and previous hash always give the same hash", () => {
    expect(hashEvent(GENESIS_HASH, { ...event, subjectIds: [...event.subjectIds], at: new Date(event.at) })).toBe(base);
  });

  it.each<[string, Partial<ChainedContent>]>([
    ["seq", { seq: 8 }],
    ["at, by one millisecond", { at: new Date("2026-03-01T08:30:00.124Z") }],
    ["requestId", { requestId: "req-2" }],
    ["principal", { principal: "jwt:officer-2" }],
    ["role", { role: "ADMIN" }],
    ["operation", { operation: "Search" }],
    ["purpose", { purpose: "annual review" }],
    ["purpose, to null", { purpose: null }],
    ["purpose, to the string \"null\"", { purpose: "null" }],
    ["subjectIds, reordered", { subjectIds: [...event.subjectIds].reverse() }],
    ["subjectIds, one removed", { subjectIds: event.subjectIds.slice(0, 1) }],
    ["subjectIds, emptied", { subjectIds: [] }],
    ["protectedFields", { protectedFields: ["PERSON_ID"] }],
    ["protectedFields, joined into one", { protectedFields: ["PERSON_ID,phone"] }],
    ["grantId", { grantId: "9d1e2f3a-4b5c-4d6e-8f7a-1b2c3d4e5f60" }],
    ["outcome", { outcome: "ERROR:FORBIDDEN" }],
  ])("changing %s changes the hash", (_field, change) => {
    expect(hashEvent(GENESIS_HASH, { ...event, ...change })).not.toBe(base);
  });

  it("changing the previous hash changes the hash", () => {
    expect(hashEvent("f".repeat(64), event)).not.toBe(base);
  });

  it("moving text between neighbouring fields changes the hash (no ambiguous concatenation)", () => {
    expect(hashEvent(GENESIS_HASH, { ...event, principal: "jwt:officer-1O", role: "FFICER" })).not.toBe(base);
    expect(hashEvent(GENESIS_HASH, { ...event, purpose: null, operation: "LookUp" })).not.toBe(hashEvent(GENESIS_HASH, { ...event, purpose: "", operation: "LookUp" }));
  });
});

const contentArb: fc.Arbitrary<ChainedContent> = fc.record({
  seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  at: fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }),
  requestId: fc.string(),
  principal: fc.string(),
  role: fc.constantFrom("PUBLIC", "PROVIDER", "SYSTEM", "OFFICER", "ADMIN"),
  operation: fc.string(),
  purpose: fc.option(fc.string(), { nil: null }),
  subjectIds: fc.array(fc.uuid(), { maxLength: 5 }),
  protectedFields: fc.array(fc.string(), { maxLength: 4 }),
  grantId: fc.option(fc.uuid(), { nil: null }),
  outcome: fc.string(),
});
const hashArb = fc.stringMatching(/^[0-9a-f]{64}$/);
const FIELDS = ["seq", "at", "requestId", "principal", "role", "operation", "purpose", "subjectIds", "protectedFields", "grantId", "outcome"] as const;

describe("audit hash chain, properties", () => {
  it("hashing is deterministic", () => {
    fc.assert(fc.property(hashArb, contentArb, (prev, content) => {
      expect(hashEvent(prev, structuredClone(content))).toBe(hashEvent(prev, content));
    }));
  });

  it("a different value in any one field gives a different hash", () => {
    fc.assert(fc.property(hashArb, contentArb, contentArb, fc.constantFrom(...FIELDS), (prev, a, b, field) => {
      const changed = { ...a, [field]: b[field] };
      fc.pre(JSON.stringify(changed[field]) !== JSON.stringify(a[field]));
      expect(hashEvent(prev, changed)).not.toBe(hashEvent(prev, a));
    }));
  });

  it("a different previous hash gives a different hash", () => {
    fc.assert(fc.property(hashArb, hashArb, contentArb, (p, q, content) => {
      fc.pre(p !== q);
      expect(hashEvent(p, content)).not.toBe(hashEvent(q, content));
    }));
  });
});
