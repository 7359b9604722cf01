// The register's subjects (主体): lookup by identifier, name search, the subject loader.
import DataLoader from "dataloader";
import { rule } from "graphql-shield";
import { seesContacts, seesPrivatePersons } from "../../auth/policy.js";
import type { Context } from "../../context.js";
import { allow, forbidden } from "../../permissions/rules.js";
import { oneByKey } from "../../shared/batch.js";
import { msg } from "../../shared/i18n/index.js";
import { defineModule } from "../manifest.js";
import { SubjectResolver } from "./subject.resolver.js";
import { type SubjectNode, SubjectService } from "./subject.service.js";
import { findSubjectsByIds } from "./subject.store.js";

const contacts = rule("contacts", { cache: "no_cache" })((subject: SubjectNode, _args, ctx: Context) =>
  seesContacts(ctx.principal, subject)
  || forbidden(msg("forbidden.contacts")));

export const subjectModule = defineModule({
  name: "subject",
  resolvers: [SubjectResolver],
  rules: {
    Query: { subject: allow, searchSubjects: allow },
    types: {
      Subject: { "*": allow, legalRepresentative: contacts, phone: contacts, address: contacts },
      SubjectConnection: allow,
      SubjectRefOut: allow,
    },
  },
  auditedReads: ["subject", "searchSubjects"],
  service: ({ db, config, protector }) => new SubjectService(db, config.MAX_PAGE_SIZE, protector),
  loaders: ({ db, today, principal }) => ({
    byId: new DataLoader(async (ids: readonly string[]) =>
      oneByKey(ids, await findSubjectsByIds(db, ids, { today, privatePersons: seesPrivatePersons(principal) }), (s) => s.id)),
  }),
});
