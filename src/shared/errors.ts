/**
 * Error types that reach GraphQL clients. Everything a client may branch on is carried in
 * `extensions.code`; anything else thrown becomes INTERNAL_SERVER_ERROR upstream.
 */
import { GraphQLError } from "graphql";

export type ErrorCode =
  | "BAD_USER_INPUT"
  | "INVALID_IDENTIFIER"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "GRANT_INVALID"
  | "LIMIT_EXCEEDED"
  | "INVALID_STATE"
  | "COMMITMENT_REQUIRED"
  | "TOO_EARLY"
  | "NOT_FOUND"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR";

/** The one error type with a stable code that reaches clients. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message, { extensions: { code, ...details } });
  }
}

/** A subject identifier failed validation; `rule` tells the client which check failed. */
export class IdentifierError extends AppError {
  constructor(
    readonly rule: "length" | "character" | "check" | "date" | "format" | "color",
    message: string,
  ) {
    super("INVALID_IDENTIFIER", message, { rule });
  }
}

/** What a caller is told while the database cannot answer (HTTP 503; the request may be retried). */
export const SERVICE_UNAVAILABLE_MESSAGE = "the credit register cannot be reached just now; try again shortly";
