// GraphQL types of the public feeds (公示): pages across the register and the counts behind the
// window's charts.
import { Field, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../../shared/graphql.js";
import { ListType } from "../catalogue/catalogue.types.js";
import { Commitment } from "../commitment/commitment.types.js";
import { Evaluation } from "../evaluation/evaluation.types.js";
import { CreditRecord, RecordCategory } from "../record/record.types.js";
import { TargetKind } from "../register/register.types.js";

@ObjectType()
export class PublishedRecordConnection {
  @Field(() => [CreditRecord], { description: "Last published first." }) nodes!: CreditRecord[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType()
export class CommitmentConnection {
  @Field(() => [Commitment], { description: "Last signed first." }) nodes!: Commitment[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType()
export class EvaluationConnection {
  @Field(() => [Evaluation], { description: "Latest year first." }) nodes!: Evaluation[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType({ description: "Entries in force on one list in one prefecture." })
export class ListEntryCount {
  @Field(() => ListType) list!: string;
  @Field(() => String, { description: "4-digit prefecture code, e.g. 5301." }) prefecture!: string;
  @Field(() => String, { nullable: true, description: "e.g. 昆明市" }) prefectureName!: string | null;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: "Records the public may read now, published in one month, of one category." })
export class MonthlyPublications {
  @Field(() => String, { description: "YYYY-MM, China time." }) month!: string;
  @Field(() => RecordCategory) category!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: "Repairs approved (and not reversed) in one month: how many, never whose." })
export class MonthlyRepairs {
  @Field(() => String, { description: "YYYY-MM, China time." }) month!: string;
  @Field(() => TargetKind, { description: "A RECORD's publication or a list ENTRY." }) target!: string;
  @Field(() => Int) count!: number;
}
