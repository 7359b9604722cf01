/**
 * The embeddable check client (`creditgate/client`): what licensing, enforcement and transport
 * systems call to ask creditgate what to do about each party. It stands alone: it imports nothing
 * from the server, only its generated typed documents, dataloader and p-retry.
 *
 * ```ts
 * import { createCheckClient } from "creditgate/client";
 * const client = createCheckClient({ url: "http://127.0.0.1:4000/graphql", apiKey: process.env.CREDITGATE_API_KEY });
 * const [result] = await client.check("LICENSING", [{ kind: "ORGANIZATION", identifier: "915301022165009367" }]);
 * ```
 *
 * Behaviour:
 * - **Coalescing.** Calls made in the same tick of the event loop with the same scenario, matter
 *   and requestId go out as one request; each caller gets exactly its own results, in its order,
 *   duplicates included. Calls with different requestIds are NOT merged: the server audits each
 *   check under its requestId with its refs and decisions, and a merged request would file one
 *   caller's subjects under another's id. Calls without a requestId all share one group, the
 *   common case for busy callers.
 * - **Splitting.** More refs than `maxBatch` (in one call or coalesced) go out as several
 *   requests, sent concurrently and reassembled in order.
 * - **Timeout and retries.** Each attempt is aborted after `timeoutMs`. Only transient failures
 *   are retried (`retries` times, exponential backoff with jitter): network errors, timeouts,
 *   HTTP 429, 502, 503 and 504 (Retry-After is honoured, up to `maxRetryAfterMs`).
 * - **Fail-safe.** When the service cannot answer (retries exhausted, or an internal server
 *   error), `failMode: "review"` (the default) answers each ref with decision REVIEW and the
 *   reason SERVICE_UNAVAILABLE, never PASS for a party nobody checked; `failMode: "throw"`
 *   rejects with a CheckServiceError whose code is SERVICE_UNAVAILABLE.
 * - **Misconfiguration is loud.** UNAUTHENTICATED, FORBIDDEN, LIMIT_EXCEEDED, BAD_USER_INPUT and
 *   BAD_RESPONSE always reject with a CheckServiceError, in either fail mode: they are not
 *   outages, and answering REVIEW forever would hide a wrong key, role, batch size or URL.
 *   An invalid identifier is not an error of the call: its result carries `error` and
 *   `decision: null`, and the other refs are decided as usual.
 */
import DataLoader from "dataloader";
import { CheckServiceError } from "./errors.js";
import {
  Decision,
  type CheckResultFieldsFragment,
  PlateColor,
  Scenario,
  SubjectKind,
  type SubjectRef,
} from "./generated/graphql.js";
import { sendCheck, type TransportOptions } from "./transport.js";

export { CheckServiceError, type CheckServiceErrorCode, type CheckServiceErrorDetails } from "./errors.js";
export { Decision, ListType, PlateColor, Scenario, SubjectKind, type SubjectRef } from "./generated/graphql.js";

/** One ref's answer: decision, reasons, supervision (ENFORCEMENT) and the subject found. */
export type CheckResult = CheckResultFieldsFragment;
export type CheckReason = CheckResult["reasons"][number];
export type Supervision = NonNullable<CheckResult["supervision"]>;

export type FailMode = "review" | "throw";

export interface CheckClientOptions {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** A SYSTEM API key (`cg_…`). Give this or `token`. */
  apiKey?: string;
  /** An OFFICER or ADMIN JWT. */
  token?: string;
  /** Per attempt, in milliseconds. */
  timeoutMs?: number;
  /** Further attempts after a transient failure. */
  retries?: number;
  /** Most refs in one request; keep it at or below the server's batch limit (default 1000). */
  maxBatch?: number;
  failMode?: FailMode;
  fetch?: typeof globalThis.fetch;
  /** Delay before the first retry in milliseconds (up to twice that, with jitter); it doubles for each next one. */
  backoffMs?: number;
  /** Longest wait a Retry-After header can ask for. */
  maxRetryAfterMs?: number;
  /**
   * Called with the outage's error whenever `failMode: "review"` answers REVIEW in place of the
   * service, so that the embedding system can log and alert on it.
   */
  onUnavailable?: (error: CheckServiceError, refs: readonly SubjectRef[]) => void;
}

export interface CheckOptions {
  /** The matter being decided, e.g. the licensing item (行政许可事项); audited. */
  matter?: string;
  /** The caller's id for this check (e.g. the application number), audited with it. */
  requestId?: string;
}

export interface CheckClient {
  /** One result per ref, in the order of `refs`, duplicates included. */
  check(scenario: Scenario, refs: readonly SubjectRef[], options?: CheckOptions): Promise<CheckResult[]>;
}

/** The reason code of a fail-safe REVIEW, and the error code of an outage. */
export const SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";

const SCENARIOS = new Set<string>(Object.values(Scenario));
const KINDS = new Set<string>(Object.values(SubjectKind));
const PLATE_COLORS = new Set<string>(Object.values(PlateColor));

/** One tick of the event loop: everything called before the loop checks for I/O again. */
const nextTick: (dispatch: () => void) => void = typeof setImmediate === "function"
  ? (dispatch) => { setImmediate(dispatch); }
  : (dispatch) => { setTimeout(dispatch, 0); };

export function createCheckClient(options: CheckClientOptions): CheckClient {
  const {
    url, apiKey, token, timeoutMs = 2000, retries = 2, maxBatch = 1000, failMode = "review",
    fetch = globalThis.fetch, backoffMs = 200, maxRetryAfterMs = 5000, onUnavailable,
  } = options;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new TypeError(`createCheckClient: url must be an absolute http(s) URL, got ${JSON.stringify(url)}`);
  }
  if (apiKey && token) throw new TypeError("createCheckClient: give either apiKey or token, not both");
  const credential = apiKey ?? token;
  // fetch refuses such a header on every attempt, which would look like an outage forever.
  if (credential !== undefined && !/^[\x21-\x7e]+$/.test(credential)) {
    throw new TypeError("createCheckClient: apiKey / token must be printable ASCII without spaces");
  }
  if (!(timeoutMs > 0)) throw new TypeError("createCheckClient: timeoutMs must be positive");
  if (!Number.isInteger(retries) || retries < 0) throw new TypeError("createCheckClient: retries must be a non-negative integer");
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new TypeError("createCheckClient: maxBatch must be a positive integer");
  if (failMode !== "review" && failMode !== "throw") throw new TypeError(`createCheckClient: failMode must be "review" or "throw"`);
  if (typeof fetch !== "function") throw new TypeError("createCheckClient: no fetch available; pass one");

  const transport: TransportOptions = {
    url, timeoutMs, retries, backoffMs, maxRetryAfterMs,
    // Called unbound: a browser's fetch throws when called as a method of another object.
    fetch: (input, init) => fetch(input, init),
    authorization: credential ? `Bearer ${credential}` : undefined,
  };

  // Loaders of the calls waiting for the current tick, by (scenario, matter, requestId). A loader
  // leaves the map when its batch is dispatched, so the map holds only what is still to be sent.
  const waiting = new Map<string, DataLoader<SubjectRef, CheckResult>>();

  function loaderFor(scenario: Scenario, matter?: string, requestId?: string) {
    const group = JSON.stringify([scenario, matter ?? null, requestId ?? null]);
    let loader = waiting.get(group);
    if (loader) return loader;
    const created: DataLoader<SubjectRef, CheckResult> = new DataLoader<SubjectRef, CheckResult>(
      async (refs) => {
        try {
          const report = await sendCheck(transport, { scenario, subjects: [...refs], matter, requestId });
          return report.results;
        } catch (error) {
          if (failMode === "review" && error instanceof CheckServiceError && error.code === SERVICE_UNAVAILABLE) {
            try {
              onUnavailable?.(error, refs);
            } catch {
              // A failing log hook must not turn the fail-safe answer into a rejection.
            }
            return refs.map((ref) => unavailableResult(ref));
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

  return {
    async check(scenario, refs, checkOptions = {}) {
      // Checked here, not by the server: one caller's malformed ref must not fail the requests
      // it would share with others.
      if (!SCENARIOS.has(scenario)) throw badInput(`unknown scenario ${JSON.stringify(scenario)}`);
      if (!Array.isArray(refs)) throw badInput("refs must be an array of subject refs");
      const subjects = refs.map(toSubjectRef);
      const { matter, requestId } = checkOptions;
      if (matter !== undefined && typeof matter !== "string") throw badInput("matter must be a string");
      if (requestId !== undefined && typeof requestId !== "string") throw badInput("requestId must be a string");
      if (subjects.length === 0) return [];
      const loader = loaderFor(scenario, matter, requestId);
      return Promise.all(subjects.map((ref) => loader.load(ref)));
    },
  };
}

/** The answer for a party nobody could check: REVIEW, never PASS. */
function unavailableResult(ref: SubjectRef): CheckResult {
  return {
    ref: { kind: ref.kind, identifier: ref.identifier },
    error: null,
    found: false,
    decision: Decision.Review,
    reasons: [{
      code: SERVICE_UNAVAILABLE,
      effect: Decision.Review,
      message: "The credit check service (信用核查服务) could not answer; check this party by hand before deciding.",
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

const badInput = (message: string) => new CheckServiceError("BAD_USER_INPUT", message);
