// Objections (异议): a subject disputes a record or entry; the office decides.
import type { CalendarService } from "../calendar/calendar.service.js";
import { defineModule, type ServiceDeps } from "../manifest.js";
import { ObjectionService } from "./objection.service.js";

export const objectionModule = defineModule({
  name: "objection",
  needs: ["calendar"],
  service: ({ db, calendar }: ServiceDeps & { calendar: CalendarService }) => new ObjectionService(db, calendar),
});
