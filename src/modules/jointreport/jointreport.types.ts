// GraphQL types of the quarterly joint reward/punishment report (联合奖惩季度报表).
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { DateScalar, DateTimeScalar } from "../../shared/graphql.js";
import { MeasureEffect } from "../catalogue/catalogue.types.js";
import { ListEntryStatus } from "../register/register.types.js";

@ObjectType({ description: "联合奖惩对象: entries of one list, reason and prefecture over the quarter." })
export class JointObjectLine {
  @Field(() => String) list!: string;
  @Field(() => String) reason!: string;
  @Field(() => String) reasonText!: string;
  @Field(() => String, { description: "The prefecture's 6-digit code." }) region!: string;
  @Field(() => String) regionName!: string;
  @Field(() => Int, { description: "Entries that took effect in the quarter." }) added!: number;
  @Field(() => Int, { description: "Entries in force at some time in the quarter (the new ones included)." }) inForce!: number;
  @Field(() => Int, { description: "Entries that ended in the quarter (revoked, repaired or expired)." }) ended!: number;
}

@ObjectType()
export class JointObjectTotals {
  @Field(() => Int) added!: number;
  @Field(() => Int) inForce!: number;
  @Field(() => Int) ended!: number;
  @Field(() => Int, { description: "Distinct subjects with an entry in force in the quarter." }) subjects!: number;
}

@ObjectType({ description: "奖惩措施: a measure of the catalogue and the check results it decided in the quarter (from the audit trail)." })
export class JointMeasureLine {
  @Field(() => String) list!: string;
  @Field(() => String) reason!: string;
  @Field(() => String) scenario!: string;
  @Field(() => MeasureEffect) effect!: string;
  @Field(() => String, { nullable: true }) legalBasis!: string | null;
  @Field(() => String, { description: "The decision the measure makes: DENY, REVIEW or FAST_TRACK." }) decision!: string;
  @Field(() => Int, { description: "Check results it decided." }) checks!: number;
  @Field(() => Int, { description: "Distinct subjects of those results." }) subjects!: number;
  @Field(() => [String], { description: "The requesting systems (API key names; officers by their id)." }) systems!: string[];
  @Field(() => Boolean, { description: "False for a measure checks used that the catalogue has since changed." }) inCatalogue!: boolean;
}

@ObjectType()
export class JointMeasureTotals {
  @Field(() => Int) checks!: number;
}

@ObjectType({ description: "Check results of the quarter by scenario, month and decision." })
export class JointDecisionCount {
  @Field(() => String) scenario!: string;
  @Field(() => String, { description: "YYYY-MM, China time." }) month!: string;
  @Field(() => String) decision!: string;
  @Field(() => Int) checks!: number;
}

@ObjectType({ description: "实施成效: what the measures achieved in the quarter." })
export class JointEffects {
  @Field(() => Int) repairsCompleted!: number;
  @Field(() => Int) objectionsUpheld!: number;
  @Field(() => Int) commitmentsSigned!: number;
  @Field(() => Int) commitmentsBroken!: number;
  @Field(() => Int, { description: "Distinct subjects whose entry ended in the quarter." }) subjectsLeftList!: number;
}

@ObjectType({ description: "典型案例: an entry the credit office marked as a case, with its facts." })
export class JointCase {
  @Field(() => ID) id!: string;
  @Field(() => ID) entryId!: string;
  @Field(() => String) facts!: string;
  @Field(() => String) markedBy!: string;
  @Field(() => DateTimeScalar) markedAt!: Date;
  @Field(() => String) list!: string;
  @Field(() => String) reasonCode!: string;
  @Field(() => String) reasonText!: string;
  @Field(() => String) authority!: string;
  @Field(() => DateScalar) effectiveFrom!: string;
  @Field(() => DateScalar, { nullable: true }) effectiveUntil!: string | null;
  @Field(() => ListEntryStatus) status!: string;
  @Field(() => String) subjectName!: string;
  @Field(() => String) subjectKind!: string;
  @Field(() => String) region!: string;
}

@ObjectType({ description: "联合奖惩季度报表: objects, measures, effects and cases of a quarter; due on the 20th of the month after it." })
export class JointMeasuresReport {
  @Field(() => String) quarter!: string;
  @Field(() => String, { nullable: true, description: "The region prefix the report covers; null for the whole province." }) region!: string | null;
  @Field(() => DateScalar) periodStart!: string;
  @Field(() => DateScalar) periodEnd!: string;
  @Field(() => DateScalar, { description: "The 20th of the month after the quarter (work plan: 每季度 20 日前报送)." }) dueDate!: string;
  @Field(() => Boolean, { description: "Today is past the due date." }) overdue!: boolean;
  @Field(() => DateTimeScalar) generatedAt!: Date;
  @Field(() => String) dataVersion!: string;
  @Field(() => [JointObjectLine]) objects!: JointObjectLine[];
  @Field(() => JointObjectTotals) objectTotals!: JointObjectTotals;
  @Field(() => [JointMeasureLine]) measures!: JointMeasureLine[];
  @Field(() => JointMeasureTotals) measureTotals!: JointMeasureTotals;
  @Field(() => [JointDecisionCount]) decisions!: JointDecisionCount[];
  @Field(() => JointEffects) effects!: JointEffects;
  @Field(() => [JointCase]) cases!: JointCase[];
}

@InputType()
export class MarkCaseInput {
  @Field(() => ID) entryId!: string;
  @Field(() => String, { description: "What happened, which measures were applied and what they achieved." }) facts!: string;
}

@ObjectType()
export class MarkedCase {
  @Field(() => ID) id!: string;
  @Field(() => ID) entryId!: string;
}
