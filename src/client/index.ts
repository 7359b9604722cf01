/**
 * The embeddable check client (`@creditgate/client`): what licensing, enforcement and transport
 * systems call to ask creditgate what to do about each party. It stands alone: it imports nothing
 * from the server, only its generated typed documents, dataloader and p-retry, and needs no
 * GraphQL library at run time (the document is sent as text).
 *
 * ```ts
 * import { createCheckClient } from "@creditgate/client";
 * const client = createCheckClient({ url: "http://127.0.0.1:4000/graphql", apiKey: process.env.CREDITGATE_API_KEY });
 * const report = await client.checkReport("LICENSING", [{ kind: "ORGANIZATION", identifier: "915301022165009367" }]);
 * report.dataVersion; report.checkedAt; report.results[0]?.decision;
 * ```
 *
 * Behaviour:
 * - **Coalescing.** Calls made in the same tick of the event loop with the same scenario, matter,
 *   requestId, purpose and headers go out as one request; each caller gets exactly its own
 *   results, in its order, duplicates included. Calls with different requestIds are NOT merged:
 *   the server audits each check under its requestId with its refs and decisions, and a merged
 *   request would file one caller's subjects under another's id. Calls without a requestId all
 *   share one group, the common case for busy callers.
 * - **Splitting.** More refs than `maxBatch` (in one call or coalesced) go out as several
 *   requests, sent concurrently and reassembled in order.
 * - **Deadline, timeout and retries.** A call gives up after `deadlineMs` in all (connecting,
 *   waiting, retries, backoff); each attempt is also aborted after `timeoutMs`. Only transient
 *   failures are retried (`retries` times, exponential backoff with jitter): network errors,
 *   timeouts, HTTP 429, 502, 503 and 504 (Retry-After is honoured, up to `maxRetryAfterMs`, when
 *   the wait ends before the deadline).
 * - **Fail-safe.** When the service cannot answer (deadline or retries exhausted, or an internal
 *   server error), `failMode: "review"` (the default) answers each ref with `found: null`,
 *   decision REVIEW and the reason SERVICE_UNAVAILABLE, and the report with `available: false`:
 *   never PASS for a party nobody checked, and never `found: false`, which means "not in the
 *   register". `failMode: "throw"` rejects with a CheckServiceError whose code is
 *   SERVICE_UNAVAILABLE.
 * - **Misconfiguration is loud.** UNAUTHENTICATED, FORBIDDEN, LIMIT_EXCEEDED, BAD_USER_INPUT and
 *   BAD_RESPONSE always reject with a CheckServiceError, in either fail mode: they are not
 *   outages, and answering REVIEW forever would hide a wrong key, role, batch size or URL.
 *   An invalid identifier is not an error of the call: its result carries `error` and
 *   `decision: null`, and the other refs are decided as usual.
 */
import DataLoader from "dataloader";
import { CheckServiceError } from "./errors.js";
import {
  type CheckResultFieldsFragment,
  PlateColor,
  ReasonEffect,
  Scenario,
  SubjectKind,
  type SubjectRef,
} from "./generated/graphql.js";
import { sendCheck, type TransportOptions } from "./transport.js";

export { CheckServiceError, type CheckServiceErrorCode, type CheckServiceErrorDetails } from "./errors.js";
export {
  CheckErrorCode, Decision, ListType, PlateColor, ReasonCode, ReasonEffect, Scenario, SubjectKind, type SubjectRef, SupervisionLevel,
} from "./generated/graphql.js";
/** The check operation as a typed document (text), for callers that bring their own GraphQL client. */
export { CheckDocument, type CheckInput, type CheckQuery, type CheckQueryVariables } from "./generated/graphql.js";

/** The reason code of a fail-safe REVIEW, and the error code of an outage. */
export const SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";

/** A ref the service decided: `found` says whether the party is in the register. */
export type ServiceResult = CheckResultFieldsFragment;

/** The fail-safe reason: the service did not answer, so a person must check this party. */
export interface UnavailableReason {
  code: typeof SERVICE_UNAVAILABLE;
  /** Like the service's reasons without a measure: an adverse fact (here, no answer) that calls for review. */
  effect: typeof ReasonEffect.Attention;
  message: string;
  listEntry: null;
}

/**
 * The fail-safe answer for a ref nobody could check: `found: null` (not known, unlike `false`,
 * "not in the register"), decision REVIEW, and the one reason SERVICE_UNAVAILABLE.
 */
export interface UnavailableResult {
  ref: ServiceResult["ref"];
  error: null;
  found: null;
  decision: "REVIEW";
  reasons: [UnavailableReason];
  supervision: null;
  subject: null;
}

/** One ref's answer: decision, reasons, supervision (ENFORCEMENT) and the subject found. */
export type CheckResult = ServiceResult | UnavailableResult;
export type CheckReason = CheckResult["reasons"][number];
export type Supervision = NonNullable<CheckResult["supervision"]>;

/** A call's answer: its results, and what makes the decisions reproducible. */
export interface CheckReport {
  /**
   * `false` when the service did not decide some of the results (each of them has `found: null`
   * and the reason SERVICE_UNAVAILABLE); `true` when it decided every one.
   */
  available: boolean;
  scenario: Scenario;
  /**
   * The state of the register the decisions were made on (`null` when the service decided none).
   * When a call was split into several requests and the register changed between them, this is
   * the version of the answer that came last, as is `checkedAt`.
   */
  dataVersion: string | null;
  /** When the service decided (ISO 8601, the service's clock); the client's clock when it did not answer. */
  checkedAt: string;
  results: CheckResult[];
}

/** True for the fail-safe answer, which the service did not give. */
export function isUnavailable(result: CheckResult): result is UnavailableResult {
  return result.found === null;
}

export type FailMode = "review" | "throw";

export interface CheckClientOptions {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** A SYSTEM API key (`cg_…`). Give this or `token`. */
  apiKey?: string | undefined;
  /** An OFFICER or ADMIN JWT. */
  token?: string | undefined;
  /** The whole call, retries included, in milliseconds (default 3000). */
  deadlineMs?: number | undefined;
  /** Per attempt, in milliseconds (default 2000). */
  timeoutMs?: number | undefined;
  /** Further attempts after a transient failure, within the deadline (default 2). */
  retries?: number | undefined;
  /** Most refs in one request; keep it at or below the server's batch limit (default 1000). */
  maxBatch?: number | undefined;
  failMode?: FailMode | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  /** Delay before the first retry in milliseconds (up to twice that, with jitter); it doubles for each next one. */
  backoffMs?: number | undefined;
  /** Longest wait a Retry-After header can ask for. */
  maxRetryAfterMs?: number | undefined;
  /** Sent with every request (e.g. a gateway's headers); a call's own `headers` come on top. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** The default `purpose` of every call. */
  purpose?: string | undefined;
  /**
   * The language of the messages people read — the service's (sent as `Accept-Language`) and the
   * fail-safe reason's: Simplified Chinese by default, or English. Codes are the same in both.
   */
  language?: "zh-CN" | "en" | undefined;
  /**
   * Called with the outage's error whenever `failMode: "review"` answers REVIEW in place of the
   * service, so that the embedding system can log and alert on it.
   */
  onUnavailable?: ((error: CheckServiceError, refs: readonly SubjectRef[]) => void) | undefined;
}

export interface CheckOptions {
  /** The matter being decided, e.g. the licensing item (行政许可事项); audited. */
  matter?: string | undefined;
  /**
   * The caller's id for this check (e.g. the application number), audited with it; also sent as
   * `X-Request-Id` (percent-encoded UTF-8 when it is not printable ASCII).
   */
  requestId?: string | undefined;
  /** Why the caller asks, for the audit trail: sent as `X-Purpose`, percent-encoded UTF-8. */
  purpose?: string | undefined;
  /** Further headers of this call's request, over the client's `headers`. */
  headers?: Readonly<Record<string, string>> | undefined;
}

export interface CheckClient {
  /** One result per ref, in the order of `refs`, duplicates included. */
  check(scenario: Scenario, refs: readonly SubjectRef[], options?: CheckOptions): Promise<CheckResult[]>;
  /** The same results with the report's `available`, `dataVersion` and `checkedAt`. */
  checkReport(scenario: Scenario, refs: readonly SubjectRef[], options?: CheckOptions): Promise<CheckReport>;
}

const SCENARIOS = new Set<string>(Object.values(Scenario));
const KINDS = new Set<string>(Object.values(SubjectKind));
const PLATE_COLORS = new Set<string>(Object.values(PlateColor));

/** Headers the client sets itself; `purpose` and `requestId` are options of their own. */
const RESERVED_HEADERS = new Set(["accept", "authorization", "content-type", "content-length", "host", "x-purpose", "x-request-id"]);

/** One tick of the event loop: everything called before the loop checks for I/O again. */
const nextTick: (dispatch: () => void) => void = typeof setImmediate === "function"
  ? (dispatch) => { setImmediate(dispatch); }
  : (dispatch) => { setTimeout(dispatch, 0); };

/** Where a result came from: the service's answer to one request, or an outage. */
type Provenance =
  | { available: true; dataVersion: string; checkedAt: string }
  | { available: false; checkedAt: string };

interface Answer { result: CheckResult; from: Provenance }

export function createCheckClient(options: CheckClientOptions): CheckClient {
  const {
    url, apiKey, token, deadlineMs = 3000, timeoutMs = 2000, retries = 2, maxBatch = 1000, failMode = "review",
    fetch = globalThis.fetch, backoffMs = 200, maxRetryAfterMs = 5000, onUnavailable,
  } = options;
  if (typeof url !== "string" || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new TypeError(`createCheckClient: url must be an absolute http(s) URL, got ${JSON.stringify(url)}`);
  }
  if (apiKey && token) throw new TypeError("createCheckClient: give either apiKey or token, not both");
  const credential = apiKey || token || undefined;
  // fetch refuses such a header on every attempt, which would look like an outage forever.
  if (credential !== undefined && !/^[\x21-\x7e]+$/.test(credential)) {
    throw new TypeError("createCheckClient: apiKey / token must be printable ASCII without spaces");
  }
  if (!(deadlineMs > 0)) throw new TypeError("createCheckClient: deadlineMs must be positive");
  if (!(timeoutMs > 0)) throw new TypeError("createCheckClient: timeoutMs must be positive");
  if (!Number.isInteger(retries) || retries < 0) throw new TypeError("createCheckClient: retries must be a non-negative integer");
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new TypeError("createCheckClient: maxBatch must be a positive integer");
  if (failMode !== "review" && failMode !== "throw") throw new TypeError(`createCheckClient: failMode must be "review" or "throw"`);
  if (typeof fetch !== "function") throw new TypeError("createCheckClient: no fetch available; pass one");
  const language = options.language ?? "zh-CN";
  if (language !== "zh-CN" && language !== "en") throw new TypeError(`createCheckClient: language must be "zh-CN" or "en"`);
  const clientHeaders: Record<string, string> = { "accept-language": language, ...checkedHeaders(options.headers, (message) => new TypeError(`createCheckClient: ${message}`)) };
  if (options.purpose !== undefined && typeof options.purpose !== "string") throw new TypeError("createCheckClient: purpose must be a string");

  const transport: TransportOptions = {
    url, deadlineMs, timeoutMs, retries, backoffMs, maxRetryAfterMs,
    // Called unbound: a browser's fetch throws when called as a method of another object.
    fetch: (input, init) => fetch(input, init),
    authorization: credential ? `Bearer ${credential}` : undefined,
  };

  // Loaders of the calls waiting for the current tick, by everything that goes into a request
  // besides its refs. A loader leaves the map when its batch is dispatched, so the map holds only
  // what is still to be sent.
  const waiting = new Map<string, DataLoader<SubjectRef, Answer>>();

  function loaderFor(scenario: Scenario, matter: string | undefined, requestId: string | undefined, headers: Record<string, string>) {
    const group = JSON.stringify([scenario, matter ?? null, requestId ?? null, Object.entries(headers).sort()]);
    let loader = waiting.get(group);
    if (loader) return loader;
    const created: DataLoader<SubjectRef, Answer> = new DataLoader<SubjectRef, Answer>(
      async (refs) => {
        try {
          const input = { scenario, subjects: [...refs], matter, requestId };
          const report = await sendCheck(transport, input, headers);
          const from: Provenance = { available: true, dataVersion: report.dataVersion, checkedAt: report.checkedAt };
          return report.results.map((result) => ({ result, from }));
        } catch (error) {
          if (failMode === "review" && error instanceof CheckServiceError && error.code === SERVICE_UNAVAILABLE) {
            try {
              onUnavailable?.(error, refs);
            } catch {
              // A failing log hook must not turn the fail-safe answer into a rejection.
            }
            const from: Provenance = { available: false, checkedAt: new Date().toISOString() };
            return refs.map((ref) => ({ result: unavailableResult(ref, language), from }));
          }
          throw error;
        }
      },
      {
        // Every load is its own answer: duplicates stay in the batch, nothing is cached.
        cache: false,
        maxBatchSize: maxBatch,
        batchScheduleFn: (dispatch) => nextTick(() => {
          if (waiting.get(group) === created) waiting.delete(group);
          dispatch();
        }),
      },
    );
    waiting.set(group, created);
    return created;
  }

  async function checkReport(scenario: Scenario, refs: readonly SubjectRef[], checkOptions: CheckOptions = {}): Promise<CheckReport> {
    // Checked here, not by the server: one caller's malformed ref must not fail the requests
    // it would share with others.
    if (!SCENARIOS.has(scenario)) throw badInput(`unknown scenario ${JSON.stringify(scenario)}`);
    if (!Array.isArray(refs)) throw badInput("refs must be an array of subject refs");
    const subjects = refs.map(toSubjectRef);
    const { matter, requestId, purpose = options.purpose } = checkOptions ?? {};
    if (matter !== undefined && typeof matter !== "string") throw badInput("matter must be a string");
    if (requestId !== undefined && typeof requestId !== "string") throw badInput("requestId must be a string");
    if (purpose !== undefined && typeof purpose !== "string") throw badInput("purpose must be a string");
    const headers = { ...clientHeaders, ...checkedHeaders(checkOptions?.headers, badInput) };
    if (purpose) headers["x-purpose"] = encodeURIComponent(purpose);
    if (requestId) headers["x-request-id"] = /^[\x21-\x7e]+$/.test(requestId) ? requestId : encodeURIComponent(requestId);

    if (subjects.length === 0) return { available: true, scenario, dataVersion: null, checkedAt: new Date().toISOString(), results: [] };
    const loader = loaderFor(scenario, matter, requestId, headers);
    const answers = await Promise.all(subjects.map((ref) => loader.load(ref)));
    // The answer that came last names the report's register state (see CheckReport.dataVersion).
    let last: Extract<Provenance, { available: true }> | undefined;
    for (const { from } of answers) {
      if (from.available && (!last || from.checkedAt > last.checkedAt)) last = from;
    }
    const available = answers.every(({ from }) => from.available);
    return {
      available,
      scenario,
      dataVersion: last?.dataVersion ?? null,
      checkedAt: last?.checkedAt ?? answers[0]!.from.checkedAt,
      results: answers.map(({ result }) => result),
    };
  }

  return {
    checkReport,
    async check(scenario, refs, checkOptions) {
      return (await checkReport(scenario, refs, checkOptions)).results;
    },
  };
}

/** The answer for a party nobody could check: REVIEW, never PASS, and `found: null`, never `false`. */
const UNAVAILABLE_MESSAGE = {
  "zh-CN": "信用核查服务未能答复：请人工核查该主体后再作决定。",
  en: "The credit check service (信用核查服务) could not answer; check this party by hand before deciding.",
} as const;

function unavailableResult(ref: SubjectRef, language: keyof typeof UNAVAILABLE_MESSAGE): UnavailableResult {
  return {
    ref: { kind: ref.kind, identifier: ref.identifier },
    error: null,
    found: null,
    decision: "REVIEW",
    reasons: [{
      code: SERVICE_UNAVAILABLE,
      effect: ReasonEffect.Attention,
      message: UNAVAILABLE_MESSAGE[language],
      listEntry: null,
    }],
    supervision: null,
    subject: null,
  };
}

/** A plain copy with only the fields SubjectRef has: an extra property would fail the request. */
function toSubjectRef(ref: SubjectRef, index: number): SubjectRef {
  if (typeof ref !== "object" || ref === null) throw badInput(`refs[${index}] is not a subject ref`);
  if (!KINDS.has(ref.kind)) throw badInput(`refs[${index}].kind ${JSON.stringify(ref.kind)} is not one of ${[...KINDS].join(", ")}`);
  if (typeof ref.identifier !== "string") throw badInput(`refs[${index}].identifier must be a string`);
  if (ref.plateColor == null) return { kind: ref.kind, identifier: ref.identifier };
  if (!PLATE_COLORS.has(ref.plateColor)) throw badInput(`refs[${index}].plateColor ${JSON.stringify(ref.plateColor)} is not one of ${[...PLATE_COLORS].join(", ")}`);
  return { kind: ref.kind, identifier: ref.identifier, plateColor: ref.plateColor };
}

/**
 * The caller's headers with lower-case names, refused at once when fetch would refuse them (on
 * every attempt, which would look like an outage) or when they would replace the client's own.
 */
function checkedHeaders(headers: Readonly<Record<string, string>> | undefined, fail: (message: string) => Error): Record<string, string> {
  if (headers === undefined) return {};
  if (typeof headers !== "object" || headers === null || Array.isArray(headers)) throw fail("headers must be an object of header names and values");
  const checked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower)) throw fail(`the header ${JSON.stringify(name)} is set by the client (use apiKey/token, purpose or requestId)`);
    if (typeof value !== "string") throw fail(`the header ${JSON.stringify(name)} must be a string`);
    try {
      new Headers([[lower, value]]);
    } catch {
      throw fail(`the header ${JSON.stringify(name)} is not a valid HTTP header (names are tokens, values ISO-8859-1 without line breaks)`);
    }
    checked[lower] = value;
  }
  return checked;
}

const badInput = (message: string) => new CheckServiceError("BAD_USER_INPUT", message);
