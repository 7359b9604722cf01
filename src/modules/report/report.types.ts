// GraphQL type of a credit report (信用报告) read under a grant.
import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../shared/graphql.js";
import { GrantScope } from "../grant/grant.types.js";
import { Subject } from "../subject/subject.types.js";

@ObjectType({ description: "A subject's credit report, as the grant it is read under allows." })
export class CreditReport {
  @Field(() => Subject) subject!: Subject;
  @Field(() => DateTimeScalar) generatedAt!: Date;
  @Field(() => ID) grantId!: string;
  @Field(() => [GrantScope]) scopes!: string[];
  @Field(() => String, { description: "The state of the register the report was made from." }) dataVersion!: string;
}
