// The working-day calendar (工作日历) as a service: deadlines for callers, and the credit office's
// entries for years or days the holiday library does not know or gets wrong. Other modules that
// compute many deadlines in one request call `load()` once and use the calculator it returns.
import { may, mayNot } from "../../auth/policy.js";
import type { Principal } from "../../auth/principal.js";
import type { Database } from "../../db/client.js";
import { AppError } from "../../shared/errors.js";
import { type Coverage, calendarCoverage, isCalendarDate, type WorkingCalendar, workingCalendar } from "./calendar.rules.js";
import { type CalendarDayRow, listCalendarDays, upsertCalendarDay } from "./calendar.store.js";
import { type Message, msg } from "../../shared/i18n/index.js";

export interface CalendarDayInput {
  day: string;
  working: boolean;
  note: string;
}

/** Dates the calendar answers for; far outside them an input is a mistake, not a question. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2999;
const MAX_DAYS = 365;
const MAX_NOTE = 200;
const MAX_SPAN_DAYS = 3660;

const bad = (message: Message) => new AppError("BAD_USER_INPUT", message);

function checkDay(day: string, what: string): void {
  const year = Number(day.slice(0, 4));
  if (!isCalendarDate(day) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw bad(msg("input.calendarDate", { what, first: FIRST_YEAR, last: LAST_YEAR }));
  }
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) throw bad(msg("input.calendarYear", { first: FIRST_YEAR, last: LAST_YEAR }));
}

export class CalendarService {
  constructor(private readonly db: Database) {}

  /**
   * The calendar with the office's entries as they are now: one read of a table of a few dozen
   * rows a year, then synchronous answers. Read it per request (or per transaction, passing `db`)
   * rather than caching it in the process: another API process may have just changed an entry.
   */
  async load(db: Database = this.db): Promise<WorkingCalendar> {
    return workingCalendar(await listCalendarDays(db));
  }

  /** The `days`-th working day after `date` (day 1 is the first working day after it). */
  async workingDaysAfter(date: string, days: number): Promise<string> {
    checkDay(date, "date");
    if (!Number.isInteger(days) || days < 0 || days > MAX_DAYS) throw bad(msg("input.calendarDays", { max: MAX_DAYS }));
    return (await this.load()).workingDaysAfter(date, days);
  }

  /** Working days after `from`, up to and including `to`: e.g. how many a publication took. */
  async workingDaysBetween(from: string, to: string): Promise<number> {
    checkDay(from, "from");
    checkDay(to, "to");
    if (Math.abs(Date.parse(to) - Date.parse(from)) > MAX_SPAN_DAYS * 86_400_000) throw bad(msg("input.calendarSpan", { max: MAX_SPAN_DAYS }));
    return (await this.load()).workingDaysBetween(from, to);
  }

  /** The office's entries in a year. */
  async days(year: number): Promise<CalendarDayRow[]> {
    checkYear(year);
    return listCalendarDays(this.db, { from: `${year}-01-01`, to: `${year}-12-31` });
  }

  async coverage(year: number): Promise<Coverage> {
    checkYear(year);
    const official = calendarCoverage(year);
    return official === "official" ? official : calendarCoverage(year, await this.days(year));
  }

  /** ADMIN: declares a day working or not (a new year's notice, a correction); deadlines use it at once. */
  async setDay(input: CalendarDayInput, principal: Principal): Promise<CalendarDayRow> {
    if (!may(principal, "write")) throw mayNot(principal.role, "change the working-day calendar");
    checkDay(input.day, "day");
    const note = input.note.trim();
    if (note.length === 0 || note.length > MAX_NOTE) throw bad(msg("input.calendarNote", { max: MAX_NOTE }));
    return upsertCalendarDay(this.db, { day: input.day, working: input.working, note, setBy: principal.id });
  }
}
