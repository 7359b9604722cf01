// GraphQL types of API keys: what the credit office sees of them (never a key or its hash).
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { KEY_ROLES } from "../../auth/keys.js";
import { enumOf } from "../../shared/enums.js";
import { DateTimeScalar } from "../../shared/graphql.js";

export const ApiKeyRole = enumOf(KEY_ROLES);
registerEnumType(ApiKeyRole, {
  name: "ApiKeyRole",
  description: "SYSTEM: a licensing or transport system (checks, intake); PROVIDER: a third-party report provider (reports under grants); PARTNER: another platform delivering exchange batches (reads as PUBLIC for now).",
});

@ObjectType({ description: "An API key of a SYSTEM, PROVIDER or PARTNER caller. The key itself is shown once, when it is created." })
export class ApiKey {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: "Who the caller is, e.g. 昆明市交通运输局行政审批系统." }) name!: string;
  @Field(() => ApiKeyRole) role!: string;
  @Field(() => String, { description: "The key's first characters, to tell keys apart." }) prefix!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: "Refused from the next request on after this; null while the key is active." }) revokedAt!: Date | null;
}

@ObjectType({ description: "A new API key: `key` is shown this once (only its hash is kept); store it now." })
export class CreatedApiKey {
  @Field(() => String, { description: "Send as `Authorization: Bearer <key>`." }) key!: string;
  @Field(() => ApiKey) apiKey!: ApiKey;
}
