// Publication periods (NDRC Order No. 58; the defaults are in the catalogue): how long a record stays
// public, from its decision date. Rules are data; of all the rules that match a record (each of
// category, severity and field equal or "*"), the longest minimum and the longest maximum apply.
// A rule for every category ("*") is the fallback for categories no rule names: otherwise its
// 36 months would outlast every shorter rule of a named category (LIST_WATCH's 12).
import type { WorkingCalendar } from "../calendar/calendar.rules.js";
import type { PeriodRule } from "../catalogue/catalogue.defaults.js";

export { DEFAULT_PERIODS, type PeriodRule } from "../catalogue/catalogue.defaults.js";

const matches = (rule: string, value: string | null | undefined) => rule === "*" || rule === value;

export function periodFor(rules: PeriodRule[], record: { category: string; severity?: string | null; fields?: (string | null)[] }) {
  const fields = record.fields?.length ? record.fields : [null];
  const matching = rules.filter((r) => matches(r.category, record.category) && matches(r.severity, record.severity)
    && fields.some((f) => matches(r.field, f)));
  const named = matching.filter((r) => r.category !== "*");
  const applying = named.length > 0 ? named : matching;
  if (applying.length === 0) return null;
  return { minMonths: Math.max(...applying.map((r) => r.minMonths)), maxMonths: Math.max(...applying.map((r) => r.maxMonths)) };
}

/**
 * A date argument as YYYY-MM-DD: the GraphQL Date scalar hands resolvers a Date (UTC midnight),
 * services and tests may pass the string itself.
 */
export function isoDay(value: Date | string): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : value;
}

/** YYYY-MM-DD plus whole months, clamped to the month's last day (2024-01-31 + 1 → 2024-02-29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const target = new Date(0);
  target.setUTCFullYear(y, m - 1 + months, 1);
  const last = new Date(0);
  last.setUTCFullYear(target.getUTCFullYear(), target.getUTCMonth() + 1, 0);
  target.setUTCDate(Math.min(d, last.getUTCDate()));
  return target.toISOString().slice(0, 10);
}

/** 双公示: a record is due for publication within this many working days of its decision. */
export const PUBLISH_WITHIN_WORKING_DAYS = 7;

/** The rules a record is taken in by: the working-day calendar and the publication periods, as loaded for one intake. */
export interface IntakeRules {
  calendar: WorkingCalendar;
  periods: PeriodRule[];
}

export interface PublicationDates {
  publishDeadline: string;
  /** Repair can be applied for from this day on (null: no period rule matches). */
  publicationMinEnds: string | null;
  /** Publication stops by itself on this day (null: no period rule matches). */
  publicationEnds: string | null;
}

/** What intake fixes for a record at its decision: its publication deadline and its publication period. */
export function publicationDates(
  rules: IntakeRules, record: { category: string; severity: string; field: string | null; decisionDate: string },
): PublicationDates {
  return datesOf(rules.calendar, periodFor(rules.periods, { category: record.category, severity: record.severity, fields: [record.field] }), record.decisionDate);
}

/** The dates of a record decided on `decisionDate` under `period` (periodFor's answer for it). */
export function datesOf(calendar: WorkingCalendar, period: ReturnType<typeof periodFor>, decisionDate: string): PublicationDates {
  return {
    publishDeadline: calendar.workingDaysAfter(decisionDate, PUBLISH_WITHIN_WORKING_DAYS),
    publicationMinEnds: period ? addMonths(decisionDate, period.minMonths) : null,
    publicationEnds: period ? addMonths(decisionDate, period.maxMonths) : null,
  };
}
