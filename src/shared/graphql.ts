// GraphQL building blocks every module uses: the Date/DateTime scalars and PageInfo.
import { DateResolver, DateTimeResolver } from "graphql-scalars";
import { Field, ObjectType } from "type-graphql";

export const DateScalar = DateResolver;
export const DateTimeScalar = DateTimeResolver;

@ObjectType({ description: "Where a page ends; pass `endCursor` as `after` for the next one." })
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}
