// The audit trail (审计日志): events of reads and changes in a hash chain, and who may read them.
import { allow, mayDo } from "../../permissions/rules.js";
import { defineModule } from "../manifest.js";
import { AuditResolver } from "./audit.resolver.js";
import { createAuditServices } from "./audit.service.js";

export const auditModule = defineModule({
  name: "audit",
  resolvers: [AuditResolver],
  rules: { Query: { auditEvents: mayDo("readAudit", "read audit events") }, types: { AuditEvent: allow, AuditEventConnection: allow } },
  // Group commit writes outside any request's transaction.
  service: ({ ownDb, prepare, config }) => createAuditServices(ownDb, prepare, { maxPageSize: config.MAX_PAGE_SIZE }),
});
