// The facts a credit file shows, as a pure function of the register's data and the reader's view,
// and the digests that let /verify/:code tell a current file from a changed one.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalJson, changedSections, creditFileFacts, factsDigests, type FileView, type RegisterData,
} from "../../src/modules/creditfile/creditfile.facts.js";
import { canonicalCode, newCode } from "../../src/modules/creditfile/creditfile.service.js";

const data = (): RegisterData => ({
  subject: {
    kind: "PERSON", identifier: "530102198503140017", maskedIdentifier: "530102********0017", name: "李四", region: "530102",
    legalRepresentative: null, phone: "13800000000", address: "昆明市五华区某路1号",
  },
  entries: [
    { list: "BLACK", reasonCode: "OVERLOAD", reasonText: "一年内违法超限运输超过3次", authority: "云南省交通运输厅",
      effectiveFrom: "2026-01-10", effectiveUntil: null, status: "ACTIVE" },
    { list: "WATCH", reasonCode: "LATE", reasonText: "未按期年审", authority: "昆明市交通运输局",
      effectiveFrom: "2025-03-01", effectiveUntil: "2025-09-01", status: "EXPIRED" },
  ],
  records: [
    { category: "PENALTY", decisionNumber: "云交执罚〔2026〕1号", content: "超限运输，罚款", decisionDate: "2026-01-05",
      authority: "昆明市交通运输综合行政执法支队", severity: "SERIOUS", status: "PUBLISHED", published: true },
    { category: "PENALTY", decisionNumber: "云交执罚〔2026〕2号", content: "超限运输，罚款", decisionDate: "2026-02-05",
      authority: "昆明市交通运输综合行政执法支队", severity: "ORDINARY", status: "PUBLISHED", published: false },
  ],
  evaluations: [{ sector: "ROAD_FREIGHT", year: 2024, grade: "B" }, { sector: "ROAD_FREIGHT", year: 2025, grade: "A" }],
  commitments: [{ kind: "REPAIR", matter: "信用修复", signedAt: new Date("2026-02-01T02:00:00Z"), status: "VALID" }],
});

const FULL: FileView = { history: true, personId: true, contacts: true };
const PUBLICISH: FileView = { history: false, personId: false, contacts: false };

describe("what a credit file shows depends on its reader's view", () => {
  it.each([
    ["the credit office sees everything", FULL, { identifier: "530102198503140017", phone: "13800000000", entries: 2, records: 2 }],
    ["a provider under a REPORT-only grant: masked ID, no contacts, no history", PUBLICISH, { identifier: "530102********0017", phone: null, entries: 1, records: 1 }],
    ["a provider with PERSON_ID and CONTACT scopes: full ID and contacts, still no history",
      { history: false, personId: true, contacts: true }, { identifier: "530102198503140017", phone: "13800000000", entries: 1, records: 1 }],
  ] as const)("%s", (_name, view, want) => {
    const facts = creditFileFacts(data(), view);
    expect(facts.subject.identifier).toBe(want.identifier);
    expect(facts.subject.phone).toBe(want.phone);
    expect(facts.listEntries).toHaveLength(want.entries);
    expect(facts.records).toHaveLength(want.records);
  });

  it("lists the newest first within each section", () => {
    const facts = creditFileFacts(data(), FULL);
    expect(facts.records.map((r) => r.decisionNumber)).toEqual(["云交执罚〔2026〕2号", "云交执罚〔2026〕1号"]);
    expect(facts.evaluations.map((e) => e.year)).toEqual([2025, 2024]);
    expect(facts.listEntries[0]!.list).toBe("BLACK");
  });
});

describe("digests", () => {
  it("do not depend on the order the store returned the rows in", () => {
    fc.assert(fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.string(), (history, personId, contacts, salt) => {
      const view = { history, personId, contacts };
      const a = data();
      const b = data();
      b.entries.reverse();
      b.records.reverse();
      b.evaluations.reverse();
      expect(factsDigests(creditFileFacts(a, view), salt)).toEqual(factsDigests(creditFileFacts(b, view), salt));
    }));
  });

  it("name exactly the sections that changed", () => {
    const before = factsDigests(creditFileFacts(data(), FULL), "salt").sections;
    const changed = data();
    changed.entries.push({ list: "BLACK", reasonCode: "NEW", reasonText: "新列入", authority: "云南省交通运输厅",
      effectiveFrom: "2026-03-01", effectiveUntil: null, status: "ACTIVE" });
    changed.evaluations[0]!.grade = "C";
    expect(changedSections(before, factsDigests(creditFileFacts(changed, FULL), "salt").sections)).toEqual(["listEntries", "evaluations"]);
    expect(changedSections(before, before)).toEqual([]);
  });

  it("a change the reader could not see does not change the reader's file", () => {
    const before = factsDigests(creditFileFacts(data(), PUBLICISH), "s").sections;
    const hidden = data();
    hidden.records[1]!.content = "更正后的内容"; // unpublished: not in a PUBLICISH file
    hidden.subject.phone = "13900000000"; // contacts not shown
    expect(changedSections(before, factsDigests(creditFileFacts(hidden, PUBLICISH), "s").sections)).toEqual([]);
  });

  it("differ with the salt: a stored digest cannot be matched against guessed facts without it", () => {
    const facts = creditFileFacts(data(), FULL);
    expect(factsDigests(facts, "a").facts).not.toBe(factsDigests(facts, "b").facts);
  });

  it("canonical JSON sorts keys at every depth", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":1,"f":2}]},"b":1}');
  });
});

describe("verification codes", () => {
  it("are 16 symbols in groups of four, and read back as typed by a person", () => {
    fc.assert(fc.property(fc.constant(null), () => {
      const code = newCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      expect(canonicalCode(code.toLowerCase().replace(/-/g, " "))).toBe(code);
    }), { numRuns: 50 });
  });

  it.each([
    ["abcd efgh jkmn pqrs", "ABCD-EFGH-JKMN-PQRS"],
    ["O0IL-1111-2222-3333", "0011-1111-2222-3333"],
    ["ABCD-EFGH-JKMN-PQR", null],
    ["ABCD-EFGH-JKMN-PQRU", null],
    ["<script>", null],
  ])("%s → %s", (input, want) => {
    expect(canonicalCode(input)).toBe(want);
  });
});
