// GraphQL types of the check (信用核查): one decision per ref, with the reasons that made it.
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { enumOf } from "../../shared/enums.js";
import { DateTimeScalar } from "../../shared/graphql.js";
import { Scenario, SupervisionLevel } from "../catalogue/catalogue.types.js";
import { CHECK_ERROR_CODES, DECISIONS, REASON_CODES, REASON_EFFECTS } from "./check.rules.js";
import { ListEntry } from "../list/list.types.js";
import { Subject, SubjectRef, SubjectRefOut } from "../subject/subject.types.js";


export const Decision = enumOf(DECISIONS);
registerEnumType(Decision, { name: "Decision", description: "DENY > REVIEW > FAST_TRACK > PASS: the most severe reason decides." });

export const ReasonEffect = enumOf(REASON_EFFECTS);
registerEnumType(ReasonEffect, {
  name: "ReasonEffect",
  description: "A reason's effect: its catalogue measure's (PROHIBIT → DENY; RESTRICT, INTENSIFY → REVIEW; FAST_TRACK), or ATTENTION (→ REVIEW) for an adverse fact no measure covers. Never a decision: that is the result's.",
});

export const ReasonCode = enumOf(REASON_CODES);
registerEnumType(ReasonCode, {
  name: "ReasonCode",
  description: "LIST_ENTRY: a list entry's measure (its own reason code is listEntry.reason); WATCH_ENTRY: a watch-list entry calling for review; LOWEST_GRADE: a sector's latest grade is its lowest; COMMITMENT: a commitment in force; COMMITMENT_BREACHED: a broken commitment.",
});

export const CheckErrorCode = enumOf(CHECK_ERROR_CODES);
registerEnumType(CheckErrorCode, { name: "CheckErrorCode", description: "Why a ref was not decided." });

@InputType()
export class CheckInput {
  @Field(() => Scenario) scenario!: keyof typeof Scenario;
  @Field(() => [SubjectRef]) subjects!: SubjectRef[];
  @Field(() => String, { nullable: true, description: "The matter checked for, e.g. a permit application number." }) matter?: string | null;
  @Field(() => String, { nullable: true, description: "The caller's own id for this check, kept in the audit trail." }) requestId?: string | null;
}

@ObjectType()
export class CheckError {
  @Field(() => CheckErrorCode) code!: string;
  @Field(() => String) message!: string;
}

@ObjectType({ description: "One fact that counted: a list entry's measure, a grade, a commitment." })
export class CheckReason {
  @Field(() => ReasonCode) code!: string;
  @Field(() => ReasonEffect) effect!: string;
  @Field(() => String) message!: string;
  @Field(() => ListEntry, { nullable: true }) listEntry!: ListEntry | null;
}

@ObjectType({ description: "分级分类监管: how hard to inspect (ENFORCEMENT)." })
export class Supervision {
  @Field(() => SupervisionLevel) level!: string;
  @Field(() => Float) samplingMultiplier!: number;
  @Field(() => Int) interviewsPerYear!: number;
  @Field(() => Int) trainingsPerYear!: number;
}

@ObjectType()
export class CheckResult {
  @Field(() => SubjectRefOut, { description: "The input ref, canonicalised." }) ref!: SubjectRefOut;
  @Field(() => CheckError, { nullable: true, description: "Set when the ref is invalid; then decision is null." }) error!: CheckError | null;
  @Field(() => Boolean) found!: boolean;
  @Field(() => Decision, { nullable: true, description: "PASS for a valid ref that is not in the register." }) decision!: string | null;
  @Field(() => [CheckReason]) reasons!: CheckReason[];
  @Field(() => Supervision, { nullable: true }) supervision!: Supervision | null;
  @Field(() => Subject, { nullable: true }) subject!: Subject | null;
}

@ObjectType()
export class CheckReport {
  @Field(() => DateTimeScalar) checkedAt!: Date;
  @Field(() => Scenario) scenario!: string;
  @Field(() => String, { description: "The state of the register the decisions were made on." }) dataVersion!: string;
  @Field(() => [CheckResult], { description: "One per input ref, in input order." }) results!: CheckResult[];
}
