// Working-day arithmetic on the Chinese calendar (README "The credit lifecycle"): which days are
// working days, and the n-th working day after a decision. Pure: the office's own entries come in
// as data, the State Council calendar comes from the chinese-days library.
//
// A day is decided by, in order: the credit office's entry for it; the library's holiday notice
// data (public holidays off, adjusted weekend days 调休 on); otherwise Monday to Friday. The last
// rule is a fallback for years neither knows, and `coverage` says when it was used.
//
// The library's own functions (isWorkday, findWorkday) read dates in the process's time zone and
// give wrong answers west of UTC, so we read its published data file (the same notices, keyed by
// plain YYYY-MM-DD) and do the date arithmetic here, in UTC, where it cannot drift.
import { createRequire } from "node:module";

/** A calendar date, YYYY-MM-DD. */
export type Day = string;

/** How a year's working days are known: "official" (the library has the State Council's notice), "office" (only the credit office's entries), "weekdays-only" (neither: Monday–Friday). */
export const COVERAGES = ["official", "office", "weekdays-only"] as const;
export type Coverage = (typeof COVERAGES)[number];

/** A day the credit office set: it overrides the library. */
export interface OfficeDay {
  day: Day;
  working: boolean;
}

interface HolidayNotices {
  holidays: Record<Day, string>;
  workdays: Record<Day, string>;
}

const notices = createRequire(import.meta.url)("chinese-days/dist/chinese-days.json") as HolidayNotices;

const officialYears = new Set(Object.keys(notices.holidays).map(yearOf));

/** The years whose State Council holiday notice the installed library holds. */
export const OFFICIAL_YEARS: { first: number; last: number } = {
  first: Math.min(...officialYears),
  last: Math.max(...officialYears),
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
/** No calendar leaves this many days in a row without a working day; beyond it an answer is refused. */
const MAX_SCAN_DAYS = 3660;

function yearOf(day: Day): number {
  return Number(day.slice(0, 4));
}

/** Days since 1970-01-01 of a YYYY-MM-DD date, or NaN when it is not a real calendar date. */
function dayNumber(day: string): number {
  const match = DATE.exec(day);
  if (!match) return Number.NaN;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, date); // not Date.UTC: it maps years 0–99 to 1900–1999
  if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== date) return Number.NaN;
  return at.getTime() / MS_PER_DAY;
}

function dayOf(number: number): Day {
  return new Date(number * MS_PER_DAY).toISOString().slice(0, 10);
}

/** A real calendar date written YYYY-MM-DD (2024-02-29 yes, 2023-02-29 no). */
export function isCalendarDate(value: string): boolean {
  return !Number.isNaN(dayNumber(value));
}

function parse(day: Day): number {
  const number = dayNumber(day);
  if (Number.isNaN(number)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${day}`);
  return number;
}

/** The working-day calendar: the library's notices with the credit office's entries on top. */
export interface WorkingCalendar {
  isWorkingDay(day: Day): boolean;
  /**
   * The `days`-th working day after `date`: day 1 is the first working day strictly after it
   * (the decision day itself never counts). 0 is `date` itself, working day or not.
   */
  workingDaysAfter(date: Day, days: number): Day;
  /** The working days in (from, to]: how late a publication on `to` was for a deadline `from`; 0 when `to` is not after `from`. */
  workingDaysBetween(from: Day, to: Day): number;
  coverage(year: number): Coverage;
}

/** Where a year's working days come from, given the office's entries. */
export function calendarCoverage(year: number, officeDays: Iterable<OfficeDay> = []): Coverage {
  return coverageOf(year, new Set(Array.from(officeDays, (entry) => yearOf(entry.day))));
}

function coverageOf(year: number, officeYears: ReadonlySet<number>): Coverage {
  if (officialYears.has(year)) return "official";
  return officeYears.has(year) ? "office" : "weekdays-only";
}

export function workingCalendar(officeDays: Iterable<OfficeDay> = []): WorkingCalendar {
  const office = new Map<Day, boolean>();
  for (const entry of officeDays) office.set(entry.day, entry.working);
  const officeYears = new Set(Array.from(office.keys(), yearOf));

  const isWorking = (number: number): boolean => {
    const day = dayOf(number);
    const set = office.get(day);
    if (set !== undefined) return set;
    if (notices.workdays[day] !== undefined) return true;
    if (notices.holidays[day] !== undefined) return false;
    const weekday = new Date(number * MS_PER_DAY).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  };

  return {
    isWorkingDay: (day) => isWorking(parse(day)),

    workingDaysAfter(date, days) {
      if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a non-negative integer, not ${days}`);
      let number = parse(date);
      const limit = number + MAX_SCAN_DAYS + days;
      for (let counted = 0; counted < days;) {
        number++;
        if (number > limit) throw new RangeError(`no ${days} working days within ${MAX_SCAN_DAYS} days after ${date}`);
        if (isWorking(number)) counted++;
      }
      return dayOf(number);
    },

    workingDaysBetween(from, to) {
      const end = parse(to);
      let count = 0;
      for (let number = parse(from) + 1; number <= end; number++) if (isWorking(number)) count++;
      return count;
    },

    coverage: (year) => coverageOf(year, officeYears),
  };
}
