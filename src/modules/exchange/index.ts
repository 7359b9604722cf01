// The exchange hub (数据交换枢纽): batches to and from the ministry's and the province's platforms.
import { rule } from "graphql-shield";
import { mayNot } from "../../auth/policy.js";
import type { Context } from "../../context.js";
import { allow, mayDo } from "../../permissions/rules.js";
import type { JointReportService } from "../jointreport/jointreport.service.js";
import type { RulesService } from "../rules/rules.service.js";
import { defineModule, type ServiceDeps } from "../manifest.js";
import { ExchangeResolver } from "./exchange.resolver.js";
import { ExchangeService } from "./exchange.service.js";

/** acknowledgeBatch: the partner's own key (the service checks it is the batch's partner) or ADMIN. */
const partnerOrAdmin = rule("partner-or-admin-acknowledge", { cache: "contextual" })((_p, _a, ctx: Context) =>
  ctx.principal.role === "ADMIN" || ctx.principal.role === "PARTNER" || mayNot(ctx.principal.role, "acknowledge batches"));

export const exchangeModule = defineModule({
  name: "exchange",
  resolvers: [ExchangeResolver],
  rules: {
    Query: { exchangeBatches: mayDo("oversee", "read exchange batches"), reconcile: mayDo("write", "reconcile exchange batches") },
    Mutation: { exportBatch: mayDo("write", "export batches"), importBatch: mayDo("write", "import batches"), acknowledgeBatch: partnerOrAdmin },
    types: { ExchangeBatch: allow, ExchangeBatchConnection: allow, ExchangeKindCount: allow, Reconciliation: allow, ReconciledKind: allow, ReconcileDifference: allow },
  },
  needs: ["jointreport", "rules"],
  service: ({ db, ownDb, config, protector, jointreport, rules }: ServiceDeps & { jointreport: JointReportService; rules: RulesService }) =>
    new ExchangeService(db, ownDb, config, protector, jointreport, rules),
});
