// The GraphQL schema, built code-first from every module's resolvers. `npm run generate`
// prints it to schema/schema.graphql.
import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { ApiKeyResolver } from "./modules/apikey/apikey.resolver.js";
import { AuditResolver } from "./modules/audit/audit.resolver.js";
import { CalendarResolver } from "./modules/calendar/calendar.resolver.js";
import { CatalogueResolver } from "./modules/catalogue/catalogue.resolver.js";
import { CheckResolver } from "./modules/check/check.resolver.js";
import { CommitmentResolver } from "./modules/commitment/commitment.resolver.js";
import { HistoryResolver } from "./modules/history/history.resolver.js";
import { ObjectionResolver } from "./modules/objection/objection.resolver.js";
import { RepairResolver } from "./modules/repair/repair.resolver.js";
import { RecordResolver } from "./modules/record/record.resolver.js";
import { GrantResolver } from "./modules/grant/grant.resolver.js";
import { ListResolver } from "./modules/list/list.resolver.js";
import { MeResolver } from "./modules/me/me.resolver.js";
import { ReportResolver } from "./modules/report/report.resolver.js";
import { SubjectResolver } from "./modules/subject/subject.resolver.js";

export function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [SubjectResolver, ListResolver, ReportResolver, GrantResolver, MeResolver, AuditResolver, CheckResolver, CatalogueResolver, CalendarResolver, RecordResolver, ObjectionResolver, RepairResolver, CommitmentResolver, HistoryResolver, ApiKeyResolver], validate: false });
}
