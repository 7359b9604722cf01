// GraphQL types of credit evaluations (信用评价): the yearly grade of a subject in a sector, the
// intake of grades, and each sector's grade scale.
import { Field, InputType, Int, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../shared/graphql.js";
import { SubjectRef } from "../subject/subject.types.js";

@ObjectType({ description: "信用评价: the grade of a subject in a sector for a year." })
export class Evaluation {
  @Field(() => String) sector!: string;
  @Field(() => Int) year!: number;
  @Field(() => String) grade!: string;
  @Field(() => String) evaluator!: string;
  @Field(() => String, { description: "The system that sent the grade." }) sourceSystem!: string;
}

@InputType({ description: "A yearly grade as an evaluating system sends it; idempotent by (sourceSystem, sector, year, subject)." })
export class EvaluationInput {
  @Field(() => SubjectRef) subject!: SubjectRef;
  @Field(() => String) subjectName!: string;
  @Field(() => String, { nullable: true, description: "The subject's 6-digit division code, when its identifier does not tell it (vessels)." })
  region?: string | null;
  @Field(() => String, { description: "A sector of gradeScales, e.g. HIGHWAY_CONSTRUCTION." }) sector!: string;
  @Field(() => Int) year!: number;
  @Field(() => String, { description: "A grade of the sector's scale." }) grade!: string;
  @Field(() => String) evaluator!: string;
  @Field(() => String) sourceSystem!: string;
}

@ObjectType()
export class SubmitEvaluationsResult {
  @Field(() => Int) created!: number;
  @Field(() => Int, { description: "Keys sent before whose grade or evaluator changed." }) updated!: number;
  @Field(() => Int, { description: "Re-sent grades that changed nothing." }) unchanged!: number;
  @Field(() => [Evaluation], { description: "One per input, in input order." }) evaluations!: Evaluation[];
}

@ObjectType({ description: "信用评价等级: the grades of a sector, best first." })
export class GradeScale {
  @Field(() => String) sector!: string;
  @Field(() => String) name!: string;
  @Field(() => [String], { description: "Best first; the last is the sector's lowest grade." }) grades!: string[];
  @Field(() => String, { description: "The rules the scale comes from." }) basis!: string;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@InputType()
export class GradeScaleInput {
  @Field(() => String) sector!: string;
  @Field(() => String) name!: string;
  @Field(() => [String], { description: "Best first." }) grades!: string[];
  @Field(() => String) basis!: string;
}
