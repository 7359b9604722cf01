// The check (核查): a decision per party and the reasons for it, for the systems that embed it.
import { allow, mayDo } from "../../permissions/rules.js";
import { defineModule } from "../manifest.js";
import { CheckResolver } from "./check.resolver.js";
import { CheckService } from "./check.service.js";

export const checkModule = defineModule({
  name: "check",
  resolvers: [CheckResolver],
  rules: {
    Query: { check: mayDo("check", "run checks") },
    types: { CheckReport: allow, CheckResult: allow, CheckReason: allow, CheckError: allow, Supervision: allow },
  },
  auditedReads: ["check"],
  service: ({ prepare, protector, config }) => new CheckService(prepare, protector, config.CHECK_MAX_BATCH),
});
