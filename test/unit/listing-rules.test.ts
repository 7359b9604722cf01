// The listing rule as a table and as a property: more than `threshold` records within any window
// of `windowDays` days (365: one year, counted on decision dates) lists the subject, from the date
// of the record that tipped it, on the records of that window.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countListing, fleetListing, nearCountListing } from "../../src/modules/rules/listing.rules.js";

const RULE = { threshold: 3, windowDays: 365 };
const facts = (...dates: string[]) => dates.map((date, i) => ({ recordId: `r${i + 1}`, date }));

describe("over-limit penalties of one vehicle (more than 3 within 365 days)", () => {
  const table: { name: string; dates: string[]; from: string | null; basis?: string[] }[] = [
    { name: "3 penalties in a year: not listed", dates: ["2026-01-05", "2026-03-01", "2026-06-30"], from: null },
    { name: "4 penalties in a year: listed from the 4th", dates: ["2026-01-05", "2026-03-01", "2026-06-30", "2026-09-12"], from: "2026-09-12", basis: ["r1", "r2", "r3", "r4"] },
    { name: "4 spread over 13 months: not listed", dates: ["2025-01-10", "2025-05-01", "2025-09-01", "2026-02-10"], from: null },
    { name: "4 within exactly 365 days (first and last 364 days apart): listed", dates: ["2025-01-01", "2025-04-01", "2025-08-01", "2025-12-31"], from: "2025-12-31" },
    { name: "4 with first and last 365 days apart: not listed", dates: ["2025-01-01", "2025-04-01", "2025-08-01", "2026-01-01"], from: null },
    { name: "order of arrival does not matter", dates: ["2026-09-12", "2026-01-05", "2026-06-30", "2026-03-01"], from: "2026-09-12" },
    { name: "the first window over the line decides", dates: ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"], from: "2024-04-01" },
    { name: "four on one day: listed that day", dates: ["2026-05-01", "2026-05-01", "2026-05-01", "2026-05-01"], from: "2026-05-01" },
  ];
  for (const row of table) {
    it(row.name, () => {
      const listing = countListing(facts(...row.dates), RULE);
      expect(listing?.effectiveFrom ?? null).toBe(row.from);
      if (row.basis) expect(listing!.basis.sort()).toEqual(row.basis);
    });
  }

  it("threshold 0: a single record lists (ordered to suspend business, permit fraud)", () => {
    expect(countListing(facts("2026-02-02"), { threshold: 0, windowDays: 365 })?.effectiveFrom).toBe("2026-02-02");
    expect(countListing([], { threshold: 0, windowDays: 365 })).toBeNull();
  });

  it("three penalties in the year before today are one step before the rule", () => {
    expect(nearCountListing(facts("2026-01-05", "2026-03-01", "2026-06-30"), RULE, "2026-07-01")).toHaveLength(3);
    expect(nearCountListing(facts("2025-01-05", "2026-03-01", "2026-06-30"), RULE, "2026-07-01")).toBeNull();
  });
});

describe("over-limit vehicles of one operator (more than 10% of its fleet within 365 days)", () => {
  const fleetFacts = (...rows: [string, string][]) => rows.map(([date, vehicleId], i) => ({ recordId: `r${i}`, date, vehicleId }));
  const table: { name: string; rows: [string, string][]; fleet: number; from: string | null }[] = [
    { name: "1 of 10 vehicles (10%): not listed", rows: [["2026-01-01", "v1"], ["2026-02-01", "v1"]], fleet: 10, from: null },
    { name: "2 of 10 vehicles (20%): listed from the second vehicle's penalty", rows: [["2026-01-01", "v1"], ["2026-02-01", "v2"]], fleet: 10, from: "2026-02-01" },
    { name: "2 of 10 vehicles, a year and more apart: not listed", rows: [["2025-01-01", "v1"], ["2026-02-01", "v2"]], fleet: 10, from: null },
    { name: "2 of 20 vehicles (10%): not listed", rows: [["2026-01-01", "v1"], ["2026-02-01", "v2"]], fleet: 20, from: null },
    { name: "no fleet known: not listed", rows: [["2026-01-01", "v1"]], fleet: 0, from: null },
  ];
  for (const row of table) {
    it(row.name, () => {
      expect(fleetListing(fleetFacts(...row.rows), row.fleet, { threshold: 10, windowDays: 365 })?.effectiveFrom ?? null).toBe(row.from);
    });
  }
});

describe("property: exactly the subjects whose sliding 365-day window ever held more than 3", () => {
  const DAY = 86_400_000;
  const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * DAY).toISOString().slice(0, 10);
  /** Brute force over every pair: some record has more than 3 records (itself included) in the 365 days ending on it. */
  const everOver = (days: number[]) => days.some((end) => days.filter((d) => d <= end && end - d < 365).length > 3);
  const firstOver = (days: number[]) => Math.min(...days.filter((end) => days.filter((d) => d <= end && end - d < 365).length > 3));

  it("for random sequences of penalty dates", () => {
    fc.assert(fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 1500 }), { maxLength: 12 }), { maxLength: 8 }), (subjects) => {
      for (const days of subjects) {
        const listing = countListing(days.map((d, i) => ({ recordId: `r${i}`, date: day(d) })), RULE);
        expect(listing !== null).toBe(everOver(days));
        if (listing) {
          expect(listing.effectiveFrom).toBe(day(firstOver(days)));
          expect(listing.basis.length).toBeGreaterThan(3);
        }
      }
    }), { numRuns: 300 });
  });
});
