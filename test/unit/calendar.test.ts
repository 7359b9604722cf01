// Working-day arithmetic on the real calendar: the State Council's notices as the chinese-days
// library ships them. Expected dates are worked out by hand from the notices, not by the code.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarCoverage, isCalendarDate, OFFICIAL_YEARS, workingCalendar } from "../../src/modules/calendar/calendar.rules.js";

const official = workingCalendar();

describe("which days are working days", () => {
  it.each([
    ["2024-02-04", true, "a Sunday worked before the 2024 Spring Festival (调休)"],
    ["2024-02-09", true, "New Year's Eve 2024, a Friday the notice left working"],
    ["2024-02-10", false, "the first day of the 2024 Spring Festival"],
    ["2024-02-15", false, "a Thursday inside the 2024 Spring Festival"],
    ["2024-02-18", true, "a Sunday worked after the 2024 Spring Festival"],
    ["2024-02-24", false, "an ordinary Saturday"],
    ["2024-09-29", true, "a Sunday worked before the 2024 National Day holiday"],
    ["2024-10-07", false, "a Monday inside the 2024 National Day holiday"],
    ["2024-10-12", true, "a Saturday worked after the 2024 National Day holiday"],
    ["2025-01-01", false, "New Year's Day 2025"],
    ["2025-01-26", true, "a Sunday worked before the 2025 Spring Festival"],
    ["2025-01-28", false, "the first day of the 2025 Spring Festival"],
    ["2025-02-08", true, "a Saturday worked after the 2025 Spring Festival"],
  ] as [string, boolean, string][])("%s is %s: %s", (day, working) => {
    expect(official.isWorkingDay(day)).toBe(working);
  });
});

describe("workingDaysAfter: the n-th working day after a decision (day 1 is the first working day after it)", () => {
  it.each([
    // 2024 Spring Festival: off 02-10..02-17, worked Sundays 02-04 and 02-18.
    ["2024-02-02", 7, "2024-02-18", "a Friday decision counts the worked Sunday before the festival and the one after it"],
    ["2024-02-08", 7, "2024-02-23", "a decision on the eve of the festival jumps the eight days off"],
    ["2024-02-03", 1, "2024-02-04", "the day after a Saturday decision is the worked Sunday"],
    ["2024-02-12", 7, "2024-02-26", "a decision on a public holiday counts from the first working day after it"],
    // 2024 National Day: off 10-01..10-07, worked 09-29 (Sun) and 10-12 (Sat).
    ["2024-09-27", 7, "2024-10-12", "a Friday decision before National Day ends on the worked Saturday"],
    ["2024-09-30", 7, "2024-10-15", "a decision on the last day before National Day"],
    ["2024-10-03", 1, "2024-10-08", "a decision inside the holiday: day 1 is the first day back"],
    // Across a year boundary: New Year 2025-01-01 off; 2025 Spring Festival off 01-28..02-04, worked 01-26 (Sun), 02-08 (Sat).
    ["2024-12-27", 7, "2025-01-08", "a decision at the end of 2024 skips New Year's Day 2025"],
    ["2025-01-22", 7, "2025-02-07", "a decision before the 2025 Spring Festival counts the worked Sunday 2025-01-26"],
    ["2025-01-24", 1, "2025-01-26", "the day after a Friday decision in January 2025 is the worked Sunday"],
    // days = 0 is the decision date itself, whatever it is.
    ["2024-02-12", 0, "2024-02-12", "0 working days after a holiday is that holiday"],
    ["2024-03-05", 0, "2024-03-05", "0 working days after a working day is that day"],
  ] as [string, number, string, string][])("%s + %i working days = %s: %s", (date, days, expected) => {
    expect(official.workingDaysAfter(date, days)).toBe(expected);
  });

  it("refuses a date that is not a calendar date and a negative or fractional count", () => {
    expect(() => official.workingDaysAfter("2023-02-29", 1)).toThrow(RangeError);
    expect(() => official.workingDaysAfter("2024-2-1", 1)).toThrow(RangeError);
    expect(() => official.workingDaysAfter("2024-02-01", -1)).toThrow(RangeError);
    expect(() => official.workingDaysAfter("2024-02-01", 1.5)).toThrow(RangeError);
  });

  it("answers the same whatever the server's time zone", () => {
    const before = process.env.TZ;
    try {
      for (const zone of ["America/Los_Angeles", "Asia/Shanghai", "Pacific/Kiritimati"]) {
        process.env.TZ = zone;
        expect(official.workingDaysAfter("2024-02-02", 7)).toBe("2024-02-18");
        expect(official.isWorkingDay("2024-02-04")).toBe(true);
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

describe("workingDaysBetween: the working days in (from, to]", () => {
  it.each([
    ["2024-02-08", "2024-02-23", 7, "the festival's days off do not count"],
    ["2024-02-18", "2024-02-19", 1, "published the working day after the deadline: late by 1"],
    ["2024-02-18", "2024-02-25", 5, "published a week after the deadline: late by 5"],
    ["2024-02-09", "2024-02-17", 0, "published during the festival, deadline on its eve: late by 0 working days"],
    ["2024-02-18", "2024-02-18", 0, "published on the deadline: not late"],
    ["2024-02-18", "2024-02-05", 0, "published before the deadline: not late"],
  ] as [string, string, number, string][])("(%s, %s] holds %i: %s", (from, to, expected) => {
    expect(official.workingDaysBetween(from, to)).toBe(expected);
  });
});

describe("the credit office's entries", () => {
  it("override the library: a day off declared on a working day, a working day declared on a holiday", () => {
    const office = workingCalendar([{ day: "2024-02-09", working: false }, { day: "2024-10-03", working: true }]);
    expect(office.isWorkingDay("2024-02-09")).toBe(false);
    expect(office.workingDaysAfter("2024-02-08", 7)).toBe("2024-02-26");
    expect(office.isWorkingDay("2024-10-03")).toBe(true);
    expect(office.workingDaysAfter("2024-09-30", 1)).toBe("2024-10-03");
    expect(official.workingDaysAfter("2024-09-30", 1)).toBe("2024-10-08");
  });

  it("can take back an adjusted working Sunday", () => {
    const office = workingCalendar([{ day: "2024-02-04", working: false }]);
    expect(office.workingDaysAfter("2024-02-02", 1)).toBe("2024-02-05");
  });
});

describe("coverage: a year the library does not know falls back to Monday–Friday, and says so", () => {
  it("the library holds the State Council notices of the years the tests rely on", () => {
    expect(OFFICIAL_YEARS.first).toBeLessThanOrEqual(2024);
    expect(OFFICIAL_YEARS.last).toBeGreaterThanOrEqual(2025);
    expect(calendarCoverage(2024)).toBe("official");
    expect(calendarCoverage(2025)).toBe("official");
    expect(official.coverage(2024)).toBe("official");
  });

  it("a year neither knows is weekdays-only: New Year's Day 2099 (a Thursday) counts as a working day", () => {
    expect(calendarCoverage(2099)).toBe("weekdays-only");
    expect(official.coverage(2099)).toBe("weekdays-only");
    expect(official.isWorkingDay("2099-01-01")).toBe(true);
    expect(official.workingDaysAfter("2098-12-31", 1)).toBe("2099-01-01");
    expect(official.workingDaysAfter("2099-01-02", 1)).toBe("2099-01-05"); // Friday → Monday
    expect(calendarCoverage(OFFICIAL_YEARS.first - 1)).toBe("weekdays-only");
  });

  it("a year the office has entered is office coverage, and its entries count", () => {
    const entries = [{ day: "2099-01-01", working: false }];
    expect(calendarCoverage(2099, entries)).toBe("office");
    const office = workingCalendar(entries);
    expect(office.coverage(2099)).toBe("office");
    expect(office.coverage(2098)).toBe("weekdays-only");
    expect(office.workingDaysAfter("2098-12-31", 1)).toBe("2099-01-02");
  });

  it("an office entry in a year the library knows leaves it official", () => {
    expect(calendarCoverage(2024, [{ day: "2024-02-09", working: false }])).toBe("official");
  });
});

describe("isCalendarDate", () => {
  it.each([["2024-02-29", true], ["2023-02-29", false], ["2024-13-01", false], ["2024-2-1", false], ["2024-02-01T00:00:00Z", false], ["", false]] as [string, boolean][])(
    "%j → %s", (value, expected) => expect(isCalendarDate(value)).toBe(expected));
});

describe("properties, on the real calendar", () => {
  const FIRST = Date.UTC(OFFICIAL_YEARS.first - 1, 0, 1) / 86_400_000; // with uncovered years on both sides
  const LAST = Date.UTC(OFFICIAL_YEARS.last + 1, 11, 31) / 86_400_000;
  const day = fc.integer({ min: FIRST, max: LAST }).map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
  const count = fc.integer({ min: 0, max: 365 });
  const officeDays = fc.array(fc.record({ day, working: fc.boolean() }), { maxLength: 20 });

  it("the n-th working day after a date (n ≥ 1) is a working day strictly after it", () => {
    fc.assert(fc.property(officeDays, day, fc.integer({ min: 1, max: 365 }), (entries, date, n) => {
      const calendar = workingCalendar(entries);
      const result = calendar.workingDaysAfter(date, n);
      expect(result > date).toBe(true);
      expect(calendar.isWorkingDay(result)).toBe(true);
    }));
  });

  it("is monotonic in the number of days", () => {
    fc.assert(fc.property(day, count, count, (date, a, b) => {
      const [low, high] = a <= b ? [a, b] : [b, a];
      expect(official.workingDaysAfter(date, low) <= official.workingDaysAfter(date, high)).toBe(true);
      if (low < high) expect(official.workingDaysAfter(date, low) < official.workingDaysAfter(date, high)).toBe(true);
    }));
  });

  it("counting back gives the number of days: workingDaysBetween(d, workingDaysAfter(d, n)) = n", () => {
    fc.assert(fc.property(officeDays, day, count, (entries, date, n) => {
      const calendar = workingCalendar(entries);
      expect(calendar.workingDaysBetween(date, calendar.workingDaysAfter(date, n))).toBe(n);
    }));
  });
});
