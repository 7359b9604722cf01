// Credit repair (信用修复): applications, decisions and reversals.
import { allow, mayDo } from "../../permissions/rules.js";
import type { CalendarService } from "../calendar/calendar.service.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import type { CommitmentService } from "../commitment/commitment.service.js";
import { defineModule, type ServiceDeps } from "../manifest.js";
import type { RulesService } from "../rules/rules.service.js";
import { RepairResolver } from "./repair.resolver.js";
import { RepairService } from "./repair.service.js";

export const repairModule = defineModule({
  name: "repair",
  resolvers: [RepairResolver],
  rules: {
    Mutation: {
      applyRepair: mayDo("submit", "apply for repair"),
      decideRepair: mayDo("write", "decide repairs"),
      reverseRepair: mayDo("write", "reverse repairs"),
    },
    types: { Repair: allow },
  },
  needs: ["calendar", "commitment", "catalogue", "rules"],
  service: ({ db, calendar, commitment, catalogue, rules }: ServiceDeps & { calendar: CalendarService; commitment: CommitmentService; catalogue: CatalogueService; rules: RulesService }) =>
    new RepairService(db, calendar, commitment, catalogue, rules),
});
