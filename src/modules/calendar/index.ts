// The working-day calendar (工作日历): deadlines, and the office's own entries.
import { allow, mayDo } from "../../permissions/rules.js";
import { defineModule } from "../manifest.js";
import { CalendarResolver } from "./calendar.resolver.js";
import { CalendarService } from "./calendar.service.js";

export const calendarModule = defineModule({
  name: "calendar",
  resolvers: [CalendarResolver],
  rules: {
    Query: { workingDaysAfter: allow, workingDaysBetween: allow, calendarDays: allow, calendarCoverage: allow },
    Mutation: { setCalendarDay: mayDo("write", "change the working-day calendar") },
    types: { CalendarDay: allow },
  },
  service: ({ db }) => new CalendarService(db),
});
