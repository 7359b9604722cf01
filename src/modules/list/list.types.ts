// GraphQL types of list entries: 守信联合激励名单 (RED), 失信联合惩戒名单 (BLACK), 重点关注名单 (WATCH).
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { DateScalar, DateTimeScalar, PageInfo } from "../../shared/graphql.js";
import { ListEntryStatus } from "../register/register.types.js";
import { SubjectRef, SubjectRefOut } from "../subject/subject.types.js";

// The lists themselves are the measure catalogue's: what an entry on each makes others do.
import { ListType } from "../catalogue/catalogue.types.js";

export { ListType };

@ObjectType({ description: "An entry of a subject on a list, with its reason and period." })
export class ListEntry {
  @Field(() => ID) id!: string;
  @Field(() => ListType) list!: string;
  @Field(() => String, { description: "Reason code, e.g. OVERLOAD_REPEATED." }) reason!: string;
  @Field(() => String) reasonText!: string;
  @Field(() => String) authority!: string;
  @Field(() => DateScalar) effectiveFrom!: string;
  @Field(() => DateScalar, { nullable: true }) effectiveUntil!: string | null;
  @Field(() => ListEntryStatus) status!: string;
  @Field(() => String, { nullable: true, description: "The listing rule that made the entry (listRules); null for the credit office's own entries." })
  rule!: string | null;
  @Field(() => String, { nullable: true, description: "来源平台: the partner platform an imported entry came from (MINISTRY, PROVINCE); null for the register's own." })
  source!: string | null;
}

@ObjectType({ description: "An entry that is no longer in force: what a copy of the lists needs to remove it, nothing of its content." })
export class EndedListEntry {
  @Field(() => ID) id!: string;
  @Field(() => ListType) list!: string;
  @Field(() => ListEntryStatus, { description: "EXPIRED (also when it ran out by its dates), REPAIRED or REVOKED." }) status!: string;
  @Field(() => DateTimeScalar, { description: "When it stopped being in force." }) endedAt!: Date;
  @Field(() => SubjectRefOut, { description: "The subject's ref as the caller may see it (a person's ID masked for the public)." }) subject!: SubjectRefOut;
}

@ObjectType()
export class ListEntryConnection {
  @Field(() => [ListEntry], { description: "Entries the caller may read, in order of last change: those in force; ended ones too for callers who see history." })
  nodes!: ListEntry[];
  @Field(() => [EndedListEntry], { description: "With `changedSince`: the entries of this page that have ended since, for every caller. A copy of the lists removes these and keeps the nodes whose endedAt is null." })
  ended!: EndedListEntry[];
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
