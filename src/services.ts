// The services of every module, bound to the database once per process.
import type { Config } from "./config.js";
import { ambientDatabase } from "./db/ambient.js";
import type { DatabaseHandle } from "./db/client.js";
import { ApiKeyService } from "./modules/apikey/apikey.service.js";
import { createAuditServices } from "./modules/audit/audit.service.js";
import { CalendarService } from "./modules/calendar/calendar.service.js";
import { CatalogueService } from "./modules/catalogue/catalogue.service.js";
import { CheckService } from "./modules/check/check.service.js";
import { CommitmentService } from "./modules/commitment/commitment.service.js";
import { changesOf } from "./modules/history/history.store.js";
import { ObjectionService } from "./modules/objection/objection.service.js";
import { RecordService } from "./modules/record/record.service.js";
import { RepairService } from "./modules/repair/repair.service.js";
import { GrantService } from "./modules/grant/grant.service.js";
import { ListService } from "./modules/list/list.service.js";
import { ReportService } from "./modules/report/report.service.js";
import { SubjectService } from "./modules/subject/subject.service.js";
import { requireUuid } from "./shared/ids.js";
import type { Protector } from "./shared/protect.js";

export type Services = ReturnType<typeof createServices>;

export function createServices(handle: Pick<DatabaseHandle, "db" | "prepare">, config: Pick<Config, "MAX_PAGE_SIZE" | "CHECK_MAX_BATCH">, protector: Protector) {
  // Services join the transaction of the mutation they run in; the audit writer never does.
  const db = ambientDatabase(handle.db);
  const subject = new SubjectService(db, config.MAX_PAGE_SIZE, protector);
  const apiKey = new ApiKeyService(db);
  const grant = new GrantService(db, subject, apiKey);
  const calendar = new CalendarService(db);
  const catalogue = new CatalogueService(db);
  const record = new RecordService(db, protector, calendar, config.MAX_PAGE_SIZE, subject, catalogue);
  const commitment = new CommitmentService(db, subject);
  return {
    subject,
    list: new ListService(db, config.MAX_PAGE_SIZE, subject, record),
    grant,
    report: new ReportService(db, subject, grant),
    audit: createAuditServices(handle.db, { maxPageSize: config.MAX_PAGE_SIZE }),
    check: new CheckService(handle.prepare, protector, config.CHECK_MAX_BATCH),
    catalogue,
    calendar,
    record,
    objection: new ObjectionService(db, calendar),
    repair: new RepairService(db, calendar, commitment, catalogue),
    commitment,
    history: { of: (entityId: string) => changesOf(db, requireUuid(entityId, "entityId")) },
    apiKey,
  };
}
