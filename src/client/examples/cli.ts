// What the example scripts share: a client from the environment, and how a script ends when the
// check could not decide — a message on stderr and a non-zero exit code, never a stack trace:
//   0  every party was decided (whatever the decision)
//   1  an identifier is invalid: the input must be corrected
//   2  the set-up is wrong: no credential, a refused credential or role, a URL that is not the service
//   3  the service did not answer: the fail-safe REVIEW, a person decides
import { type CheckClient, type CheckResult, CheckServiceError, createCheckClient, isUnavailable } from "../index.js";

export const EXIT = { INVALID_REF: 1, SETUP: 2, UNAVAILABLE: 3 } as const;

/** Ends the script with `exitCode` and `message`, without a stack trace. */
export class ExitError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

export interface EnvClient {
  client: CheckClient;
  /** Why the service did not answer, for each fail-safe answer the client gave. */
  outages: CheckServiceError[];
}

/** CREDITGATE_URL, and CREDITGATE_API_KEY (a SYSTEM key) or CREDITGATE_TOKEN (an OFFICER or ADMIN JWT). */
export function clientFromEnv(env: NodeJS.ProcessEnv = process.env): EnvClient {
  const apiKey = env["CREDITGATE_API_KEY"] || undefined;
  const token = apiKey ? undefined : env["CREDITGATE_TOKEN"] || undefined;
  if (!apiKey && !token) {
    throw new ExitError("no credential: set CREDITGATE_API_KEY (a SYSTEM key) or CREDITGATE_TOKEN (an OFFICER or ADMIN JWT)", EXIT.SETUP);
  }
  const outages: CheckServiceError[] = [];
  try {
    const client = createCheckClient({
      url: env["CREDITGATE_URL"] || "http://127.0.0.1:4000/graphql",
      apiKey,
      token,
      onUnavailable: (error) => { outages.push(error); },
    });
    return { client, outages };
  } catch (error) {
    if (error instanceof TypeError) throw new ExitError(error.message, EXIT.SETUP);
    throw error;
  }
}

/**
 * The exit for results that were not decided: the fail-safe answer first (nothing was checked),
 * then invalid identifiers. Undefined when every result was decided.
 */
export function undecided(results: readonly CheckResult[], outages: readonly CheckServiceError[]): ExitError | undefined {
  if (results.some(isUnavailable)) {
    const why = outages[0]?.message ?? "no answer";
    return new ExitError(`creditgate is unavailable (${why}): nobody was checked; decide by hand or try again later`, EXIT.UNAVAILABLE);
  }
  const invalid = results.filter((r) => r.error);
  if (invalid.length > 0) {
    const lines = invalid.map((r) => `  ${r.ref.kind} ${JSON.stringify(r.ref.identifier)}: ${r.error?.message}`);
    return new ExitError([`${invalid.length} invalid identifier(s); correct them and check again:`, ...lines].join("\n"), EXIT.INVALID_REF);
  }
  return undefined;
}

/** The name to print for a result: the subject's, or what is known about the party. */
export function partyName(result: CheckResult): string {
  if (result.found === null) return "(not checked: service unavailable)";
  if (result.error) return "(invalid identifier)";
  return result.subject?.name ?? "(not in the register)";
}

/** Runs a script's body; an ExitError or a CheckServiceError ends it with a message and a code. */
export async function main(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof ExitError) {
      console.error(error.message);
      process.exitCode = error.exitCode;
    } else if (error instanceof CheckServiceError) {
      // Not an outage (review mode answers those): a wrong key, role, URL or input.
      console.error(`creditgate refused the check (${error.code}): ${error.message}`);
      process.exitCode = error.code === "BAD_USER_INPUT" ? EXIT.INVALID_REF : EXIT.SETUP;
    } else {
      throw error;
    }
  }
}
