// Objections (异议): a subject disputes a record or entry; the office decides.
import { allow, mayDo } from "../../permissions/rules.js";
import type { CalendarService } from "../calendar/calendar.service.js";
import { defineModule, type ServiceDeps } from "../manifest.js";
import type { RulesService } from "../rules/rules.service.js";
import { ObjectionResolver } from "./objection.resolver.js";
import { ObjectionService } from "./objection.service.js";

export const objectionModule = defineModule({
  name: "objection",
  resolvers: [ObjectionResolver],
  rules: {
    Mutation: { fileObjection: mayDo("submit", "file objections"), decideObjection: mayDo("write", "decide objections") },
    types: { Objection: allow },
  },
  needs: ["calendar", "rules"],
  service: ({ db, calendar, rules }: ServiceDeps & { calendar: CalendarService; rules: RulesService }) => new ObjectionService(db, calendar, rules),
});
