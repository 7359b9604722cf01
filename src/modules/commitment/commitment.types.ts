// GraphQL type of a credit commitment (信用承诺).
import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { enumOf } from "../../shared/enums.js";
import { DateScalar, DateTimeScalar } from "../../shared/graphql.js";
import { CommitmentStatus } from "../register/register.types.js";
import { SubjectRef } from "../subject/subject.types.js";
import { COMMITMENT_KINDS, type CommitmentKind as Kind } from "./commitment.service.js";

export const CommitmentKind = enumOf(COMMITMENT_KINDS);
registerEnumType(CommitmentKind, { name: "CommitmentKind", description: "LICENSING: for a licensing matter; REPAIR: as part of a credit repair." });

@ObjectType({ description: "信用承诺: a signed promise, for a licensing matter or a repair. Always public." })
export class Commitment {
  @Field(() => ID) id!: string;
  @Field(() => CommitmentKind) kind!: string;
  @Field(() => String) matter!: string;
  @Field(() => String) content!: string;
  @Field(() => DateTimeScalar) signedAt!: Date;
  @Field(() => DateScalar, { nullable: true }) validUntil!: string | null;
  @Field(() => CommitmentStatus) status!: string;
}

@InputType()
export class CommitmentInput {
  @Field(() => SubjectRef) ref!: SubjectRef;
  @Field(() => CommitmentKind) kind!: Kind;
  @Field(() => String) matter!: string;
  @Field(() => String, { description: "The text the subject signed." }) content!: string;
  @Field(() => DateTimeScalar) signedAt!: Date;
  @Field(() => DateScalar, { nullable: true }) validUntil?: Date | null;
}
