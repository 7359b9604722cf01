// What every GraphQL request leaves behind, in one plugin: errors shaped for the client (coded
// errors as they are, unknown ones as INTERNAL_SERVER_ERROR with the request id, an unreachable
// database as SERVICE_UNAVAILABLE with HTTP 503), one JSON log line, and its duration metric.
// Requests refused before GraphQL runs (401, 429, 413…) get the same log line from requestLog.
// Messages go out in the request's language (Accept-Language, shared/i18n); codes never change.
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { LRUCache } from "lru-cache";
import { register } from "prom-client";
import type { Config } from "../config.js";
import type { Context } from "../context.js";
import { isDatabaseUnavailable } from "../db/client.js";
import { logger } from "../logger.js";
import { AppError, INTERNAL_ERROR, SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE_MESSAGE } from "../shared/errors.js";
import { type Language, LANGUAGES, languageOf, render } from "../shared/i18n/index.js";
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

export const serviceUnavailable = () => new AppError("SERVICE_UNAVAILABLE", SERVICE_UNAVAILABLE, { http: { status: 503, headers: new Map([["retry-after", "2"]]) } });

/** Codes whose message says nothing beyond the code: put into words here, whoever made the error. */
const FIXED_MESSAGES: Record<string, typeof INTERNAL_ERROR> = { INTERNAL_SERVER_ERROR: INTERNAL_ERROR, SERVICE_UNAVAILABLE };

/** The language of a request's answers: Accept-Language's pick of zh-CN and en, Chinese by default. */
export function requestLanguage(req: Request): Language {
  const header = req.headers["accept-language"] ?? "";
  let language = languages.get(header);
  if (language === undefined) languages.set(header, (language = languageOf(req.acceptsLanguages(...LANGUAGES))));
  return language;
}

/** Negotiated once per distinct Accept-Language (callers send the same one every time). */
const languages = new LRUCache<string, Language>({ max: 1_000 });

/** Operation names the metrics keep apart; later ones, and longer names, count as OTHER. */
const MAX_OPERATION_LABELS = 100;
const MAX_OPERATION_LENGTH = 64;
const operationLabels = new Set<string>();

/**
 * The `operation` label: the name of the operation that ran, from a bounded set. Whatever the
 * client sends as operationName counts only once its document parsed and the operation resolved.
 */
function operationLabel(operation: GraphQLRequestContext<Context>["operation"]): string {
  if (!operation) return "(invalid)";
  const name = operation.name?.value;
  if (!name) return "(anonymous)";
  if (operationLabels.has(name)) return name;
  if (name.length > MAX_OPERATION_LENGTH || operationLabels.size >= MAX_OPERATION_LABELS) return "(other)";
  operationLabels.add(name);
  return name;
}

export const observabilityPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart({ contextValue, request }) {
    const started = performance.now();
    return {
      async didEncounterErrors({ errors }) {
        for (const error of errors) {
          const original = unwrapResolverError(error);
          // Before formatError reads it: a coded error's words in the caller's language.
          if (original instanceof AppError) error.message = original.messageIn(contextValue.language);
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
          const fixed = FIXED_MESSAGES[String(error.extensions?.code)];
          if (fixed) (error as { message: string }).message = render(fixed, contextValue.language);
        }
        if (codes.includes("SERVICE_UNAVAILABLE")) {
          response.http.status = 503;
          response.http.headers.set("retry-after", "2");
          databaseUnavailable.inc();
        }
        const label = operationLabel(operation);
        const outcome = codes.length ? codes.join(",") : "OK";
        const seconds = (performance.now() - started) / 1000;
        requestDuration.observe({ operation: label, outcome }, seconds);
        logger.info({
          requestId: contextValue.requestId, principal: contextValue.principal.id, role: contextValue.principal.role,
          operation: operation?.name?.value ?? request.operationName?.slice(0, MAX_OPERATION_LENGTH) ?? "anonymous",
          durationMs: Math.round(seconds * 10_000) / 10, outcome, status: response.http.status ?? 200,
        }, "request");
      },
    };
  },
};

/**
 * First on /graphql: gives the request its id (X-Request-Id or a new one) and logs the request
 * line for an answer given before GraphQL ran (context never made): a 401, a 429, a 413.
 */
export function requestLog(req: Request, res: Response, next: NextFunction): void {
  const started = performance.now();
  res.locals.requestId = req.header("x-request-id")?.slice(0, 100) || randomUUID();
  res.locals.language = requestLanguage(req);
  res.on("finish", () => {
    if (res.locals.graphql) return;
    logger.info({
      requestId: res.locals.requestId, principal: res.locals.principal?.id ?? null, role: res.locals.principal?.role ?? null,
      address: req.ip, durationMs: Math.round((performance.now() - started) * 10) / 10,
      outcome: res.locals.outcome ?? `HTTP_${res.statusCode}`, status: res.statusCode,
    }, "request");
  });
  next();
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/** GET /metrics: Prometheus text; with METRICS_TOKEN only for `Authorization: Bearer <it>`. */
export function metricsRoute(config: Pick<Config, "METRICS_TOKEN">): RequestHandler {
  const expected = config.METRICS_TOKEN === undefined ? null : digest(config.METRICS_TOKEN);
  return async (req, res) => {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(req.header("authorization") ?? "")?.[1];
    if (expected && !(presented && timingSafeEqual(digest(presented), expected))) {
      res.status(401).set("www-authenticate", 'Bearer realm="metrics"').type("text").send("metrics need Authorization: Bearer <METRICS_TOKEN>\n");
      return;
    }
    res.type(register.contentType).send(await register.metrics());
  };
}
