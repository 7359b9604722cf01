// Rules that act on what comes in (issue 12): the violation catalogue, the parties of records,
// the listing rules that put subjects on lists by themselves, and early warnings.
import { allow, mayDo } from "../../permissions/rules.js";
import { defineModule } from "../manifest.js";
import { RulesResolver } from "./rules.resolver.js";
import { RulesService } from "./rules.service.js";
import { WarningsResolver } from "./warnings.resolver.js";

export const rulesModule = defineModule({
  name: "rules",
  resolvers: [RulesResolver, WarningsResolver],
  rules: {
    Query: { violations: allow, listRules: allow, creditWarnings: mayDo("oversee", "see credit warnings") },
    Mutation: { setViolation: mayDo("write", "change the violation catalogue"), setListRule: mayDo("write", "change listing rules") },
    types: { Violation: allow, ListRule: allow, CreditWarning: allow, CreditWarningFact: allow, CreditWarningConnection: allow },
  },
  auditedReads: ["creditWarnings"],
  service: ({ db, config }) => new RulesService(db, config.MAX_PAGE_SIZE),
});
