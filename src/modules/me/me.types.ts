// GraphQL types of the caller: its role, as a closed set from auth/principal.
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { ROLES } from "../../auth/principal.js";
import { enumOf } from "../../shared/enums.js";

export const Role = enumOf(ROLES);
registerEnumType(Role, { name: "Role", description: "Who calls: PUBLIC, PROVIDER, PARTNER, SYSTEM, OFFICER or ADMIN." });

@ObjectType({ description: "The caller: role PUBLIC, PROVIDER, PARTNER, SYSTEM, OFFICER or ADMIN." })
export class Principal {
  @Field(() => Role) role!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true, description: "An officer's jurisdiction (division code)." }) region!: string | null;
}
