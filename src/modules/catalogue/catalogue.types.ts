// GraphQL types of the measure catalogue (奖惩措施) and the supervision policy (分级分类监管).
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar } from "../../shared/graphql.js";
import { listType, measureEffect } from "../../db/schema.js";
import { enumOf } from "../../shared/enums.js";
import { SCENARIOS, SUPERVISION_LEVELS, type SupervisionLevel as Level } from "./catalogue.defaults.js";

/** The lists (from the database's enum): RED 守信联合激励名单, BLACK 失信联合惩戒名单, WATCH 重点关注名单. */
export const ListType = enumOf(listType.enumValues);
registerEnumType(ListType, { name: "ListType", description: "RED 红名单, BLACK 黑名单, WATCH 重点关注名单" });

export const Scenario = enumOf(SCENARIOS);
registerEnumType(Scenario, {
  name: "Scenario",
  description: "Where the check is made: 行政许可, 行政执法, 道路运政, 水路运政, 政府采购, 招标投标, 财政补贴, 招录聘用.",
});

export const MeasureEffect = enumOf(measureEffect.enumValues);
registerEnumType(MeasureEffect, { name: "MeasureEffect", description: "PROHIBIT → DENY; RESTRICT and INTENSIFY → REVIEW; FAST_TRACK." });

export const SupervisionLevel = enumOf(SUPERVISION_LEVELS);
registerEnumType(SupervisionLevel, { name: "SupervisionLevel", description: "分级分类监管: 诚信 TRUSTWORTHY, 良好 GOOD, 一般 ORDINARY, 较差 POOR, 严重失信 SERIOUSLY_DISHONEST." });

@ObjectType({ description: "What an entry of a list makes others do in a scenario." })
export class Measure {
  @Field(() => ID) id!: string;
  @Field(() => ListType) list!: string;
  @Field(() => String, { description: "A reason code, or * for every reason of the list." }) reason!: string;
  @Field(() => Scenario) scenario!: string;
  @Field(() => MeasureEffect) effect!: string;
  @Field(() => String) legalBasis!: string;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@InputType()
export class MeasureInput {
  @Field(() => ListType) list!: keyof typeof ListType;
  @Field(() => String, { nullable: true, defaultValue: "*" }) reason?: string | null;
  @Field(() => Scenario) scenario!: keyof typeof Scenario;
  @Field(() => MeasureEffect) effect!: keyof typeof MeasureEffect;
  @Field(() => String) legalBasis!: string;
}

@ObjectType({ description: "What a grade means for inspection; grade BLACKLIST applies to blacklisted subjects, NONE to ungraded ones." })
export class SupervisionPolicy {
  @Field(() => String) grade!: string;
  @Field(() => Int, { description: "Higher is better; the lowest rank is the lowest grade." }) rank!: number;
  @Field(() => SupervisionLevel) level!: string;
  @Field(() => Float) samplingMultiplier!: number;
  @Field(() => Int) interviewsPerYear!: number;
  @Field(() => Int) trainingsPerYear!: number;
}

@InputType()
export class SupervisionPolicyInput {
  @Field(() => String) grade!: string;
  @Field(() => Int) rank!: number;
  @Field(() => SupervisionLevel) level!: Level;
  @Field(() => Float) samplingMultiplier!: number;
  @Field(() => Int) interviewsPerYear!: number;
  @Field(() => Int) trainingsPerYear!: number;
}

@ObjectType({ description: "How long records are published (NDRC Order No. 58): by category, severity and field; * matches any." })
export class PublicationPeriod {
  @Field(() => String, { description: "A record category, LIST_BLACK / LIST_WATCH for list entries, or *." }) category!: string;
  @Field(() => String) severity!: string;
  @Field(() => String) field!: string;
  @Field(() => Int, { description: "Months before repair can stop publication." }) minMonths!: number;
  @Field(() => Int, { description: "Months after which publication stops by itself." }) maxMonths!: number;
  @Field(() => String) basis!: string;
}

@InputType()
export class PublicationPeriodInput {
  @Field(() => String) category!: string;
  @Field(() => String, { nullable: true, defaultValue: "*" }) severity?: string | null;
  @Field(() => String, { nullable: true, defaultValue: "*" }) field?: string | null;
  @Field(() => Int) minMonths!: number;
  @Field(() => Int) maxMonths!: number;
  @Field(() => String) basis!: string;
}
