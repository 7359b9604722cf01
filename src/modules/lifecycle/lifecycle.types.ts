// GraphQL types of the lifecycle workflows: objections (异议), repairs (信用修复) and the history.
import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar, DateTimeScalar } from "../../shared/graphql.js";

export const TargetKind = { RECORD: "RECORD", ENTRY: "ENTRY" } as const;
registerEnumType(TargetKind, { name: "TargetKind", description: "What an objection or repair is about: a credit record or a list entry." });

@InputType()
export class ObjectionInput {
  @Field(() => TargetKind) targetKind!: keyof typeof TargetKind;
  @Field(() => ID) targetId!: string;
  @Field(() => String) reason!: string;
  @Field(() => String, { description: "The evidence, as text (or references to documents)." }) evidence!: string;
}

@ObjectType({ description: "异议: a subject's dispute of a record or list entry, and the answer." })
export class Objection {
  @Field(() => ID) id!: string;
  @Field(() => TargetKind) targetKind!: string;
  @Field(() => ID) targetId!: string;
  @Field(() => String) reason!: string;
  @Field(() => String) evidence!: string;
  @Field(() => String, { description: "UNDER_REVIEW, UPHELD or REJECTED." }) status!: string;
  @Field(() => DateTimeScalar) filedAt!: Date;
  @Field(() => DateScalar, { description: "The answer is due by this day (working days)." }) answerDue!: string;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) answer!: string | null;
}

@InputType()
export class RepairInput {
  @Field(() => TargetKind) targetKind!: keyof typeof TargetKind;
  @Field(() => ID) targetId!: string;
  @Field(() => ID, { nullable: true, description: "The repair commitment; by default the subject's latest in force." }) commitmentId?: string | null;
  @Field(() => String, { description: "How the behaviour was corrected." }) reason!: string;
}

@ObjectType({ description: "信用修复: an application to stop a record's publication or an entry's measures." })
export class Repair {
  @Field(() => ID) id!: string;
  @Field(() => TargetKind) targetKind!: string;
  @Field(() => ID) targetId!: string;
  @Field(() => ID) commitmentId!: string;
  @Field(() => String) reason!: string;
  @Field(() => String, { description: "PENDING, APPROVED, REFUSED or REVERSED." }) status!: string;
  @Field(() => DateTimeScalar) appliedAt!: Date;
  @Field(() => DateScalar, { description: "The review is due by this day (working days)." }) reviewDue!: string;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) decisionReason!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) reversedAt!: Date | null;
  @Field(() => String, { nullable: true }) reversalReason!: string | null;
}

@ObjectType({ description: "One change of state, never overwritten: who, when, why, and the row as it was." })
export class StateChange {
  @Field(() => String) entity!: string;
  @Field(() => ID) entityId!: string;
  @Field(() => String, { nullable: true }) fromStatus!: string | null;
  @Field(() => String) toStatus!: string;
  @Field(() => String) actor!: string;
  @Field(() => String) reason!: string;
  @Field(() => String) cause!: string;
  @Field(() => String, { nullable: true, description: "The row before the change, as JSON." }) before!: string | null;
  @Field(() => DateTimeScalar) at!: Date;
}
