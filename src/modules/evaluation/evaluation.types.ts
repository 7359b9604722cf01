// GraphQL type of a credit evaluation (信用评价): the yearly grade of a subject in a sector.
import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "信用评价: the grade of a subject in a sector for a year." })
export class Evaluation {
  @Field(() => String) sector!: string;
  @Field(() => Int) year!: number;
  @Field(() => String) grade!: string;
  @Field(() => String) evaluator!: string;
}
