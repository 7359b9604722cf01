// GraphQL types of the audit trail (审计日志): who read or wrote what, when, under which grant.
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { enumOf } from "../../shared/enums.js";
import { DateTimeScalar, PageInfo } from "../../shared/graphql.js";
import { Role } from "../me/me.types.js";
import { OUTCOMES } from "./audit.outcome.js";

export const AuditOutcome = enumOf(OUTCOMES);
registerEnumType(AuditOutcome, { name: "AuditOutcome", description: "OK, or ERROR: the client received errors (their codes are in errorCodes)." });

@ObjectType({ description: "One request that read subject data or wrote, as a link of the audit hash chain." })
export class AuditEvent {
  @Field(() => String, { description: "Position in the chain (a 64-bit integer, as a string)." }) seq!: string;
  @Field(() => DateTimeScalar) at!: Date;
  @Field(() => String, { description: "The request id the client was given (`x-request-id`)." }) requestId!: string;
  @Field(() => String, { description: "\"anonymous\", \"key:<api key id>\" or \"jwt:<sub>\"." }) principal!: string;
  @Field(() => Role) role!: string;
  @Field(() => String, { description: "The operation's name, or its root fields joined by commas." }) operation!: string;
  @Field(() => String, { nullable: true }) purpose!: string | null;
  @Field(() => [ID], { description: "Subjects the request read or wrote." }) subjectIds!: string[];
  @Field(() => [String], { description: "Protected fields actually served, e.g. PERSON_ID, phone." }) protectedFields!: string[];
  @Field(() => ID, { nullable: true, description: "The authorization grant the request used." }) grantId!: string | null;
  @Field(() => AuditOutcome, { description: "OK, or ERROR when the client received errors." }) outcome!: string;
  @Field(() => [String], { description: "The distinct extensions.code values of the errors sent back, sorted; empty for OK." }) errorCodes!: string[];
  @Field(() => String, { description: "sha256 over the previous event's hash and this event's content." }) hash!: string;
}

@ObjectType()
export class AuditEventConnection {
  @Field(() => [AuditEvent]) nodes!: AuditEvent[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
