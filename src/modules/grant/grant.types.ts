// GraphQL types of authorization grants (授权).
import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { type Scope, SCOPES } from "../../auth/policy.js";
import { enumOf } from "../../shared/enums.js";
import { DateTimeScalar } from "../../shared/graphql.js";
import { Subject, SubjectRef } from "../subject/subject.types.js";
import { GRANT_STATUSES } from "./grant.service.js";

export const GrantStatus = enumOf(GRANT_STATUSES);
registerEnumType(GrantStatus, { name: "GrantStatus", description: "VALID, EXPIRED (past validUntil) or REVOKED." });

export const GrantScope = enumOf(SCOPES);
registerEnumType(GrantScope, {
  name: "GrantScope",
  description: "REPORT: the credit report; CONTACT: legal representative, phone, address; PERSON_ID: a person's full ID number.",
});

@InputType({ description: "A subject's signed consent for one provider (by API key id or by name)." })
export class GrantInput {
  @Field(() => SubjectRef) ref!: SubjectRef;
  @Field(() => ID, { nullable: true }) providerKeyId?: string | null;
  @Field(() => String, { nullable: true }) providerName?: string | null;
  @Field(() => [GrantScope]) scopes!: Scope[];
  @Field(() => String) purpose!: string;
  @Field(() => DateTimeScalar) validUntil!: Date;
}

@ObjectType({ description: "授权: a subject's authorization for one provider to read its credit report." })
export class Grant {
  @Field(() => ID) id!: string;
  @Field(() => Subject) subject!: Subject;
  @Field(() => String, { description: "The provider's name." }) provider!: string;
  @Field(() => ID) providerKeyId!: string;
  @Field(() => [GrantScope]) scopes!: string[];
  @Field(() => String) purpose!: string;
  @Field(() => DateTimeScalar) validUntil!: Date;
  @Field(() => GrantStatus) status!: string;
  @Field(() => String) grantedBy!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) revokedAt!: Date | null;
}
