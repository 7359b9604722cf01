// "Today" in China Standard Time, asked in any order: the same minute twice, the next minute,
// midnight's two sides, years apart.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chinaDate } from "../../src/shared/clock.js";

/** UTC+8 by arithmetic: China has kept one offset, without summer time, since 1992. */
const utc8 = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

describe("chinaDate", () => {
  it.each([
    ["a second before midnight in Beijing", "2026-12-02T15:59:59.999Z", "2026-12-02"],
    ["midnight in Beijing", "2026-12-02T16:00:00.000Z", "2026-12-03"],
    ["noon in Beijing", "2026-12-03T04:00:00.000Z", "2026-12-03"],
    ["New Year's Eve in UTC, New Year in Beijing", "2026-12-31T20:00:00.000Z", "2027-01-01"],
  ])("%s", (_what, at, date) => {
    expect(chinaDate(new Date(at))).toBe(date);
  });

  it("is the UTC+8 date of any instant, whatever was asked before it", () => {
    const from = Date.UTC(1992, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    fc.assert(fc.property(fc.array(fc.oneof(
      fc.integer({ min: from, max: to }),
      // Instants on both sides of a minute and of midnight in Beijing.
      fc.integer({ min: 0, max: 40_000 }).chain((day) => fc.integer({ min: -90_000, max: 90_000 }).map((ms) => Date.UTC(1992, 0, 1) + day * 86_400_000 - 8 * 3_600_000 + ms)),
    ), { minLength: 1, maxLength: 50 }), (instants) => {
      for (const ms of instants) expect(chinaDate(new Date(ms))).toBe(utc8(ms));
    }));
  });

  it("refuses an invalid date, as the formatter does", () => {
    expect(() => chinaDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});
