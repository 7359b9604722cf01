// GraphQL types of objections (异议).
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { DateScalar, DateTimeScalar } from "../../shared/graphql.js";
import { ObjectionStatus, TargetKind } from "../register/register.types.js";

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
  @Field(() => ObjectionStatus) status!: string;
  @Field(() => DateTimeScalar) filedAt!: Date;
  @Field(() => DateScalar, { description: "The answer is due by this day (working days)." }) answerDue!: string;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) answer!: string | null;
}
