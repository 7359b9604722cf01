// The GraphQL schema, built code-first from the resolvers of every module. `npm run generate`
// prints it to schema/schema.graphql.
import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import type { AnyModule } from "./modules/manifest.js";
import { modules } from "./modules/index.js";

export function buildAppSchema(list: readonly AnyModule[] = modules): Promise<GraphQLSchema> {
  const resolvers = list.flatMap((m) => m.resolvers ?? []);
  return buildSchema({ resolvers: resolvers as [Function, ...Function[]], validate: false });
}
