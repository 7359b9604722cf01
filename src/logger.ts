// Structured logs (JSON lines, pino). Protected personal data never reaches a log line: a failed
// query is logged with its SQL text and the database's message, never with its parameters.
import { pino } from "pino";

interface QueryFailure extends Error {
  query: string;
  params: unknown[];
  cause?: Error & { code?: string };
}

const isQueryFailure = (err: unknown): err is QueryFailure =>
  err instanceof Error && typeof (err as QueryFailure).query === "string" && Array.isArray((err as QueryFailure).params);

export function serializeError(err: unknown) {
  if (isQueryFailure(err)) {
    return { type: err.name, query: err.query, cause: { message: err.cause?.message, code: err.cause?.code }, stack: err.cause?.stack };
  }
  return pino.stdSerializers.err(err as Error);
}

export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "creditgate" },
  serializers: { err: serializeError },
  redact: ["req.headers.authorization"],
});
export type Logger = typeof logger;
