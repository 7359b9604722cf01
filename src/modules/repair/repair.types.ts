// GraphQL types of repair applications (信用修复).
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { DateScalar, DateTimeScalar } from "../../shared/graphql.js";
import { RepairStatus, TargetKind } from "../register/register.types.js";

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
  @Field(() => RepairStatus) status!: string;
  @Field(() => DateTimeScalar) appliedAt!: Date;
  @Field(() => DateScalar, { description: "The review is due by this day (working days)." }) reviewDue!: string;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) decisionReason!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) reversedAt!: Date | null;
  @Field(() => String, { nullable: true }) reversalReason!: string | null;
}
