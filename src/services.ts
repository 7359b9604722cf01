// The services of every module, bound to the database once per process.
import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import { ListService } from "./modules/list/list.service.js";
import { SubjectService } from "./modules/subject/subject.service.js";

export type Services = ReturnType<typeof createServices>;

export function createServices(db: Database, config: Pick<Config, "MAX_PAGE_SIZE">) {
  return {
    subject: new SubjectService(db, config.MAX_PAGE_SIZE),
    list: new ListService(db, config.MAX_PAGE_SIZE),
  };
}
