// GraphQL type of a credit commitment (信用承诺).
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { DateScalar, DateTimeScalar } from "../../shared/graphql.js";
import { SubjectRef } from "../subject/subject.types.js";

@ObjectType({ description: "信用承诺: a signed promise, for a licensing matter or a repair. Always public." })
export class Commitment {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: "LICENSING or REPAIR." }) kind!: string;
  @Field(() => String) matter!: string;
  @Field(() => String) content!: string;
  @Field(() => DateTimeScalar) signedAt!: Date;
  @Field(() => DateScalar, { nullable: true }) validUntil!: string | null;
  @Field(() => String, { description: "VALID, FULFILLED, BROKEN or WITHDRAWN." }) status!: string;
}

@InputType()
export class CommitmentInput {
  @Field(() => SubjectRef) ref!: SubjectRef;
  @Field(() => String, { description: "LICENSING or REPAIR." }) kind!: "LICENSING" | "REPAIR";
  @Field(() => String) matter!: string;
  @Field(() => String, { description: "The text the subject signed." }) content!: string;
  @Field(() => DateTimeScalar) signedAt!: Date;
  @Field(() => DateScalar, { nullable: true }) validUntil?: Date | null;
}
