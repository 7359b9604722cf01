// The audit trail's hash chain, as pure functions: each event's hash covers its content and the
// previous event's hash, so changing, removing, inserting or reordering a stored event breaks
// every link after it. The store writes the chain, `verifyChain` (audit.verify.ts) re-walks it.
import { createHash } from "node:crypto";

/** The `prev_hash` of the first event. */
export const GENESIS_HASH = "0".repeat(64);

/** What a request leaves in the audit trail, before it has a place in the chain. */
export interface NewAuditEvent {
  at: Date;
  requestId: string;
  /** The principal's stable id: "anonymous", "key:<uuid>" or "jwt:<sub>". */
  principal: string;
  role: string;
  operation: string;
  purpose: string | null;
  subjectIds: string[];
  protectedFields: string[];
  grantId: string | null;
  /** "OK" or "ERROR:<codes>". */
  outcome: string;
  /** Operation-specific JSON, hashed as the exact text stored (a check's scenario, refs, decisions). */
  detail?: string | null;
}

/** An event's content as it is hashed: everything stored except the two hashes. */
export interface ChainedContent extends NewAuditEvent {
  seq: number;
}

/**
 * One JSON array in a fixed field order. JSON escapes strings unambiguously and keeps nulls and
 * array order, so two different contents never serialise alike. `seq` is a decimal string so the
 * form does not depend on whether the driver returns bigints as numbers or strings; `at` keeps
 * milliseconds, the precision a JavaScript Date round-trips through timestamptz with.
 */
export function canonicalContent(event: ChainedContent): string {
  return `["${event.seq}",${canonicalRest(event)}`;
}

/**
 * The canonical form after its seq: what the database's append function (drizzle/0008) is given,
 * so that it can hash an event once it has numbered it, under the chain's lock, in one round trip.
 */
export function canonicalRest(event: NewAuditEvent): string {
  return JSON.stringify([
    event.at.toISOString(),
    event.requestId,
    event.principal,
    event.role,
    event.operation,
    event.purpose,
    event.subjectIds,
    event.protectedFields,
    event.grantId,
    event.outcome,
    event.detail ?? null,
  ]).slice(1);
}

/** sha256 (hex) of the previous hash followed by the event's canonical content. */
export function hashEvent(prevHash: string, event: ChainedContent): string {
  return createHash("sha256").update(prevHash).update("\n").update(canonicalContent(event)).digest("hex");
}
