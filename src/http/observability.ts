// What every GraphQL request leaves behind, in one plugin: errors shaped for the client (coded
// errors as they are, unknown ones as INTERNAL_SERVER_ERROR with the request id, an unreachable
// database as SERVICE_UNAVAILABLE with HTTP 503), one JSON log line, and its duration metric.
import type { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Context } from "../context.js";
import { isDatabaseUnavailable } from "../db/client.js";
import { logger } from "../logger.js";
import { AppError, SERVICE_UNAVAILABLE_MESSAGE } from "../shared/errors.js";
import { databaseUnavailable, requestDuration } from "../shared/metrics.js";


/** For the client: our codes and GraphQL's own go out as they are; nothing else leaks. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) return formatted;
  const base = { path: formatted.path, locations: formatted.locations };
  if (isDatabaseUnavailable(original)) return { message: SERVICE_UNAVAILABLE_MESSAGE, ...base, extensions: { code: "SERVICE_UNAVAILABLE" } };
  const code = formatted.extensions?.code;
  if (code && code !== "INTERNAL_SERVER_ERROR") return formatted;
  // Apollo refuses some requests with HTTP 400 but no code (a persisted-query hash that does not
  // match the query, an unsupported persisted-query version): the request is wrong, not the server.
  if (httpStatusOf(error) === 400) return { ...formatted, extensions: { code: "BAD_REQUEST" } };
  return { message: "Internal server error", ...base, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

const httpStatusOf = (error: unknown) => (error instanceof GraphQLError ? (error.extensions.http as { status?: number } | undefined)?.status : undefined);

export const serviceUnavailable = () => new AppError("SERVICE_UNAVAILABLE", SERVICE_UNAVAILABLE_MESSAGE, { http: { status: 503, headers: new Map([["retry-after", "2"]]) } });

export const observabilityPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart({ contextValue, request }) {
    const started = performance.now();
    return {
      async didEncounterErrors({ errors }) {
        for (const error of errors) {
          const original = unwrapResolverError(error);
          if (original instanceof AppError || error.extensions?.code) continue;
          const level = isDatabaseUnavailable(original) ? "warn" : "error";
          logger[level]({ requestId: contextValue.requestId, err: original, path: error.path }, "request failed");
        }
      },
      async willSendResponse({ response, operation }) {
        // The audit plugin may still replace the answer (its event could not be written).
        await contextValue.audit.stored;
        const errors = response.body.kind === "single" ? response.body.singleResult.errors ?? [] : [];
        const codes = [...new Set(errors.map((e) => String(e.extensions?.code ?? "INTERNAL_SERVER_ERROR")))].sort();
        for (const error of errors) {
          if (error.extensions?.code === "INTERNAL_SERVER_ERROR") (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
        }
        if (codes.includes("SERVICE_UNAVAILABLE")) {
          response.http.status = 503;
          response.http.headers.set("retry-after", "2");
          databaseUnavailable.inc();
        }
        const name = operation?.name?.value ?? request.operationName ?? "anonymous";
        const outcome = codes.length ? codes.join(",") : "OK";
        const seconds = (performance.now() - started) / 1000;
        requestDuration.observe({ operation: name, outcome }, seconds);
        logger.info({
          requestId: contextValue.requestId, principal: contextValue.principal.id, role: contextValue.principal.role,
          operation: name, durationMs: Math.round(seconds * 10_000) / 10, outcome, status: response.http.status ?? 200,
        }, "request");
      },
    };
  },
};
