/**
 * Error types that reach GraphQL clients. Everything a client may branch on is carried in
 * `extensions.code`; anything else thrown becomes INTERNAL_SERVER_ERROR upstream.
 */
import { GraphQLError } from "graphql";
import { type Language, type Message, msg, render } from "./i18n/index.js";

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
  | "QUERY_TOO_COMPLEX"
  | "INVALID_BATCH"
  | "INTERNAL_SERVER_ERROR";

/**
 * The one error type with a stable code that reaches clients. Its message is a catalogue key
 * (shared/i18n) put into words in the request's language when the answer goes out; `message`
 * holds the English words, for logs and for code that reads the error in the process.
 */
export class AppError extends GraphQLError {
  readonly text: Message | string;

  constructor(
    readonly code: ErrorCode,
    message: Message | string,
    details?: Record<string, unknown>,
  ) {
    super(render(message, "en"), { extensions: { code, ...details } });
    this.text = message;
  }

  /** The message in a client's language. */
  messageIn(language: Language): string {
    return render(this.text, language);
  }
}

/** A subject identifier failed validation; `rule` tells the client which check failed. */
export class IdentifierError extends AppError {
  constructor(
    readonly rule: "length" | "character" | "check" | "date" | "format" | "color",
    message: Message,
  ) {
    super("INVALID_IDENTIFIER", message, { rule });
  }
}

/** What a caller is told while the database cannot answer (HTTP 503; the request may be retried). */
export const SERVICE_UNAVAILABLE = msg("error.serviceUnavailable");
export const SERVICE_UNAVAILABLE_MESSAGE = render(SERVICE_UNAVAILABLE, "en");
/** What a caller is told of an unexpected failure: nothing but the request id beside it. */
export const INTERNAL_ERROR = msg("error.internal");
