// A request's outcome in the audit trail: stored as text ("OK" or "ERROR:<codes>", hashed into the
// chain as it is), served as a closed set and the list of codes.

/** What a request came to, as served: the stored outcome text is "OK" or "ERROR:" and the codes. */
export const OUTCOMES = ["OK", "ERROR"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The stored outcome text, read back: OK, or ERROR and the error codes sent back. */
export function parseOutcome(stored: string): { outcome: Outcome; errorCodes: string[] } {
  if (!stored.startsWith("ERROR:")) return { outcome: "OK", errorCodes: [] };
  return { outcome: "ERROR", errorCodes: stored.slice("ERROR:".length).split(",").filter(Boolean) };
}
