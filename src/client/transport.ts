// Sends one `check` request over HTTP: a timeout per attempt and a deadline for the whole call,
// retries with backoff on transient failures only, and every other answer turned into a check
// report or a CheckServiceError.
import pRetry from "p-retry";
import { CheckServiceError, type CheckServiceErrorCode, TransientFailure } from "./errors.js";
import { CheckDocument, type CheckInput, type CheckQuery } from "./generated/graphql.js";

export type ServiceReport = CheckQuery["check"];

export interface TransportOptions {
  url: string;
  authorization?: string | undefined;
  fetch: typeof globalThis.fetch;
  /** One attempt, from sending to the last byte of the answer. */
  timeoutMs: number;
  /** The whole call: every attempt, the backoff between them and any Retry-After wait. */
  deadlineMs: number;
  retries: number;
  backoffMs: number;
  maxRetryAfterMs: number;
}

/** Gateways and load balancers answer these while the service restarts or sheds load. */
const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);

/** Server error codes and what they mean to the caller; anything unlisted is a BAD_RESPONSE. */
const SERVER_CODES: Record<string, CheckServiceErrorCode> = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  LIMIT_EXCEEDED: "LIMIT_EXCEEDED",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  INVALID_IDENTIFIER: "BAD_USER_INPUT",
  GRAPHQL_VALIDATION_FAILED: "BAD_USER_INPUT",
  GRAPHQL_PARSE_FAILED: "BAD_USER_INPUT",
  BAD_REQUEST: "BAD_USER_INPUT",
  // The service failed to decide; another attempt is not likely to fare better soon, so it is
  // not retried, but the caller gets the fail-safe answer as for an outage.
  INTERNAL_SERVER_ERROR: "SERVICE_UNAVAILABLE",
};

/** The document as text: sending it needs no GraphQL library at run time. */
const QUERY = CheckDocument.toString();

/** `extraHeaders`: the caller's own headers, X-Purpose and X-Request-Id, already checked. */
export async function sendCheck(
  options: TransportOptions, input: CheckInput, extraHeaders: Readonly<Record<string, string>> = {},
): Promise<ServiceReport> {
  const headers: Record<string, string> = {
    ...extraHeaders,
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  if (options.authorization) headers["authorization"] = options.authorization;
  const body = JSON.stringify({ query: QUERY, operationName: "Check", variables: { input } });

  const started = performance.now();
  const deadline = AbortSignal.timeout(options.deadlineMs);
  const remainingMs = () => options.deadlineMs - (performance.now() - started);
  let attempts = 0;
  let lastFailure: TransientFailure | undefined;
  try {
    return await pRetry(
      (attemptNumber) => {
        attempts = attemptNumber;
        return attempt(options, deadline, headers, body, input.subjects.length, attemptNumber);
      },
      {
        retries: options.retries,
        minTimeout: options.backoffMs,
        factor: 2,
        // Jitter, so that many clients do not come back at the same instant after an outage.
        randomize: true,
        // The deadline cuts the backoff short too; the attempt it interrupts has already failed.
        signal: deadline,
        onFailedAttempt: ({ error }) => {
          if (error instanceof TransientFailure) lastFailure = error;
        },
        // Retry-After asks for at least that long, the backoff delay comes on top of it; a wait
        // that would end past the deadline is not worth starting.
        shouldRetry: async ({ error }) => {
          if (!(error instanceof TransientFailure)) return false;
          if (!error.retryAfterMs) return true;
          if (error.retryAfterMs >= remainingMs()) return false;
          await sleep(error.retryAfterMs, deadline);
          return true;
        },
      },
    );
  } catch (error) {
    if (error instanceof CheckServiceError) throw error;
    const failure = error instanceof TransientFailure ? error : deadline.aborted ? lastFailure : undefined;
    if (failure) {
      const message = deadline.aborted
        ? `creditgate did not answer within ${options.deadlineMs} ms (${attempts} attempt(s), the last: ${failure.message})`
        : `creditgate did not answer after ${attempts} attempt(s): ${failure.message}`;
      throw new CheckServiceError("SERVICE_UNAVAILABLE", message, { status: failure.status, attempts, cause: failure });
    }
    throw new CheckServiceError("BAD_RESPONSE", `the check failed unexpectedly: ${describe(error)}`, { attempts, cause: error });
  }
}

async function attempt(
  options: TransportOptions, deadline: AbortSignal, headers: Record<string, string>, body: string, expected: number, attemptNumber: number,
): Promise<ServiceReport> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([timeout, deadline]);
  let response: Response;
  let text: string;
  try {
    response = await untilAborted(options.fetch(options.url, { method: "POST", headers, body, signal }), signal);
    if (TRANSIENT_STATUS.has(response.status)) {
      await response.body?.cancel().catch(() => {});
      throw new TransientFailure(`HTTP ${response.status}`, retryAfterMs(response.headers.get("retry-after"), options.maxRetryAfterMs), response.status);
    }
    text = await untilAborted(response.text(), signal);
  } catch (error) {
    if (error instanceof TransientFailure) throw error;
    if (signal.aborted) {
      const limit = timeout.aborted ? `${options.timeoutMs} ms` : `the deadline of ${options.deadlineMs} ms`;
      throw new TransientFailure(`no answer within ${limit}`, undefined, undefined, { cause: error });
    }
    // fetch rejects only when no HTTP answer came: refused or reset connection, DNS, TLS.
    throw new TransientFailure(`network error: ${describe(error)}`, undefined, undefined, { cause: error });
  }
  return readReport(response.status, text, expected, attemptNumber);
}

function readReport(status: number, text: string, expected: number, attempts: number): ServiceReport {
  let payload: { data?: { check?: ServiceReport | null } | null; errors?: unknown } | undefined;
  try {
    payload = JSON.parse(text);
  } catch {
    if (status === 401) throw new CheckServiceError("UNAUTHENTICATED", "creditgate refused the credential (HTTP 401)", { status, attempts });
    if (status === 403) throw new CheckServiceError("FORBIDDEN", "creditgate refused the caller (HTTP 403)", { status, attempts });
    if (status >= 500) throw new CheckServiceError("SERVICE_UNAVAILABLE", `creditgate failed with HTTP ${status}`, { status, attempts });
    throw new CheckServiceError("BAD_RESPONSE", `HTTP ${status} is not a GraphQL response: is the url the creditgate /graphql endpoint?`, { status, attempts });
  }

  const report = payload?.data?.check;
  if (report && Array.isArray(report.results)) {
    if (report.results.length !== expected) {
      throw new CheckServiceError("BAD_RESPONSE", `creditgate answered ${report.results.length} results for ${expected} refs`, { status, attempts });
    }
    return report;
  }

  const errors = Array.isArray(payload?.errors) ? (payload.errors as { message?: unknown; extensions?: { code?: unknown } }[]) : [];
  const first = errors.find((e) => typeof e?.extensions?.code === "string") ?? errors[0];
  if (!first) throw new CheckServiceError("BAD_RESPONSE", `HTTP ${status}: the answer has neither a check report nor an error`, { status, attempts });
  const serverCode = typeof first.extensions?.code === "string" ? first.extensions.code : undefined;
  const code = (serverCode && Object.hasOwn(SERVER_CODES, serverCode) ? SERVER_CODES[serverCode] : undefined)
    ?? (status === 401 ? "UNAUTHENTICATED" : status === 403 ? "FORBIDDEN" : status >= 500 ? "SERVICE_UNAVAILABLE" : "BAD_RESPONSE");
  const message = typeof first.message === "string" ? first.message : "no message";
  throw new CheckServiceError(code, `creditgate refused the check (${serverCode ?? `HTTP ${status}`}): ${message}`, { status, serverCode, attempts });
}

/** Retry-After in seconds or as an HTTP date, bounded so that a server cannot stall its callers. */
export function retryAfterMs(header: string | null, max: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), max);
}

/** Settles with `promise`, or rejects when `signal` aborts: a custom `fetch` may ignore the signal. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => { signal.removeEventListener("abort", onAbort); resolve(value); },
      (error) => { signal.removeEventListener("abort", onAbort); reject(error); },
    );
  });
}

/** Resolves after `ms`, or at once when `signal` aborts (the caller then finds it aborted). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => { clearTimeout(timer); signal.removeEventListener("abort", done); resolve(); };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : undefined;
  return detail ? `${error.message} (${detail})` : error.message;
}
