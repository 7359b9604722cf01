// Limits on what one GraphQL document may ask (graphql-armor): depth, aliases, cost, directives
// and tokens; introspection, which production keeps from anonymous callers and providers; and
// the suggestions ("Did you mean …") that would spell the schema out to them instead.
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { type GraphQLFormattedError, NoSchemaIntrospectionCustomRule, validate } from "graphql";
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
    // Armor's rule covers field names only; withoutSuggestions (below) covers every message.
    blockFieldSuggestion: { enabled: false },
  }).protect();
}

/**
 * In production only systems, officers and the office may introspect (the public, providers and
 * partner platforms may not); in development everybody does. Apollo's own switch must be on (`introspection: true`), else
 * it refuses everyone in production before this policy is asked. graphql's rule finds `__schema`
 * and `__type` anywhere in the document: under aliases, in fragments and inline fragments.
 */
const INTROSPECTORS = new Set(["SYSTEM", "OFFICER", "ADMIN"]);

export function introspectionPolicy(config: Pick<Config, "NODE_ENV">): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, contextValue }) {
          if (config.NODE_ENV !== "production") return;
          if (INTROSPECTORS.has(contextValue.principal.role)) return;
          if (validate(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0) {
            throw new AppError("FORBIDDEN", "introspection is not available to this caller", { http: { status: 403 } });
          }
        },
      };
    },
  };
}

/**
 * graphql-js ends validation and coercion messages with "Did you mean …?" (fields, arguments,
 * enum values, input fields, types): in production that would spell the schema out to callers
 * who may not introspect it, so every message loses it.
 */
export function withoutSuggestions(
  format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const out = format(formatted, error);
    const message = out.message.replace(/\s*Did you mean\b[\s\S]*$/, "");
    return message === out.message ? out : { ...out, message };
  };
}
