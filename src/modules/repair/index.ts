// Credit repair (信用修复): applications, decisions and reversals.
import type { CalendarService } from "../calendar/calendar.service.js";
import { defineModule, type ServiceDeps } from "../manifest.js";
import { RepairService } from "./repair.service.js";

export const repairModule = defineModule({
  name: "repair",
  needs: ["calendar"],
  service: ({ db, calendar }: ServiceDeps & { calendar: CalendarService }) => new RepairService(db, calendar),
});
