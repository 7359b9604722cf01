// Thin resolvers for the working-day calendar.
import { Arg, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { DateScalar } from "../../shared/graphql.js";
import { CalendarCoverage, CalendarDay, CalendarDayInput } from "./calendar.types.js";

/** The Date scalar parses to a UTC midnight; the calendar speaks YYYY-MM-DD. */
const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

@Resolver(() => CalendarDay)
export class CalendarResolver {
  @Query(() => DateScalar, {
    description: "The `days`-th working day after `date` on the Chinese working-day calendar (day 1 is the first working day after it): e.g. the 双公示 deadline is 7 working days after the decision.",
  })
  workingDaysAfter(@Arg("date", () => DateScalar) date: Date, @Arg("days", () => Int) days: number, @Ctx() ctx: Context) {
    return ctx.services.calendar.workingDaysAfter(isoDay(date), days);
  }

  @Query(() => Int, {
    description: "How many working days lie after `from`, up to and including `to` (0 when `to` is not after it): e.g. whether a 双公示 publication kept to its 7 working days.",
  })
  workingDaysBetween(@Arg("from", () => DateScalar) from: Date, @Arg("to", () => DateScalar) to: Date, @Ctx() ctx: Context) {
    return ctx.services.calendar.workingDaysBetween(isoDay(from), isoDay(to));
  }

  @Query(() => [CalendarDay], { description: "The credit office's own entries on the working-day calendar in a year." })
  calendarDays(@Arg("year", () => Int) year: number, @Ctx() ctx: Context) {
    return ctx.services.calendar.days(year);
  }

  @Query(() => CalendarCoverage, {
    description: "Where a year's working days come from: OFFICIAL (the State Council's holiday notice), OFFICE (only the credit office's entries), or WEEKDAYS_ONLY (neither is known: Monday to Friday).",
  })
  calendarCoverage(@Arg("year", () => Int) year: number, @Ctx() ctx: Context) {
    return ctx.services.calendar.coverage(year);
  }

  @Mutation(() => CalendarDay, { description: "ADMIN: declare a day a working day or a day off, e.g. from a new year's State Council notice; deadlines use it at once." })
  setCalendarDay(@Arg("input", () => CalendarDayInput) input: CalendarDayInput, @Ctx() ctx: Context) {
    return ctx.services.calendar.setDay({ day: isoDay(input.day), working: input.working, note: input.note }, ctx.principal);
  }
}
