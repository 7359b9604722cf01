// GraphQL types of credit records (信用记录): licensing, penalty and the other administrative facts.
import { Field, Float, ID, ObjectType } from "type-graphql";
import { DateScalar, DateTimeScalar, PageInfo } from "../../shared/graphql.js";

@ObjectType({ description: "信用记录: one administrative decision about a subject." })
export class CreditRecord {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: "LICENSING, PENALTY, ENFORCEMENT, CONFIRMATION, LEVY, PAYMENT, ADJUDICATION, COMPENSATION, REWARD, INSPECTION." })
  category!: string;
  @Field(() => String, { description: "文号" }) decisionNumber!: string;
  @Field(() => String) content!: string;
  @Field(() => String, { nullable: true }) legalBasis!: string | null;
  @Field(() => DateScalar) decisionDate!: string;
  @Field(() => String) authority!: string;
  @Field(() => String, { description: "ORDINARY or SERIOUS." }) severity!: string;
  @Field(() => String, { nullable: true }) field!: string | null;
  @Field(() => Float, { nullable: true }) fineAmount!: number | null;
  @Field(() => String, { description: "PUBLISHED, UNDER_OBJECTION, CORRECTED, REVOKED, REPAIRED or EXPIRED." })
  status!: string;
  @Field(() => DateScalar, { nullable: true, description: "双公示 deadline: 7 working days after the decision." })
  publishDeadline!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) publishedAt!: Date | null;
  @Field(() => DateScalar, { nullable: true }) publicationEnds!: string | null;
}

@ObjectType()
export class CreditRecordConnection {
  @Field(() => [CreditRecord]) nodes!: CreditRecord[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
