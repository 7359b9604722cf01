// Limits on what one GraphQL document may ask (graphql-armor): depth, aliases, cost, directives
// and tokens; and introspection, which production keeps from anonymous callers and providers.
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { Kind, type OperationDefinitionNode } from "graphql";
import type { Config } from "../config.js";
import type { Context } from "../context.js";
import { AppError } from "../shared/errors.js";

export type QueryLimits = Pick<Config, "MAX_DEPTH" | "MAX_ALIASES" | "MAX_COST" | "MAX_DIRECTIVES" | "NODE_ENV">;

/** Rejections are validation errors of the request: HTTP 400, the document never runs. */
export function queryLimits(config: QueryLimits) {
  const callbacks = { propagateOnRejection: true };
  return new ApolloArmor({
    maxDepth: { n: config.MAX_DEPTH, ...callbacks },
    maxAliases: { n: config.MAX_ALIASES, ...callbacks },
    costLimit: { maxCost: config.MAX_COST, ...callbacks },
    maxDirectives: { n: config.MAX_DIRECTIVES, ...callbacks },
    // Tokens are limited by graphql's own parser (parseOptions.maxTokens in server.ts): armor's
    // token plugin reports plain syntax errors as validation failures.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: config.NODE_ENV === "production" },
  }).protect();
}

const asksForSchema = (operation: OperationDefinitionNode | undefined) =>
  !!operation && operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && (s.name.value === "__schema" || s.name.value === "__type"));

/** In production, the public and providers get no introspection; systems, officers and the office do. */
export function introspectionPolicy(config: Pick<Config, "NODE_ENV">): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (config.NODE_ENV !== "production") return;
          if ((contextValue.principal.role === "PUBLIC" || contextValue.principal.role === "PROVIDER") && asksForSchema(operation)) {
            throw new AppError("FORBIDDEN", "introspection is not available to this caller", { http: { status: 403 } });
          }
        },
      };
    },
  };
}
