// GraphQL types of the rules: the violation catalogue (严重违法失信行为), the listing rules, the parties of a record.
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { listRuleKind, partyRole } from "../../db/schema.js";
import { enumOf } from "../../shared/enums.js";
import { DateScalar, DateTimeScalar, PageInfo } from "../../shared/graphql.js";
import { ListType } from "../catalogue/catalogue.types.js";
import { SubjectRef } from "../subject/subject.types.js";
import { WARNING_KINDS } from "./warnings.service.js";

export const PartyRole = enumOf(partyRole.enumValues);
registerEnumType(PartyRole, { name: "PartyRole", description: "The role a subject plays in a decision: 车辆 VEHICLE, 驾驶人 DRIVER, 经营者 OPERATOR, 货运源头单位 CARGO_SOURCE." });

export const ListRuleKind = enumOf(listRuleKind.enumValues);
registerEnumType(ListRuleKind, { name: "ListRuleKind", description: "COUNT: more than `threshold` records in a window; FLEET_SHARE: over-limit vehicles more than `threshold` percent of the operator's fleet." });

@InputType({ description: "Another subject the same decision concerns (an over-limit penalty names the vehicle, its driver and its operator)." })
export class PartyInput {
  @Field(() => PartyRole) role!: keyof typeof PartyRole;
  @Field(() => SubjectRef) subject!: SubjectRef;
  @Field(() => String) subjectName!: string;
}

@ObjectType({ description: "严重违法失信行为: a violation a record may name." })
export class Violation {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => String) legalBasis!: string;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@InputType()
export class ViolationInput {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => String) legalBasis!: string;
}

@ObjectType({ description: "列入名单规则: which records put a subject on a list by themselves." })
export class ListRule {
  @Field(() => String) code!: string;
  @Field(() => String, { description: "The violation code the records name." }) violation!: string;
  @Field(() => PartyRole, { nullable: true, description: "The role of the subject listed; null: the record's own subject." }) role!: string | null;
  @Field(() => ListRuleKind) kind!: string;
  @Field(() => Int, { description: "COUNT: more than this many records; FLEET_SHARE: more than this percentage." }) threshold!: number;
  @Field(() => Int, { description: "The window in days, on decision dates (365: any one year)." }) windowDays!: number;
  @Field(() => ListType) list!: string;
  @Field(() => String, { description: "The entry's reason code." }) reason!: string;
  @Field(() => Int, { nullable: true, description: "Months the entry stays in force; null: until it is ended." }) entryMonths!: number | null;
  @Field(() => String, { description: "What the rule rests on (the joint punishment memorandum)." }) basis!: string;
  @Field(() => Boolean) active!: boolean;
}

@InputType()
export class ListRuleInput {
  @Field(() => String) code!: string;
  @Field(() => String) violation!: string;
  @Field(() => PartyRole, { nullable: true }) role?: keyof typeof PartyRole | null;
  @Field(() => ListRuleKind) kind!: keyof typeof ListRuleKind;
  @Field(() => Int) threshold!: number;
  @Field(() => Int) windowDays!: number;
  @Field(() => ListType) list!: keyof typeof ListType;
  @Field(() => String) reason!: string;
  @Field(() => Int, { nullable: true }) entryMonths?: number | null;
  @Field(() => String) basis!: string;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) active?: boolean | null;
}

export const CreditWarningKind = enumOf(WARNING_KINDS);
registerEnumType(CreditWarningKind, {
  name: "CreditWarningKind",
  description: "NEAR_LISTING 临近列入名单 (one record short of a listing rule), ENTRY_ENDING 名单即将到期, COMMITMENT_ENDING 承诺即将到期, COMMITMENT_BROKEN 违反承诺, PUBLICATION_OVERDUE 逾期未公示.",
});

@ObjectType({ description: "A fact behind a warning: a record (with its decision number), an entry or a commitment." })
export class CreditWarningFact {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: "文号 of a record; a commitment's matter." }) decisionNumber!: string | null;
  @Field(() => DateScalar) date!: string;
}

@ObjectType({ description: "信用预警: something an enforcement office should act on before it happens, with the rule and facts behind it." })
export class CreditWarning {
  @Field(() => CreditWarningKind) kind!: string;
  @Field(() => String, { description: "The listing rule (NEAR_LISTING), the entry's rule or reason, the commitment's kind, or the publication rule." }) rule!: string;
  @Field(() => DateScalar, { description: "When it happens: the oldest record leaves the window, the entry or commitment ends, publication was due." }) due!: string;
  @Field(() => [CreditWarningFact]) facts!: CreditWarningFact[];
}

@ObjectType()
export class CreditWarningConnection {
  @Field(() => [CreditWarning]) nodes!: CreditWarning[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
