// SQL for the credit office's own working-day entries (calendar_day).
import { and, asc, gte, lte, sql } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { calendarDay } from "../../db/schema.js";

export type CalendarDayRow = typeof calendarDay.$inferSelect;

/** The office's entries, oldest day first; all of them, or those in [from, to]. */
export async function listCalendarDays(db: Database, range: { from: string; to: string } | null = null): Promise<CalendarDayRow[]> {
  return db.select().from(calendarDay)
    .where(range ? and(gte(calendarDay.day, range.from), lte(calendarDay.day, range.to)) : undefined)
    .orderBy(asc(calendarDay.day));
}

/** Sets one day, replacing an earlier entry for it. */
export async function upsertCalendarDay(db: Database, values: Omit<typeof calendarDay.$inferInsert, "updatedAt">): Promise<CalendarDayRow> {
  const [row] = await db.insert(calendarDay).values(values)
    .onConflictDoUpdate({
      target: calendarDay.day,
      set: { working: values.working, note: values.note, setBy: values.setBy, updatedAt: sql`now()` },
    })
    .returning();
  return row!;
}
