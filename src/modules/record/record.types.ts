// GraphQL types of credit records (信用记录): licensing, penalty and the other administrative facts.
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { severity } from "../../db/schema.js";
import { enumOf } from "../../shared/enums.js";
import { DateScalar, DateTimeScalar, PageInfo } from "../../shared/graphql.js";
import { RecordStatus } from "../register/register.types.js";
import { PartyInput } from "../rules/rules.types.js";
import { SubjectRef } from "../subject/subject.types.js";
import { CATEGORIES } from "./record.service.js";

export const RecordCategory = enumOf(CATEGORIES);
registerEnumType(RecordCategory, {
  name: "RecordCategory",
  description: "行政许可 LICENSING, 行政处罚 PENALTY, 行政强制 ENFORCEMENT, 行政确认 CONFIRMATION, 行政征收 LEVY, 行政给付 PAYMENT, 行政裁决 ADJUDICATION, 行政补偿 COMPENSATION, 行政奖励 REWARD, 行政检查 INSPECTION.",
});

export const Severity = enumOf(severity.enumValues);
registerEnumType(Severity, { name: "Severity", description: "ORDINARY 一般 or SERIOUS 严重." });

@ObjectType({ description: "信用记录: one administrative decision about a subject." })
export class CreditRecord {
  @Field(() => ID) id!: string;
  @Field(() => RecordCategory) category!: string;
  @Field(() => String, { description: "文号" }) decisionNumber!: string;
  @Field(() => String) content!: string;
  @Field(() => String, { nullable: true }) legalBasis!: string | null;
  @Field(() => DateScalar) decisionDate!: string;
  @Field(() => String) authority!: string;
  @Field(() => Severity) severity!: string;
  @Field(() => String, { nullable: true }) field!: string | null;
  @Field(() => Float, { nullable: true }) fineAmount!: number | null;
  @Field(() => RecordStatus) status!: string;
  @Field(() => DateScalar, { nullable: true, description: "双公示 deadline: 7 working days after the decision." })
  publishDeadline!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) publishedAt!: Date | null;
  @Field(() => DateScalar, { nullable: true, description: "The end of the minimum publication period: repair is possible from then on." })
  publicationMinEnds!: string | null;
  @Field(() => DateScalar, { nullable: true, description: "Publication stops on this day." }) publicationEnds!: string | null;
  @Field(() => Boolean) publishedLate!: boolean;
  @Field(() => String, { nullable: true, description: "The violation catalogue's code the decision is about." }) violation!: string | null;
}

@ObjectType()
export class CreditRecordConnection {
  @Field(() => [CreditRecord]) nodes!: CreditRecord[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType({ description: "A 双公示 record as a source system sends it; idempotent by (sourceSystem, decisionNumber)." })
export class RecordInput {
  @Field(() => String) sourceSystem!: string;
  @Field(() => String, { description: "文号" }) decisionNumber!: string;
  @Field(() => RecordCategory) category!: string;
  @Field(() => SubjectRef) subject!: SubjectRef;
  @Field(() => String) subjectName!: string;
  @Field(() => String, { nullable: true, description: "The subject's 6-digit division code, when its identifier does not tell it (vessels)." })
  region?: string | null;
  @Field(() => String) content!: string;
  @Field(() => String, { nullable: true }) legalBasis?: string | null;
  @Field(() => DateScalar) decisionDate!: Date;
  @Field(() => String) authority!: string;
  @Field(() => Severity, { nullable: true, description: "ORDINARY (default) or SERIOUS." }) severity?: string | null;
  @Field(() => String, { nullable: true, description: "The field of the matter, e.g. 安全生产: it can lengthen the publication period." })
  field?: string | null;
  @Field(() => Float, { nullable: true }) fineAmount?: number | null;
  @Field(() => String, { nullable: true, description: "A code of the violation catalogue (`violations`), e.g. OVERLIMIT_TRANSPORT 违法超限运输: the listing rules count it." })
  violation?: string | null;
  @Field(() => [PartyInput], { nullable: true, description: "The other subjects the decision concerns, each in its role (the vehicle, its driver, its operator)." })
  parties?: PartyInput[] | null;
}

@ObjectType()
export class SubmitRecordsResult {
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int, { description: "Re-sent records that changed nothing." }) unchanged!: number;
  @Field(() => [CreditRecord]) records!: CreditRecord[];
}
