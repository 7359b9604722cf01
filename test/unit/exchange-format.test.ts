// The exchange format v1, as pure rules: what a line must be, and what the hashes prove — any
// change to any line of a batch, or to the order of its lines, is caught by the manifest's hash.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BatchProblem, checkAgainstManifest, ContentDigest, type Line, parseLine, parseManifest, serialize,
} from "../../src/modules/exchange/exchange.format.js";
import { batchText, entryLine, subjectLine, syntheticUscc } from "../support/exchange.js";

const problem = (fn: () => unknown): BatchProblem => {
  try {
    fn();
  } catch (error) {
    if (error instanceof BatchProblem) return error;
    throw error;
  }
  throw new Error("expected a BatchProblem");
};

describe("a line", () => {
  const uscc = syntheticUscc(7);
  const RECORD: Extract<Line, { kind: "record" }> = {
    kind: "record", subject: { kind: "VEHICLE", identifier: "云A7E316" }, sourceSystem: "YN-OVERLOAD", decisionNumber: "云治超罚〔2026〕1号", category: "PENALTY",
    content: "违法超限运输", decisionDate: "2026-03-01", authority: "昆明市交通运输综合行政执法支队", severity: "ORDINARY", status: "PUBLISHED",
    publishedAt: "2026-03-02T01:00:00.000Z", publicationEnds: null, violation: null, parties: [],
  };
  it.each([
    ["not JSON", "{\"kind\":", "json"],
    ["an unknown kind", JSON.stringify({ kind: "rumour", text: "…" }), "shape"],
    ["a subject without a name", JSON.stringify({ kind: "subject", subjectKind: "ORGANIZATION", identifier: uscc, region: "530102" }), "shape"],
    ["an entry with a list that does not exist", JSON.stringify({ ...entryLine("e-1", uscc), list: "GREY" }), "shape"],
    ["an entry with a date that is not a date", JSON.stringify({ ...entryLine("e-1", uscc), effectiveFrom: "2026/01/01" }), "shape"],
    ["an entry from a month that does not exist", JSON.stringify({ ...entryLine("e-1", uscc), effectiveFrom: "2026-13-01" }), "shape"],
    ["an entry until a day that does not exist", JSON.stringify({ ...entryLine("e-1", uscc), effectiveUntil: "2026-02-30" }), "shape"],
    ["a region that is not a division code", JSON.stringify({ ...subjectLine(uscc, "甲"), region: "5301" }), "shape"],
  ])("%s is refused with its line number", (_name, raw, rule) => {
    const p = problem(() => parseLine(raw, 7));
    expect({ line: p.line, rule: p.rule }).toEqual({ line: 7, rule });
    expect(p.message).toMatch(/^line 7: /);
  });

  it("each kind reads back as it was written", () => {
    const lines: Line[] = [subjectLine(uscc, "甲"), entryLine("e-1", uscc, { effectiveUntil: "2027-01-01", status: "REPAIRED" }),
      { kind: "evaluation", subject: { kind: "ORGANIZATION", identifier: uscc }, sector: "ROAD_FREIGHT", year: 2025, grade: "AA", evaluator: "云南省交通运输厅" },
      { ...RECORD, violation: "OVERLIMIT_TRANSPORT", parties: [{ role: "OPERATOR", subject: { kind: "ORGANIZATION", identifier: uscc } }] }];
    for (const line of lines) expect(parseLine(JSON.stringify(line), 2)).toEqual(line);
  });

  it("a record line from a sender that knows no violations or parties reads as none; a party in a role that does not exist is refused", () => {
    const { violation: _v, parties: _p, ...older } = RECORD;
    expect(parseLine(JSON.stringify(older), 2)).toEqual({ ...older, violation: null, parties: [] });
    const line = { ...RECORD, parties: [{ role: "PASSENGER", subject: { kind: "PERSON", identifier: "530102199001011234" } }] };
    expect(problem(() => parseLine(JSON.stringify(line), 5))).toMatchObject({ line: 5, rule: "shape" });
  });

  const report = { quarter: "2026-Q3", periodStart: "2026-07-01", periodEnd: "2026-09-30", dueDate: "2026-10-20", objects: [], measures: [], effects: {}, cases: [] };
  const joint = { kind: "jointReport", quarter: "2026-Q3", dueDate: "2026-10-20", report };
  it.each([
    ["a quarter that does not exist", { ...joint, quarter: "2026-Q5" }],
    ["a report of another quarter", { ...joint, report: { ...report, quarter: "2026-Q2" } }],
    ["a report due another day", { ...joint, report: { ...report, dueDate: "2026-10-21" } }],
    ["a report without its measures", { ...joint, report: { ...report, measures: undefined } }],
    ["no report", { ...joint, report: undefined }],
  ])("a jointReport line with %s is refused as shape", (_name, line) => {
    expect(problem(() => parseLine(JSON.stringify(line), 3))).toMatchObject({ line: 3, rule: "shape" });
  });

  it("a jointReport line reads back as it was written, its report's other fields kept", () => {
    const line = { ...joint, report: { ...report, region: null, objectTotals: { added: 1 } } };
    expect(parseLine(JSON.stringify(line), 2)).toEqual(line);
    const { manifest } = batchText([line as Line]);
    expect(manifest.counts.jointReport).toBe(1);
    const { jointReport: _, ...older } = manifest.counts;
    expect(parseManifest(JSON.stringify({ ...manifest, counts: older })).counts.jointReport).toBe(0);
  });

  const commitment = {
    kind: "commitment", id: "c-1", subject: { kind: "ORGANIZATION", identifier: uscc }, commitmentKind: "REPAIR", matter: "信用修复",
    content: "本单位已整改到位", signedAt: "2026-03-01T10:00:00+08:00", validUntil: "2027-03-01", status: "VALID",
  };
  it("a commitment line reads back as it was written; an older manifest without its count has none", () => {
    expect(parseLine(JSON.stringify(commitment), 2)).toEqual(commitment);
    const { manifest } = batchText([subjectLine(uscc, "甲"), commitment as Line]);
    expect(manifest.counts.commitment).toBe(1);
    const { commitment: _, ...older } = manifest.counts;
    expect(parseManifest(JSON.stringify({ ...manifest, counts: { ...older, subject: 1 } })).counts.commitment).toBe(0);
  });

  const repair = {
    kind: "repair", id: "r-1", subject: { kind: "ORGANIZATION", identifier: uscc }, target: { kind: "record", sourceSystem: "YN-ENFORCEMENT", decisionNumber: "云交罚〔2026〕3号" },
    status: "APPROVED", reason: "已整改", decidedAt: "2026-05-01T10:00:00+08:00", decisionReason: null,
  };
  it.each([
    ["commitment", "a kind of commitment that does not exist", { ...commitment, commitmentKind: "TAX" }],
    ["commitment", "a status that does not exist", { ...commitment, status: "SIGNED" }],
    ["commitment", "a signing time without its offset", { ...commitment, signedAt: "2026-03-01 10:00" }],
    ["commitment", "no matter", { ...commitment, matter: " " }],
    ["commitment", "no id", { ...commitment, id: undefined }],
    ["repair", "a target of another kind", { ...repair, target: { kind: "commitment", id: "c-1" } }],
    ["repair", "a record target without its decision number", { ...repair, target: { kind: "record", sourceSystem: "YN-ENFORCEMENT" } }],
    ["repair", "a status of an open application", { ...repair, status: "PENDING" }],
    ["repair", "no decision time", { ...repair, decidedAt: undefined }],
  ])("a %s line with %s is refused as shape", (_kind, _name, line) => {
    expect(problem(() => parseLine(JSON.stringify(line), 6))).toMatchObject({ line: 6, rule: "shape" });
  });

  it("a repair line reads back as it was written", () => {
    expect(parseLine(JSON.stringify(repair), 2)).toEqual(repair);
    expect(parseLine(JSON.stringify({ ...repair, target: { kind: "listEntry", id: "e-1" }, status: "REVERSED", decisionReason: "材料不实" }), 2))
      .toMatchObject({ target: { kind: "listEntry", id: "e-1" }, status: "REVERSED" });
  });

  it("the manifest must be of this format and version", () => {
    const { manifest } = batchText([subjectLine(uscc, "甲")]);
    expect(parseManifest(JSON.stringify(manifest))).toEqual(manifest);
    expect(problem(() => parseManifest(JSON.stringify({ ...manifest, version: 2 }))).rule).toBe("manifest");
    expect(problem(() => parseManifest("[]")).line).toBe(1);
  });
});

const lineArb: fc.Arbitrary<Line> = fc.integer({ min: 0, max: 10_000 }).chain((n) => fc.oneof(
  fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0).map((name) => subjectLine(syntheticUscc(n), name.trim())),
  fc.constantFrom("ACTIVE", "REVOKED", "REPAIRED", "EXPIRED").map((status) => entryLine(`e-${n}`, syntheticUscc(n), { status: status as "ACTIVE" })),
));

describe("the hashes", () => {
  it("a batch's content checks against its own manifest", () => {
    fc.assert(fc.property(fc.array(lineArb, { minLength: 1, maxLength: 30 }), (lines) => {
      const { manifest, body } = batchText(lines);
      const digest = new ContentDigest();
      for (const raw of body) digest.add(raw, JSON.parse(raw).kind);
      const { sha256 } = digest.digest();
      expect(() => checkAgainstManifest(manifest, { counts: digest.counts, lines: digest.lines, sha256 }, body.length + 1)).not.toThrow();
    }));
  });

  it("any changed character in any line breaks the hash", () => {
    fc.assert(fc.property(fc.array(lineArb, { minLength: 1, maxLength: 10 }), fc.nat(), fc.nat(), (lines, which, at) => {
      const { manifest, body } = batchText(lines);
      const i = which % body.length;
      const raw = body[i]!;
      const j = at % raw.length;
      const changed = [...body];
      changed[i] = raw.slice(0, j) + (raw[j] === "a" ? "b" : "a") + raw.slice(j + 1);
      const digest = new ContentDigest();
      for (const r of changed) digest.add(r, "subject"); // the whole content's hash does not depend on the kinds
      const found = { counts: manifest.counts, lines: manifest.lines, sha256: digest.digest().sha256 };
      expect(problem(() => checkAgainstManifest(manifest, found, 99)).rule).toBe("hash");
    }));
  });

  it("the order of kinds is fixed: subjects first, whatever order they are given in", () => {
    fc.assert(fc.property(fc.array(lineArb, { minLength: 1, maxLength: 20 }), (lines) => {
      const kinds = serialize(lines).content.trim().split("\n").map((l) => JSON.parse(l).kind as string);
      expect(kinds).toEqual([...kinds].sort((a, b) => (a === b ? 0 : a === "subject" ? -1 : b === "subject" ? 1 : 0)));
      expect(serialize([...lines].reverse()).counts).toEqual(serialize(lines).counts);
    }));
  });
});
