// The one error type the check client raises, with a stable code a caller can branch on.

/**
 * - `SERVICE_UNAVAILABLE`: no answer after the retries or within the call's deadline (network
 *   error, timeout, HTTP 5xx or 429, an internal server error). The only code that `failMode: "review"` answers with REVIEW
 *   instead of throwing.
 * - `UNAUTHENTICATED`, `FORBIDDEN`: the credential is wrong, or its role may not call `check`.
 * - `LIMIT_EXCEEDED`: a request carried more refs than the server's batch limit (lower `maxBatch`).
 * - `BAD_USER_INPUT`: the server (or the client, before sending) refused the input as malformed.
 * - `BAD_RESPONSE`: the answer was not a check report (wrong URL, a proxy's page, a version mismatch).
 */
export type CheckServiceErrorCode =
  | "SERVICE_UNAVAILABLE"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "LIMIT_EXCEEDED"
  | "BAD_USER_INPUT"
  | "BAD_RESPONSE";

export interface CheckServiceErrorDetails {
  /** HTTP status of the last answer, when there was one. */
  status?: number | undefined;
  /** `extensions.code` of the server's GraphQL error, when there was one. */
  serverCode?: string | undefined;
  /** HTTP requests made for this batch, retries included. */
  attempts?: number | undefined;
  cause?: unknown;
}

export class CheckServiceError extends Error {
  override readonly name = "CheckServiceError";
  readonly status: number | undefined;
  readonly serverCode: string | undefined;
  readonly attempts: number | undefined;

  constructor(
    readonly code: CheckServiceErrorCode,
    message: string,
    details: CheckServiceErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.serverCode = details.serverCode;
    this.attempts = details.attempts;
  }
}

/** A failure worth another attempt; never leaves the client (it becomes SERVICE_UNAVAILABLE). */
export class TransientFailure extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number | undefined,
    readonly status?: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
