// The register's states, in one place: every status a credit record, list entry, commitment,
// objection or repair can have, every move between them as one declared table, and the questions
// asked of states (is it public, may it be objected to, repaired, be a basis, does it count in a
// check). Pure: the SQL predicates, the services and the resolvers all ask here.
import { listEntryStatus, recordStatus } from "../../db/schema.js";
import { type Message, msg } from "../../shared/i18n/index.js";

export const ENTITIES = ["RECORD", "ENTRY", "COMMITMENT", "OBJECTION", "REPAIR"] as const;
export type Entity = (typeof ENTITIES)[number];

/** Records and entries have their statuses as database enums; the others are text columns, their values are these. */
export const STATUSES = {
  RECORD: recordStatus.enumValues,
  ENTRY: listEntryStatus.enumValues,
  COMMITMENT: ["VALID", "FULFILLED", "BROKEN", "WITHDRAWN"],
  OBJECTION: ["UNDER_REVIEW", "UPHELD", "REJECTED"],
  REPAIR: ["PENDING", "APPROVED", "REFUSED", "REVERSED"],
} as const;
export type StatusOf<E extends Entity> = (typeof STATUSES)[E][number];
export type Status = StatusOf<Entity>;

/** What makes a thing move (or, for PUBLICATION_ENDED and EXPIRED, what a read finds has happened by its dates). */
export const EVENTS = [
  "SUBMITTED", "RESENT",
  "ENTRY_ADDED",
  "COMMITMENT_REGISTERED", "BREACHED",
  "OBJECTION_FILED", "OBJECTION_UPHELD_REVOKE", "OBJECTION_UPHELD_CORRECT", "OBJECTION_REJECTED",
  "REPAIR_APPLIED", "REPAIR_APPROVED", "REPAIR_REFUSED", "REPAIR_REVERSED",
  "PUBLICATION_ENDED", "EXPIRED",
  "EXCHANGED",
] as const;
export type Event = (typeof EVENTS)[number];

/**
 * Moves found at read time, never written: a record whose publication period has ended, an entry
 * past its effectiveUntil. The row keeps its status; reads and the SQL predicates apply the move.
 */
export const READ_TIME_EVENTS: readonly Event[] = ["PUBLICATION_ENDED", "EXPIRED"];

export type Transition = { [E in Entity]: { entity: E; from: StatusOf<E> | null; event: Event; to: StatusOf<E> } }[Entity];

/** The statuses a partner platform's entries, records and commitments are stored in: all but the read-time EXPIRED. */
export const EXCHANGEABLE = {
  ENTRY: STATUSES.ENTRY.filter((s) => s !== "EXPIRED"),
  RECORD: STATUSES.RECORD.filter((s) => s !== "EXPIRED"),
  COMMITMENT: STATUSES.COMMITMENT,
} as const;

/** `from: null`: the thing comes into the register with this event. */
const t = <E extends Entity>(entity: E, from: StatusOf<E> | null, event: Event, to: StatusOf<E>) => ({ entity, from, event, to }) as Transition;

/**
 * Every allowed move. Anything not here is INVALID_STATE. Where one (from, event) has two rows,
 * the mover names which (a rejected objection or a reversed repair puts back what was before).
 */
export const TRANSITIONS: readonly Transition[] = [
  // 信用记录. Taken in published at once (the record row itself, not a history row, says so);
  // re-sent by its source system with new content, it keeps its status, and the history keeps the old content.
  t("RECORD", null, "SUBMITTED", "PUBLISHED"),
  ...STATUSES.RECORD.map((s) => t("RECORD", s, "RESENT", s)),
  t("RECORD", "PUBLISHED", "OBJECTION_FILED", "UNDER_OBJECTION"),
  t("RECORD", "CORRECTED", "OBJECTION_FILED", "UNDER_OBJECTION"),
  t("RECORD", "UNDER_OBJECTION", "OBJECTION_REJECTED", "PUBLISHED"),
  t("RECORD", "UNDER_OBJECTION", "OBJECTION_REJECTED", "CORRECTED"),
  t("RECORD", "UNDER_OBJECTION", "OBJECTION_UPHELD_CORRECT", "CORRECTED"),
  t("RECORD", "UNDER_OBJECTION", "OBJECTION_UPHELD_REVOKE", "REVOKED"),
  t("RECORD", "PUBLISHED", "REPAIR_APPROVED", "REPAIRED"),
  t("RECORD", "CORRECTED", "REPAIR_APPROVED", "REPAIRED"),
  t("RECORD", "REPAIRED", "REPAIR_REVERSED", "PUBLISHED"),
  t("RECORD", "REPAIRED", "REPAIR_REVERSED", "CORRECTED"),
  t("RECORD", "PUBLISHED", "PUBLICATION_ENDED", "EXPIRED"),
  t("RECORD", "CORRECTED", "PUBLICATION_ENDED", "EXPIRED"),

  // 名单. A disputed entry stays in force until decided (filing moves nothing). Revoked or
  // repaired by its own objection or repair, or with the record it stands on (see FOLLOWS).
  t("ENTRY", null, "ENTRY_ADDED", "ACTIVE"),
  t("ENTRY", "ACTIVE", "OBJECTION_FILED", "ACTIVE"),
  t("ENTRY", "ACTIVE", "OBJECTION_UPHELD_REVOKE", "REVOKED"),
  t("ENTRY", "ACTIVE", "REPAIR_APPROVED", "REPAIRED"),
  t("ENTRY", "REPAIRED", "REPAIR_REVERSED", "ACTIVE"),
  t("ENTRY", "ACTIVE", "EXPIRED", "EXPIRED"),

  // 数据交换. Entries and records of a partner platform come in, and change, as that platform
  // decided them: its register is the authority for its own; the history keeps every state they had.
  // Expiry stays a read-time move for them too: EXPIRED is never written.
  ...EXCHANGEABLE.ENTRY.map((s) => t("ENTRY", null, "EXCHANGED", s)),
  ...EXCHANGEABLE.ENTRY.flatMap((from) => EXCHANGEABLE.ENTRY.map((to) => t("ENTRY", from, "EXCHANGED", to))),
  ...EXCHANGEABLE.RECORD.map((s) => t("RECORD", null, "EXCHANGED", s)),
  ...EXCHANGEABLE.RECORD.flatMap((from) => EXCHANGEABLE.RECORD.map((to) => t("RECORD", from, "EXCHANGED", to))),
  ...EXCHANGEABLE.COMMITMENT.map((s) => t("COMMITMENT", null, "EXCHANGED", s)),
  ...EXCHANGEABLE.COMMITMENT.flatMap((from) => EXCHANGEABLE.COMMITMENT.map((to) => t("COMMITMENT", from, "EXCHANGED", to))),

  // 信用承诺.
  t("COMMITMENT", null, "COMMITMENT_REGISTERED", "VALID"),
  t("COMMITMENT", "VALID", "BREACHED", "BROKEN"),

  // 异议.
  t("OBJECTION", null, "OBJECTION_FILED", "UNDER_REVIEW"),
  t("OBJECTION", "UNDER_REVIEW", "OBJECTION_UPHELD_REVOKE", "UPHELD"),
  t("OBJECTION", "UNDER_REVIEW", "OBJECTION_UPHELD_CORRECT", "UPHELD"),
  t("OBJECTION", "UNDER_REVIEW", "OBJECTION_REJECTED", "REJECTED"),

  // 信用修复.
  t("REPAIR", null, "REPAIR_APPLIED", "PENDING"),
  t("REPAIR", "PENDING", "REPAIR_APPROVED", "APPROVED"),
  t("REPAIR", "PENDING", "REPAIR_REFUSED", "REFUSED"),
  t("REPAIR", "APPROVED", "REPAIR_REVERSED", "REVERSED"),
];

/**
 * Statuses in which a thing is in force: a record is published (the public reads it within its
 * period, an entry may stand on it), an entry's measures apply (within its dates), a commitment
 * counts for its subject (within its validity), an objection or repair awaits its decision.
 */
export const IN_FORCE: { readonly [E in Entity]: readonly StatusOf<E>[] } = {
  RECORD: ["PUBLISHED", "UNDER_OBJECTION", "CORRECTED"],
  ENTRY: ["ACTIVE"],
  COMMITMENT: ["VALID"],
  OBJECTION: ["UNDER_REVIEW"],
  REPAIR: ["PENDING"],
};

/** A broken commitment counts against its subject in checks (a valid one for it). */
export const BREACHED_COMMITMENT: StatusOf<"COMMITMENT"> = "BROKEN";

/**
 * A record that stops being in force by one of these takes the entries in force standing on it
 * along, by the same event: no measure rests on a revoked or repaired record.
 */
export const FOLLOWS: readonly Event[] = ["OBJECTION_UPHELD_REVOKE", "REPAIR_APPROVED"];

/** The rows for a thing in `from` (null: coming in) on `event`. */
export function movesOf<E extends Entity>(entity: E, from: StatusOf<E> | null, event: Event): StatusOf<E>[] {
  return TRANSITIONS.filter((m) => m.entity === entity && m.from === from && m.event === event).map((m) => m.to as StatusOf<E>);
}

export function allows<E extends Entity>(entity: E, from: StatusOf<E>, event: Event): boolean {
  return movesOf(entity, from, event).length > 0;
}

export function isInForce<E extends Entity>(entity: E, status: StatusOf<E>): boolean {
  return (IN_FORCE[entity] as readonly string[]).includes(status);
}

/** The status a thing comes into the register with by `event`. */
export function initialStatus<E extends Entity>(entity: E, event: Event): StatusOf<E> {
  const [to, ...more] = movesOf(entity, null, event);
  if (!to || more.length) throw new Error(`the register has no single way for a ${entity} to come in by ${event}`);
  return to;
}

// The questions asked of states.
/** What an objection or repair can be about. */
export const TARGET_KINDS = ["RECORD", "ENTRY"] as const satisfies readonly Entity[];
export type TargetKind = (typeof TARGET_KINDS)[number];
export const isPublicRecord = (status: StatusOf<"RECORD">) => isInForce("RECORD", status);
export const mayBeBasis = (status: StatusOf<"RECORD">) => isInForce("RECORD", status);
export const mayBeObjectedTo = <K extends TargetKind>(kind: K, status: StatusOf<K>) => allows(kind, status, "OBJECTION_FILED");
export const mayBeRepaired = <K extends TargetKind>(kind: K, status: StatusOf<K>) => allows(kind, status, "REPAIR_APPROVED");

/**
 * The status a read shows: the stored one, or where its dates have ended it, the read-time move's
 * target (a record past publicationEnds, an entry past effectiveUntil, as of `today`).
 */
export function readStatus(entity: "RECORD", row: { status: StatusOf<"RECORD">; publicationEnds: string | null }, today: string): StatusOf<"RECORD">;
export function readStatus(entity: "ENTRY", row: { status: StatusOf<"ENTRY">; effectiveUntil: string | null }, today: string): StatusOf<"ENTRY">;
export function readStatus(
  entity: TargetKind, row: { status: StatusOf<TargetKind>; publicationEnds?: string | null; effectiveUntil?: string | null }, today: string,
): StatusOf<TargetKind> {
  // A record's publication ends on publicationEnds itself; an entry is in force through its effectiveUntil.
  const ended = entity === "RECORD" ? row.publicationEnds != null && row.publicationEnds <= today : row.effectiveUntil != null && row.effectiveUntil < today;
  const [to] = ended ? movesOf(entity, row.status as never, entity === "RECORD" ? "PUBLICATION_ENDED" : "EXPIRED") : [];
  return to ?? row.status;
}

/** Events a refusal names by their verb (catalogue state.verb); any other is "moved by <event>". */
const VERBS: readonly Event[] = ["OBJECTION_FILED", "REPAIR_APPLIED", "REPAIR_APPROVED", "REPAIR_REVERSED", "BREACHED"];

/** Why a move is refused, as the caller reads it in the INVALID_STATE error (a catalogue message, shared/i18n). */
export function refusal<E extends Entity>(entity: E, status: StatusOf<E>, event: Event): Message {
  const named = msg(`state.status.${status}`);
  if (entity === "OBJECTION") return msg("state.objectionDecided", { status: named });
  const from = [...new Set(TRANSITIONS.filter((m) => m.entity === "REPAIR" && m.event === event && m.from).map((m) => m.from))];
  if (entity === "REPAIR" && from.length > 0) {
    return msg(`state.repairIs${from.length > 1 ? "Either" : ""}`, { status: named, from: msg(`state.status.${from[0]}`), other: msg(`state.status.${from[1]}`) });
  }
  if (entity === "RECORD" && event.startsWith("OBJECTION_") && event !== "OBJECTION_FILED") return msg("state.noLongerUnderObjection", { status: named });
  const verb = VERBS.includes(event) ? msg(`state.verb.${event}`) : msg("state.movedBy", { event });
  return msg("state.cannot", { status: named, noun: msg(`state.noun.${entity}`), verb });
}
