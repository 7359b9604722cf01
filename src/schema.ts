// The GraphQL schema, built code-first from every module's resolvers. `npm run generate`
// prints it to schema/schema.graphql.
import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { ListResolver } from "./modules/list/list.resolver.js";
import { SubjectResolver } from "./modules/subject/subject.resolver.js";

export function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [SubjectResolver, ListResolver], validate: false });
}
