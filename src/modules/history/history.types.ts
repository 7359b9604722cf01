// GraphQL type of the state history: every change of state of a record, entry, commitment, objection or repair.
import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../shared/graphql.js";
import { RegisterEntity, RegisterStatus } from "../register/register.types.js";

@ObjectType({ description: "One change of state, never overwritten: who, when, why, and the row as it was." })
export class StateChange {
  @Field(() => RegisterEntity) entity!: string;
  @Field(() => ID) entityId!: string;
  @Field(() => RegisterStatus, { nullable: true }) fromStatus!: string | null;
  @Field(() => RegisterStatus) toStatus!: string;
  @Field(() => String) actor!: string;
  @Field(() => String) reason!: string;
  @Field(() => String) cause!: string;
  @Field(() => String, { nullable: true, description: "The row before the change, as JSON." }) before!: string | null;
  @Field(() => DateTimeScalar) at!: Date;
}
