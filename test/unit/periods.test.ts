// Publication periods (README "The credit lifecycle", NDRC Order No. 58): which rule applies to a
// record or list entry, and the month arithmetic that turns a period into an end date.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonths, DEFAULT_PERIODS, isoDay, type PeriodRule, periodFor } from "../../src/modules/record/periods.js";

const rule = (category: string, minMonths: number, maxMonths: number, more: Partial<PeriodRule> = {}): PeriodRule =>
  ({ category, severity: "*", field: "*", minMonths, maxMonths, basis: "test", ...more });

describe("periodFor on the default rules", () => {
  it.each([
    // [what, category, severity, fields, minMonths, maxMonths]
    ["an ordinary penalty: at least 3 months, at most 3 years", "PENALTY", "ORDINARY", [], 3, 36],
    ["a serious penalty: the same", "PENALTY", "SERIOUS", [], 3, 36],
    ["a penalty with no severity given", "PENALTY", null, [], 3, 36],
    ["a penalty in a field of its own (道路运输)", "PENALTY", "ORDINARY", ["道路运输"], 3, 36],
    ["a work-safety (安全生产) penalty: at least 1 year", "PENALTY", "ORDINARY", ["安全生产"], 12, 36],
    ["a fire-safety (消防安全) penalty: at least 1 year", "PENALTY", "SERIOUS", ["消防安全"], 12, 36],
    ["a special-equipment (特种设备) penalty: at least 1 year", "PENALTY", "ORDINARY", ["特种设备"], 12, 36],
    ["a food-and-drug (食品药品) penalty: at least 1 year", "PENALTY", "ORDINARY", ["食品药品"], 12, 36],
    ["several penalty types: the longest applies", "PENALTY", "ORDINARY", ["道路运输", "安全生产"], 12, 36],
    ["several penalty types, one without a field: the longest applies", "PENALTY", "ORDINARY", [null, "食品药品"], 12, 36],
    ["licensing: no minimum, at most 3 years", "LICENSING", "ORDINARY", [], 0, 36],
    ["licensing in work safety: the longer minimum is for penalties only", "LICENSING", "ORDINARY", ["安全生产"], 0, 36],
    ["another administrative category (监督检查): the general rule", "INSPECTION", "ORDINARY", [], 0, 36],
    ["a blacklist entry: at least 1 year, at most 3 years", "LIST_BLACK", null, [], 12, 36],
    ["a watch-list entry: at least 3 months, at most 1 year", "LIST_WATCH", null, [], 3, 12],
    ["a red-list entry: the general rule", "LIST_RED", null, [], 0, 36],
  ] as const)("%s", (_what, category, severity, fields, minMonths, maxMonths) => {
    expect(periodFor(DEFAULT_PERIODS, { category, severity, fields: [...fields] })).toEqual({ minMonths, maxMonths });
  });

  it("the field is matched exactly (a longer field name is not 安全生产)", () => {
    expect(periodFor(DEFAULT_PERIODS, { category: "PENALTY", fields: ["安全生产管理"] })).toEqual({ minMonths: 3, maxMonths: 36 });
  });
});

describe("periodFor on rules the credit office sets", () => {
  it.each([
    ["no rule matches: no period", [rule("PENALTY", 3, 36)], { category: "LICENSING" }, null],
    ["no rules at all: no period", [], { category: "PENALTY" }, null],
    ["the longest minimum and the longest maximum of the matching rules",
      [rule("PENALTY", 3, 36), rule("PENALTY", 6, 24, { severity: "SERIOUS" }), rule("PENALTY", 12, 48, { field: "安全生产" })],
      { category: "PENALTY", severity: "SERIOUS", fields: ["安全生产"] }, { minMonths: 12, maxMonths: 48 }],
    ["a severity rule applies to that severity only",
      [rule("PENALTY", 3, 36), rule("PENALTY", 6, 60, { severity: "SERIOUS" })],
      { category: "PENALTY", severity: "ORDINARY" }, { minMonths: 3, maxMonths: 36 }],
    ["a severity rule lengthens a serious penalty",
      [rule("PENALTY", 3, 36), rule("PENALTY", 6, 60, { severity: "SERIOUS" })],
      { category: "PENALTY", severity: "SERIOUS" }, { minMonths: 6, maxMonths: 60 }],
    ["a rule for every category is the fallback for a category no rule names",
      [rule("*", 1, 24), rule("PENALTY", 3, 36)], { category: "REWARD" }, { minMonths: 1, maxMonths: 24 }],
    ["a named category's own rules win over the fallback, even when shorter",
      [rule("*", 0, 36), rule("LIST_WATCH", 3, 12)], { category: "LIST_WATCH" }, { minMonths: 3, maxMonths: 12 }],
    ["a field rule of every category applies to every category in that field",
      [rule("*", 0, 36), rule("*", 12, 36, { field: "安全生产" })], { category: "LICENSING", fields: ["安全生产"] }, { minMonths: 12, maxMonths: 36 }],
  ] as [string, PeriodRule[], Parameters<typeof periodFor>[1], ReturnType<typeof periodFor>][])("%s", (_what, rules, record, expected) => {
    expect(periodFor(rules, record)).toEqual(expected);
  });
});

describe("addMonths", () => {
  it.each([
    // [from, months, expected, why]
    ["2024-02-08", 3, "2024-05-08", "a penalty's minimum from a Spring Festival decision"],
    ["2024-02-08", 12, "2025-02-08", "a work-safety penalty's minimum"],
    ["2024-02-08", 36, "2027-02-08", "a penalty's maximum"],
    ["2024-11-15", 3, "2025-02-15", "across a year boundary"],
    ["2024-05-31", 0, "2024-05-31", "zero months"],
    ["2024-01-31", 1, "2024-02-29", "clamped to the last day of a leap February"],
    ["2023-01-31", 1, "2023-02-28", "clamped to the last day of a common February"],
    ["2023-11-30", 3, "2024-02-29", "into a leap February across a year boundary"],
    ["2024-08-31", 3, "2024-11-30", "clamped to a 30-day month"],
    ["2024-02-29", 12, "2025-02-28", "a leap day plus a year"],
    ["2024-02-29", 36, "2027-02-28", "a leap day plus three years"],
    ["2024-02-29", 48, "2028-02-29", "a leap day plus four years is a leap day again"],
    ["2000-01-31", 1, "2000-02-29", "2000 is a leap year (divisible by 400)"],
    ["1900-01-31", 1, "1900-02-28", "1900 is not (divisible by 100)"],
    ["2100-01-31", 1, "2100-02-28", "nor is 2100"],
    ["2024-03-31", -1, "2024-02-29", "backwards, clamped"],
    ["2025-01-15", -3, "2024-10-15", "backwards across a year boundary"],
    ["0099-01-31", 1, "0099-02-28", "a year below 100 stays itself"],
  ])("%s + %i months → %s (%s)", (from, months, expected) => {
    expect(addMonths(from, months)).toBe(expected);
  });

  const day = fc.date({ min: new Date("1901-01-01T00:00:00Z"), max: new Date("2199-12-31T00:00:00Z"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it("lands in the right month, on the same day or the month's last day", () => {
    fc.assert(fc.property(day, fc.integer({ min: -120, max: 120 }), (from, months) => {
      const to = addMonths(from, months);
      const [y, m, d] = from.split("-").map(Number) as [number, number, number];
      const [ty, tm, td] = to.split("-").map(Number) as [number, number, number];
      expect(ty * 12 + tm - (y * 12 + m)).toBe(months);
      const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
      expect(td).toBe(Math.min(d, last));
      expect(new Date(`${to}T00:00:00Z`).toISOString().slice(0, 10)).toBe(to);
    }));
  });

  it("is monotonic: a later decision never ends earlier", () => {
    fc.assert(fc.property(day, day, fc.integer({ min: 0, max: 60 }), (a, b, months) => {
      const [early, late] = a <= b ? [a, b] : [b, a];
      expect(addMonths(early, months) <= addMonths(late, months)).toBe(true);
    }));
  });
});

describe("isoDay", () => {
  it("reads the Date scalar's UTC midnight as its calendar day, and passes a day through", () => {
    expect(isoDay(new Date("2024-02-29T00:00:00Z"))).toBe("2024-02-29");
    expect(isoDay("2024-12-31")).toBe("2024-12-31");
  });
});
