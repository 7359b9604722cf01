// Every closed set of the served schema is an enum: a typo in a document is a validation error,
// and the generated client types name the values instead of saying `string`. Walks the schema the
// service serves (the modules' resolvers and rules composed), not the emitted SDL.
import { type GraphQLField, type GraphQLInputField, type GraphQLSchema, getNamedType, isEnumType, isInputObjectType, isObjectType } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { modules } from "../../src/modules/index.js";
import { servedSchema } from "../../src/server.js";

/** Each field (Type.field) or argument (Type.field(arg)) that is a closed set, and the enum it must be. */
const CLOSED_SETS: Record<string, string> = {
  "CheckReason.code": "ReasonCode",
  "CheckReason.effect": "ReasonEffect",
  "CheckError.code": "CheckErrorCode",
  "Supervision.level": "SupervisionLevel",
  "SupervisionPolicy.level": "SupervisionLevel",
  "SupervisionPolicyInput.level": "SupervisionLevel",
  "ListEntry.status": "ListEntryStatus",
  "EndedListEntry.status": "ListEntryStatus",
  "CreditRecord.status": "RecordStatus",
  "CreditRecord.category": "RecordCategory",
  "CreditRecord.severity": "Severity",
  "RecordInput.category": "RecordCategory",
  "RecordInput.severity": "Severity",
  "Commitment.kind": "CommitmentKind",
  "CommitmentInput.kind": "CommitmentKind",
  "Commitment.status": "CommitmentStatus",
  "Grant.status": "GrantStatus",
  "Objection.status": "ObjectionStatus",
  "Repair.status": "RepairStatus",
  "StateChange.entity": "RegisterEntity",
  "StateChange.fromStatus": "RegisterStatus",
  "StateChange.toStatus": "RegisterStatus",
  "Principal.role": "Role",
  "AuditEvent.role": "Role",
  "AuditEvent.outcome": "AuditOutcome",
  "Query.calendarCoverage": "CalendarCoverage",
  // Filters over closed sets.
  "Subject.records(category)": "RecordCategory",
  "Query.auditEvents(role)": "Role",
  "Query.listEntries(list)": "ListType",
  "Query.searchSubjects(kind)": "SubjectKind",
  "Mutation.createApiKey(role)": "ApiKeyRole",
};

/** Names that usually mean a closed set. */
const SUSPECT = /^(status|fromStatus|toStatus|kind|role|category|severity|level|code|effect|entity|outcome|calendarCoverage)$/;

/** String fields or arguments with such a name that are not closed sets, and why. */
const OPEN_SETS: Record<string, string> = {
  "PublicationPeriod.category": "a record category, LIST_BLACK / LIST_WATCH for list entries, or the wildcard *",
  "PublicationPeriod.severity": "a severity or the wildcard *",
  "PublicationPeriodInput.category": "a record category, LIST_BLACK / LIST_WATCH for list entries, or the wildcard *",
  "PublicationPeriodInput.severity": "a severity or the wildcard *",
  "Violation.code": "the violation catalogue is data the credit office extends (setViolation)",
  "ViolationInput.code": "the violation catalogue is data the credit office extends (setViolation)",
  "ListRule.code": "listing rules are data the credit office adds (setListRule)",
  "ListRuleInput.code": "listing rules are data the credit office adds (setListRule)",
};

type Entry = { name: string; field: GraphQLField<unknown, unknown> | GraphQLInputField; argName?: string };

function everyFieldAndArgument(schema: GraphQLSchema): Map<string, { type: string; leaf: string }> {
  const all = new Map<string, { type: string; leaf: string }>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || !(isObjectType(type) || isInputObjectType(type))) continue;
    for (const field of Object.values(type.getFields()) as Entry["field"][]) {
      all.set(`${type.name}.${field.name}`, { type: String(field.type), leaf: field.name });
      for (const arg of "args" in field ? field.args : []) all.set(`${type.name}.${field.name}(${arg.name})`, { type: String(arg.type), leaf: arg.name });
    }
  }
  return all;
}

let schema: GraphQLSchema;
let all: Map<string, { type: string; leaf: string }>;
beforeAll(async () => {
  schema = await servedSchema({} as Database, modules);
  all = everyFieldAndArgument(schema);
});

/** The named type of a field or argument path. */
function namedTypeOf(path: string) {
  const m = /^(\w+)\.(\w+)(?:\((\w+)\))?$/.exec(path)!;
  const type = schema.getType(m[1]!);
  if (!type || !(isObjectType(type) || isInputObjectType(type))) return undefined;
  const field = type.getFields()[m[2]!] as Entry["field"] | undefined;
  if (!field) return undefined;
  if (!m[3]) return getNamedType(field.type);
  const arg = "args" in field ? field.args.find((a) => a.name === m[3]) : undefined;
  return arg && getNamedType(arg.type);
}

describe("closed sets in the served schema", () => {
  it.each(Object.entries(CLOSED_SETS))("%s is the enum %s (or a list of it)", (path, enumName) => {
    const named = namedTypeOf(path);
    expect(named, `${path} is served`).toBeDefined();
    expect(isEnumType(named), `${path} is ${String(named)}`).toBe(true);
    expect(named!.name).toBe(enumName);
  });

  it("no String field or argument named like a closed set remains, except the listed open ones", () => {
    const strings = [...all].filter(([, { type, leaf }]) => SUSPECT.test(leaf) && type.replace(/[[\]!]/g, "") === "String").map(([path]) => path);
    expect(strings.sort()).toEqual(Object.keys(OPEN_SETS).sort());
  });

  it("a check reason's effect is never a decision value", () => {
    const effect = schema.getType("ReasonEffect");
    const decision = schema.getType("Decision");
    if (!isEnumType(effect) || !isEnumType(decision)) throw new Error("ReasonEffect and Decision are enums");
    const decisions = new Set(decision.getValues().map((v) => v.name));
    // FAST_TRACK is both a measure's effect (优先办理) and the decision it makes; REVIEW, DENY, PASS are decisions only.
    expect(effect.getValues().map((v) => v.name).filter((v) => decisions.has(v) && v !== "FAST_TRACK")).toEqual([]);
    const measure = schema.getType("MeasureEffect");
    if (!isEnumType(measure)) throw new Error("MeasureEffect is an enum");
    expect(effect.getValues().map((v) => v.name)).toEqual([...measure.getValues().map((v) => v.name), "ATTENTION"]);
  });

  it("the audit outcome's error codes are served next to it", () => {
    expect(all.get("AuditEvent.errorCodes")?.type).toBe("[String!]!");
  });
});
