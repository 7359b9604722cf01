// Field-level permissions (graphql-shield), deny by default. Every rule asks auth/policy; a
// denied field is null with a FORBIDDEN error and the rest of the answer still comes. Only
// nullable fields carry deciding rules: a denied non-null field would null its parent.
import type { GraphQLSchema } from "graphql";
import { applyMiddleware } from "graphql-middleware";
import { allow, deny, type IRules, rule, shield } from "graphql-shield";
import { type Action, may, seesContacts } from "../auth/policy.js";
import type { Context } from "../context.js";
import type { SubjectNode } from "../modules/subject/subject.service.js";
import { AppError } from "../shared/errors.js";

const forbidden = (message: string) => new AppError("FORBIDDEN", message);

/** One rule per field: a rule's name is its cache key within a request. */
const mayDo = (action: Action, what: string) =>
  rule(`may-${action}-${what}`, { cache: "contextual" })((_parent, _args, ctx: Context) =>
    may(ctx.principal, action) || forbidden(`${ctx.principal.role} callers may not ${what}`));

const contacts = rule("contacts", { cache: "no_cache" })((subject: SubjectNode, _args, ctx: Context) =>
  seesContacts(ctx.principal, subject)
  || forbidden("legal representative, phone and address are shown only to officers of the subject's region, the credit office, or under a CONTACT grant"));

export const ruleTree: IRules = {
  Query: {
    subject: allow,
    searchSubjects: allow,
    listEntries: allow,
    me: allow,
    creditReport: mayDo("creditReport", "read credit reports"),
    auditEvents: mayDo("readAudit", "read audit events"),
    check: mayDo("check", "run checks"),
    measures: allow,
    supervisionPolicies: allow,
    publicationPeriods: allow,
    workingDaysAfter: allow,
    calendarDays: allow,
    calendarCoverage: allow,
    overdueRecords: mayDo("oversee", "see overdue and late records"),
    stateChanges: mayDo("readHistory", "read the state history"),
    apiKeys: mayDo("manageKeys", "list API keys"),
  },
  Mutation: {
    grantAuthorization: mayDo("write", "record grants"),
    revokeAuthorization: mayDo("write", "revoke grants"),
    setMeasure: mayDo("write", "change measures"),
    setSupervisionPolicy: mayDo("write", "change the supervision policy"),
    setPublicationPeriod: mayDo("write", "change publication periods"),
    setCalendarDay: mayDo("write", "change the working-day calendar"),
    submitRecords: mayDo("submit", "submit records"),
    fileObjection: mayDo("submit", "file objections"),
    applyRepair: mayDo("submit", "apply for repair"),
    registerCommitment: mayDo("submit", "register commitments"),
    decideObjection: mayDo("write", "decide objections"),
    decideRepair: mayDo("write", "decide repairs"),
    reverseRepair: mayDo("write", "reverse repairs"),
    breachCommitment: mayDo("write", "record breaches"),
    addListEntry: mayDo("write", "add list entries"),
    createApiKey: mayDo("manageKeys", "create API keys"),
    revokeApiKey: mayDo("manageKeys", "revoke API keys"),
  },
  Subject: { "*": allow, legalRepresentative: contacts, phone: contacts, address: contacts },
  SubjectConnection: allow,
  ListEntry: allow,
  ListEntryConnection: allow,
  EndedListEntry: allow,
  CreditRecord: allow,
  Evaluation: allow,
  Commitment: allow,
  PageInfo: allow,
  Principal: allow,
  Grant: allow,
  CreditReport: allow,
  AuditEvent: allow,
  AuditEventConnection: allow,
  CheckReport: allow,
  CheckResult: allow,
  CheckReason: allow,
  CheckError: allow,
  Supervision: allow,
  SubjectRefOut: allow,
  Measure: allow,
  SupervisionPolicy: allow,
  PublicationPeriod: allow,
  CalendarDay: allow,
  SubmitRecordsResult: allow,
  CreditRecordConnection: allow,
  Objection: allow,
  Repair: allow,
  StateChange: allow,
  ApiKey: allow,
  CreatedApiKey: allow,
};

export function withPermissions(schema: GraphQLSchema): GraphQLSchema {
  return applyMiddleware(schema, shield(ruleTree, {
    fallbackRule: deny,
    fallbackError: () => forbidden("not permitted"),
    // Resolvers throw our coded errors (INVALID_IDENTIFIER, GRANT_INVALID, …): let them through.
    allowExternalErrors: true,
    debug: false,
  }));
}
