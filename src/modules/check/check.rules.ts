// How a check decides (README "Checking parties"), as pure functions: each fact about a subject
// becomes a reason with an effect, the most severe effect decides, and in ENFORCEMENT the grade
// policy, raised by a blacklist entry, says how hard to inspect.
import { type listType, measureEffect } from "../../db/schema.js";
import type { ErrorCode } from "../../shared/errors.js";
import { type Message, msg } from "../../shared/i18n/index.js";
import type { SupervisionLevel } from "../catalogue/catalogue.defaults.js";
import { BREACHED_COMMITMENT } from "../register/register.states.js";

/** The decisions, least severe first. */
export const DECISIONS = ["PASS", "FAST_TRACK", "REVIEW", "DENY"] as const;
export type Decision = (typeof DECISIONS)[number];
/**
 * What a reason does: its catalogue measure's effect, or ATTENTION for an adverse fact that no
 * measure covers (a watch entry without a measure as severe as review, a lowest grade, a broken
 * commitment), which calls for review. Never a decision: the decision is the result's.
 */
export const REASON_EFFECTS = [...measureEffect.enumValues, "ATTENTION"] as const;
export type Effect = (typeof REASON_EFFECTS)[number];
export type MeasureEffect = Exclude<Effect, "ATTENTION">;

/**
 * What kind of fact a reason is: LIST_ENTRY, an entry's measure in the scenario (the entry's own
 * reason code is listEntry.reason); WATCH_ENTRY, a watch-list entry calling for review; the
 * latest grade of a sector being its lowest; a commitment in force; a broken commitment.
 */
export const REASON_CODES = ["LIST_ENTRY", "WATCH_ENTRY", "LOWEST_GRADE", "COMMITMENT", "COMMITMENT_BREACHED"] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** Why a ref was not decided: its identifier failed validation. */
export const CHECK_ERROR_CODES = ["INVALID_IDENTIFIER"] as const satisfies readonly ErrorCode[];

export type ListType = (typeof listType.enumValues)[number];

const SEVERITY: Record<Decision, number> = { PASS: 0, FAST_TRACK: 1, REVIEW: 2, DENY: 3 };

/** What an effect makes of a decision: a prohibition denies, a restriction or closer attention reviews. */
export function decisionOf(effect: Effect): Decision {
  switch (effect) {
    case "PROHIBIT": return "DENY";
    case "RESTRICT": case "INTENSIFY": case "ATTENTION": return "REVIEW";
    case "FAST_TRACK": return "FAST_TRACK";
  }
}

export function mostSevere(decisions: Iterable<Decision>): Decision {
  let worst: Decision = "PASS";
  for (const d of decisions) if (SEVERITY[d] > SEVERITY[worst]) worst = d;
  return worst;
}

export interface EntryFact {
  id: string;
  list: ListType;
  reasonCode: string;
  reasonText: string;
}
export interface EvaluationFact { sector: string; year: number; grade: string }
export interface CommitmentFact { id: string; matter: string; status: string }
export interface SubjectFacts {
  entries: EntryFact[];
  /** The latest evaluation of each sector. */
  evaluations: EvaluationFact[];
  /** Commitments in force (VALID) and breached ones (BROKEN). */
  commitments: CommitmentFact[];
}

export interface MeasureRule { list: ListType; reasonCode: string; effect: MeasureEffect; legalBasis: string }
/** A sector's grades, best first: its last is the sector's lowest grade. */
export interface Scale { sector: string; grades: string[] }
export interface Policy { grade: string; rank: number; level: SupervisionLevel; samplingMultiplier: number; interviewsPerYear: number; trainingsPerYear: number }

/** Policy rows with these grades are not evaluation grades. */
export const UNGRADED = "NONE";
export const BLACKLISTED = "BLACKLIST";

/** The measures of one scenario and the supervision policy, indexed for deciding many subjects. */
export class Catalogue {
  private readonly measures = new Map<string, MeasureRule>();
  private readonly policies = new Map<string, Policy>();
  private readonly lowestRank: number;
  private readonly scales = new Map<string, string[]>();

  constructor(readonly scenario: string, measures: MeasureRule[], policies: Policy[], scales: Scale[] = []) {
    for (const m of measures) this.measures.set(`${m.list}|${m.reasonCode}`, m);
    for (const s of scales) this.scales.set(s.sector, s.grades);
    for (const p of policies) this.policies.set(p.grade, p);
    const ranks = policies.filter((p) => p.grade !== UNGRADED && p.grade !== BLACKLISTED).map((p) => p.rank);
    this.lowestRank = ranks.length ? Math.min(...ranks) : Number.NEGATIVE_INFINITY;
  }

  /** The measure for an entry: its own reason's, else its list's `*`. */
  measureFor(entry: Pick<EntryFact, "list" | "reasonCode">): MeasureRule | null {
    return this.measures.get(`${entry.list}|${entry.reasonCode}`) ?? this.measures.get(`${entry.list}|*`) ?? null;
  }

  policy(grade: string): Policy | null {
    return this.policies.get(grade) ?? null;
  }

  /**
   * The policy of a sector's grade: the grade's own; for a grade the policy does not name (C, D of
   * the construction-market scales), the poorest graded policy when it is in the lower half of its
   * sector's scale, else the ungraded one.
   */
  policyOf(grade: string, sector: string): Policy | null {
    const own = this.policies.get(grade);
    if (own) return own;
    const scale = this.scales.get(sector);
    const at = scale?.indexOf(grade) ?? -1;
    if (at < 0) return null;
    if (at * 2 <= scale!.length - 1) return this.policy(UNGRADED);
    const graded = [...this.policies.values()].filter((p) => p.grade !== UNGRADED && p.grade !== BLACKLISTED);
    return graded.length ? graded.reduce((a, b) => (b.rank < a.rank ? b : a)) : null;
  }

  /** The last grade of the sector's scale; a sector without a scale falls back on the policy's lowest rank. */
  isLowestGrade(grade: string, sector?: string): boolean {
    const scale = sector === undefined ? undefined : this.scales.get(sector);
    if (scale) return scale[scale.length - 1] === grade;
    return grade !== UNGRADED && grade !== BLACKLISTED && this.policies.get(grade)?.rank === this.lowestRank;
  }
}

export interface Reason {
  code: ReasonCode;
  effect: Effect;
  /** Put into words in the caller's language by the resolver (shared/i18n, check.*). */
  message: Message;
  /** The list entry the reason stands on, if any. */
  entryId: string | null;
}

export interface Supervision { level: SupervisionLevel; samplingMultiplier: number; interviewsPerYear: number; trainingsPerYear: number }

export interface Verdict {
  decision: Decision;
  /** Most severe first. */
  reasons: Reason[];
  supervision: Supervision | null;
}

/** Names of lists, scenarios, effects and sectors in the catalogue; a code it does not know is shown as it is. */
const named = (group: "list" | "scenario" | "effect" | "sector", code: string): Message => msg(`check.${group}.${code}`, { defaultValue: code });

function entryReasons(entry: EntryFact, catalogue: Catalogue): Reason[] {
  const measure = catalogue.measureFor(entry);
  const reasons: Reason[] = [];
  if (measure) {
    reasons.push({
      code: "LIST_ENTRY",
      effect: measure.effect,
      message: msg("check.entry", {
        list: named("list", entry.list), reason: entry.reasonText, scenario: named("scenario", catalogue.scenario),
        effect: named("effect", measure.effect), basis: measure.legalBasis,
      }),
      entryId: entry.id,
    });
  }
  // A watch-list entry always calls for review, whatever the catalogue says of the scenario.
  if (entry.list === "WATCH" && (!measure || SEVERITY[decisionOf(measure.effect)] < SEVERITY.REVIEW)) {
    reasons.push({ code: "WATCH_ENTRY", effect: "ATTENTION", message: msg("check.watch", { list: named("list", "WATCH"), reason: entry.reasonText }), entryId: entry.id });
  }
  return reasons;
}

/** In ENFORCEMENT: the worst latest grade's policy, raised to the blacklist policy by a blacklist entry. */
export function supervisionOf(facts: SubjectFacts, catalogue: Catalogue): Supervision | null {
  const graded = facts.evaluations.map((e) => catalogue.policyOf(e.grade, e.sector)).filter((p): p is Policy => p !== null);
  let policy = graded.length ? graded.reduce((a, b) => (b.rank < a.rank ? b : a)) : catalogue.policy(UNGRADED);
  const black = facts.entries.some((e) => e.list === "BLACK") ? catalogue.policy(BLACKLISTED) : null;
  if (black) {
    policy = {
      ...black,
      samplingMultiplier: Math.max(black.samplingMultiplier, policy?.samplingMultiplier ?? 0),
      interviewsPerYear: Math.max(black.interviewsPerYear, policy?.interviewsPerYear ?? 0),
      trainingsPerYear: Math.max(black.trainingsPerYear, policy?.trainingsPerYear ?? 0),
    };
  }
  if (!policy) return null;
  const { level, samplingMultiplier, interviewsPerYear, trainingsPerYear } = policy;
  return { level, samplingMultiplier, interviewsPerYear, trainingsPerYear };
}

export function decide(facts: SubjectFacts, catalogue: Catalogue): Verdict {
  const reasons: Reason[] = facts.entries.flatMap((entry) => entryReasons(entry, catalogue));
  for (const e of facts.evaluations) {
    if (catalogue.isLowestGrade(e.grade, e.sector)) {
      reasons.push({ code: "LOWEST_GRADE", effect: "ATTENTION", message: msg("check.lowestGrade", { sector: named("sector", e.sector), year: e.year, grade: e.grade }), entryId: null });
    }
  }
  for (const c of facts.commitments) {
    reasons.push(c.status === BREACHED_COMMITMENT
      ? { code: "COMMITMENT_BREACHED", effect: "ATTENTION", message: msg("check.commitmentBreached", { matter: c.matter }), entryId: null }
      : { code: "COMMITMENT", effect: "FAST_TRACK", message: msg("check.commitment", { matter: c.matter }), entryId: null });
  }
  // Stable sort: most severe first, in the order the facts came within one severity.
  reasons.sort((a, b) => SEVERITY[decisionOf(b.effect)] - SEVERITY[decisionOf(a.effect)]);
  return {
    decision: mostSevere(reasons.map((r) => decisionOf(r.effect))),
    reasons,
    supervision: catalogue.scenario === "ENFORCEMENT" ? supervisionOf(facts, catalogue) : null,
  };
}
