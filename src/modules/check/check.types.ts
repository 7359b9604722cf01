// GraphQL types of the check (信用核查): one decision per ref, with the reasons that made it.
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { enumOf } from "../../shared/enums.js";
import { DateTimeScalar } from "../../shared/graphql.js";
import { Scenario } from "../catalogue/catalogue.types.js";
import { DECISIONS } from "./check.rules.js";
import { ListEntry } from "../list/list.types.js";
import { Subject, SubjectRef, SubjectRefOut } from "../subject/subject.types.js";


export const Decision = enumOf(DECISIONS);
registerEnumType(Decision, { name: "Decision", description: "DENY > REVIEW > FAST_TRACK > PASS: the most severe reason decides." });

@InputType()
export class CheckInput {
  @Field(() => Scenario) scenario!: keyof typeof Scenario;
  @Field(() => [SubjectRef]) subjects!: SubjectRef[];
  @Field(() => String, { nullable: true, description: "The matter checked for, e.g. a permit application number." }) matter?: string | null;
  @Field(() => String, { nullable: true, description: "The caller's own id for this check, kept in the audit trail." }) requestId?: string | null;
}

@ObjectType()
export class CheckError {
  @Field(() => String) code!: string;
  @Field(() => String) message!: string;
}

@ObjectType({ description: "One fact that counted: a list entry's measure, a grade, a commitment." })
export class CheckReason {
  @Field(() => String) code!: string;
  @Field(() => String, { description: "PROHIBIT, RESTRICT, INTENSIFY, FAST_TRACK or REVIEW." }) effect!: string;
  @Field(() => String) message!: string;
  @Field(() => ListEntry, { nullable: true }) listEntry!: ListEntry | null;
}

@ObjectType({ description: "分级分类监管: how hard to inspect (ENFORCEMENT)." })
export class Supervision {
  @Field(() => String) level!: string;
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
