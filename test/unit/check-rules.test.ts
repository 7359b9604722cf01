import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_MEASURES, DEFAULT_POLICIES, SCENARIOS } from "../../src/modules/catalogue/catalogue.defaults.js";
import { Catalogue, type Decision, decide, decisionOf, type EntryFact, mostSevere, type SubjectFacts } from "../../src/modules/check/check.rules.js";

const catalogue = (scenario: string) => new Catalogue(scenario, DEFAULT_MEASURES.filter((m) => m.scenario === scenario), DEFAULT_POLICIES);
const entry = (list: EntryFact["list"], reasonCode = "ANY"): EntryFact => ({ id: `${list}-${reasonCode}`, list, reasonCode, reasonText: "…" });
const facts = (partial: Partial<SubjectFacts>): SubjectFacts => ({ entries: [], evaluations: [], commitments: [], ...partial });
const DECISIONS: Decision[] = ["PASS", "FAST_TRACK", "REVIEW", "DENY"];

describe("decision ranking", () => {
  it.each([
    [[], "PASS"], [["FAST_TRACK"], "FAST_TRACK"], [["FAST_TRACK", "REVIEW"], "REVIEW"], [["REVIEW", "DENY", "FAST_TRACK"], "DENY"], [["PASS", "PASS"], "PASS"],
  ] as [Decision[], Decision][])("the most severe of %j is %s", (decisions, expected) => {
    expect(mostSevere(decisions)).toBe(expected);
  });

  it.each([["PROHIBIT", "DENY"], ["RESTRICT", "REVIEW"], ["INTENSIFY", "REVIEW"], ["ATTENTION", "REVIEW"], ["FAST_TRACK", "FAST_TRACK"]] as const)(
    "effect %s decides %s", (effect, decision) => expect(decisionOf(effect)).toBe(decision));

  it("does not depend on order, never invents a decision, and one more adverse fact never softens it", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...DECISIONS)), fc.constantFrom(...DECISIONS), (ds, extra) => {
      const d = mostSevere(ds);
      expect(mostSevere([...ds].reverse())).toBe(d);
      expect(d === "PASS" || ds.includes(d)).toBe(true);
      expect(DECISIONS.indexOf(mostSevere([...ds, extra]))).toBeGreaterThanOrEqual(DECISIONS.indexOf(d));
    }));
  });
});

describe("decide, on the default catalogue", () => {
  it.each([
    ["BLACK", "PROCUREMENT", "DENY"], ["BLACK", "HIRING", "DENY"], ["BLACK", "LICENSING", "REVIEW"], ["BLACK", "WATER_TRANSPORT", "REVIEW"],
    ["BLACK", "ENFORCEMENT", "REVIEW"], ["WATCH", "BIDDING", "REVIEW"], ["RED", "LICENSING", "FAST_TRACK"], ["RED", "ENFORCEMENT", "FAST_TRACK"],
  ] as const)("a %s entry in %s → %s", (list, scenario, decision) => {
    expect(decide(facts({ entries: [entry(list)] }), catalogue(scenario)).decision).toBe(decision);
  });

  it("a watch entry reviews even where the catalogue has no measure for it", () => {
    const bare = new Catalogue("LICENSING", [], DEFAULT_POLICIES);
    expect(decide(facts({ entries: [entry("WATCH")] }), bare)).toMatchObject({ decision: "REVIEW", reasons: [{ code: "WATCH_ENTRY", effect: "ATTENTION" }] });
  });

  it("a reason-specific measure takes precedence over the list's *", () => {
    const c = new Catalogue("LICENSING", [
      { list: "BLACK", reasonCode: "*", effect: "RESTRICT", legalBasis: "a" },
      { list: "BLACK", reasonCode: "FRAUD", effect: "PROHIBIT", legalBasis: "b" },
    ], DEFAULT_POLICIES);
    expect(decide(facts({ entries: [entry("BLACK", "FRAUD")] }), c).decision).toBe("DENY");
    expect(decide(facts({ entries: [entry("BLACK", "OTHER")] }), c).decision).toBe("REVIEW");
  });

  it("grades: only the lowest reviews; supervision takes the worst grade and a blacklist raises it", () => {
    const c = catalogue("ENFORCEMENT");
    expect(decide(facts({ evaluations: [{ sector: "ROAD_FREIGHT", year: 2025, grade: "B" }] }), c).decision).toBe("REVIEW");
    expect(decide(facts({ evaluations: [{ sector: "ROAD_FREIGHT", year: 2025, grade: "A" }] }), c).decision).toBe("PASS");
    const mixed = facts({ evaluations: [{ sector: "ROAD_FREIGHT", year: 2025, grade: "AAA" }, { sector: "WATERWAY", year: 2025, grade: "B" }] });
    expect(decide(mixed, c).supervision?.level).toBe("POOR");
    expect(decide({ ...mixed, entries: [entry("BLACK")] }, c).supervision).toEqual({ level: "SERIOUSLY_DISHONEST", samplingMultiplier: 8, interviewsPerYear: 2, trainingsPerYear: 1 });
  });

  it("every scenario answers, and only ENFORCEMENT carries supervision", () => {
    for (const scenario of SCENARIOS) {
      const v = decide(facts({}), catalogue(scenario));
      expect(v.decision).toBe("PASS");
      expect(v.supervision === null).toBe(scenario !== "ENFORCEMENT");
    }
  });
});
