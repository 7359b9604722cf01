// GraphQL types of list entries: 守信联合激励名单 (RED), 失信联合惩戒名单 (BLACK), 重点关注名单 (WATCH).
import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar, PageInfo } from "../../shared/graphql.js";
import { SubjectRef } from "../subject/subject.types.js";

export const ListType = { RED: "RED", BLACK: "BLACK", WATCH: "WATCH" } as const;
registerEnumType(ListType, { name: "ListType", description: "RED 红名单, BLACK 黑名单, WATCH 重点关注名单" });

@ObjectType({ description: "An entry of a subject on a list, with its reason and period." })
export class ListEntry {
  @Field(() => ID) id!: string;
  @Field(() => ListType) list!: string;
  @Field(() => String, { description: "Reason code, e.g. OVERLOAD_REPEATED." }) reason!: string;
  @Field(() => String) reasonText!: string;
  @Field(() => String) authority!: string;
  @Field(() => DateScalar) effectiveFrom!: string;
  @Field(() => DateScalar, { nullable: true }) effectiveUntil!: string | null;
  @Field(() => String, { description: "ACTIVE, EXPIRED, REPAIRED or REVOKED." }) status!: string;
}

@ObjectType()
export class ListEntryConnection {
  @Field(() => [ListEntry]) nodes!: ListEntry[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType({ description: "A list entry on the credit office's decision." })
export class ListEntryInput {
  @Field(() => SubjectRef) ref!: SubjectRef;
  @Field(() => ListType) list!: keyof typeof ListType;
  @Field(() => String, { description: "Reason code, e.g. OVERLOAD_REPEATED." }) reason!: string;
  @Field(() => String) reasonText!: string;
  @Field(() => [ID], { nullable: true, description: "The records the entry stands on: when one is revoked or repaired, the entry ends." })
  basisRecordIds?: string[] | null;
  @Field(() => String) authority!: string;
  @Field(() => DateScalar) effectiveFrom!: string;
  @Field(() => DateScalar, { nullable: true }) effectiveUntil?: string | null;
}
