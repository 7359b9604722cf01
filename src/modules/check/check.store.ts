// The SQL of a check: ONE statement whatever the batch size, so that the subjects, their facts,
// the scenario's measures, the supervision policy and the data version all come from one snapshot
// (the version names exactly the state the decision was made on).
import { type Placeholder, sql, type SQL } from "drizzle-orm";
import type { Prepare } from "../../db/client.js";
import { activeEntry, statusIn } from "../register/register.predicates.js";
import { BREACHED_COMMITMENT, IN_FORCE } from "../register/register.states.js";
import { catalogueVersion, commitment, evaluation, gradeScale, listEntry, measure, registerVersion, subject, supervisionPolicy } from "../../db/schema.js";
import type { CommitmentFact, EntryFact, EvaluationFact, MeasureRule, Policy, Scale } from "./check.rules.js";

type SubjectRow = typeof subject.$inferSelect;

export interface CheckRef {
  kind: SubjectRow["kind"];
  /** The stored identifier: canonical, or a person's lookup key. */
  key: string;
}

export type CheckedSubject = SubjectRow & {
  entries: (EntryFact & { subjectId: string; authority: string; effectiveFrom: string; effectiveUntil: string | null; status: string })[];
  evaluations: EvaluationFact[];
  commitments: CommitmentFact[];
};

export interface CheckSnapshot {
  version: string;
  measures: MeasureRule[];
  policies: Policy[];
  /** Each sector's grades, best first (grade_scale). */
  scales: Scale[];
  subjects: CheckedSubject[];
}

const PLACEHOLDERS = {
  kinds: sql.placeholder("kinds"), keys: sql.placeholder("keys"), scenario: sql.placeholder("scenario"), today: sql.placeholder("today"),
  known: sql.placeholder("known"),
};

/** What the statement answers: the catalogue parts null when the caller's `known` catalogue version is the current one. */
type Row = Omit<CheckSnapshot, "measures" | "policies" | "scales"> & {
  catalogue: string; measures: MeasureRule[] | null; policies: Policy[] | null; scales: Scale[] | null;
};

/**
 * The check's statement, its values left as placeholders (an array placeholder stays one parameter).
 * The catalogue (measures, supervision policy, grade scales) is read only when `known` is not the
 * catalogue version of this snapshot: a process keeps what it read, and a change made by any process
 * is seen by the next check, which finds the version moved.
 */
function checkStatement(opts: Record<"kinds" | "keys" | "scenario" | "today" | "known", Placeholder>, sealed: boolean): SQL {
  const { kinds, keys } = opts;
  const entries = sql`select coalesce(json_agg(json_build_object(
      'id', ${listEntry.id}, 'subjectId', ${listEntry.subjectId}, 'list', ${listEntry.list}, 'reasonCode', ${listEntry.reasonCode},
      'reasonText', ${listEntry.reasonText}, 'authority', ${listEntry.authority}, 'effectiveFrom', ${listEntry.effectiveFrom},
      'effectiveUntil', ${listEntry.effectiveUntil}, 'status', ${listEntry.status}, 'rule', ${listEntry.rule}, 'source', ${listEntry.source}) order by ${listEntry.effectiveFrom} desc), '[]')
    from ${listEntry} where ${listEntry.subjectId} = s.id and ${activeEntry(opts.today)}`;
  const evaluations = sql`select coalesce(json_agg(json_build_object('sector', e.sector, 'year', e.year, 'grade', e.grade)), '[]')
    from (select distinct on (${evaluation.sector}) ${evaluation.sector}, ${evaluation.year}, ${evaluation.grade}
          from ${evaluation} where ${evaluation.subjectId} = s.id order by ${evaluation.sector}, ${evaluation.year} desc, ${evaluation.updatedAt} desc) e`;
  const commitments = sql`select coalesce(json_agg(json_build_object('id', ${commitment.id}, 'matter', ${commitment.matter}, 'status', ${commitment.status})), '[]')
    from ${commitment} where ${commitment.subjectId} = s.id
      and (${statusIn(commitment.status, [BREACHED_COMMITMENT])}
        or (${statusIn(commitment.status, IN_FORCE.COMMITMENT)} and (${commitment.validUntil} is null or ${commitment.validUntil} >= ${opts.today})))`;
  const current = sql`(select ${catalogueVersion.version} from ${catalogueVersion} where ${catalogueVersion.id} = 1)`;
  const unlessKnown = (part: SQL) => sql`case when ${opts.known}::bigint = ${current} then null else (${part}) end`;
  return sql`
    select
      (select ${registerVersion.version}::text from ${registerVersion} where ${registerVersion.id} = 1) as version,
      ${current}::text as catalogue,
      ${unlessKnown(sql`select coalesce(json_agg(json_build_object('list', ${measure.list}, 'reasonCode', ${measure.reasonCode}, 'effect', ${measure.effect},
         'legalBasis', ${measure.legalBasis})), '[]') from ${measure} where ${measure.scenario} = ${opts.scenario}`)} as measures,
      ${unlessKnown(sql`select coalesce(json_agg(json_build_object('grade', p.grade, 'rank', p.rank, 'level', p.level,
         'samplingMultiplier', p.sampling_multiplier, 'interviewsPerYear', p.interviews_per_year, 'trainingsPerYear', p.trainings_per_year)), '[]')
         from ${supervisionPolicy} p`)} as policies,
      ${unlessKnown(sql`select coalesce(json_agg(json_build_object('sector', ${gradeScale.sector}, 'grades', ${gradeScale.grades})), '[]') from ${gradeScale}`)} as scales,
      (select coalesce(json_agg(json_build_object(
         'id', s.id, 'kind', s.kind, 'identifier', s.identifier, 'name', s.name,
         'region', s.region, 'sectors', s.sectors, 'plateColor', s.plate_color, ${sealedColumns(sealed)}
         'entries', (${entries}), 'evaluations', (${evaluations}), 'commitments', (${commitments}))), '[]')
       from ${subject} s
       join unnest(${kinds}::text[]::subject_kind[], ${keys}::text[]) as r(kind, key)
         on s.kind = r.kind and s.identifier = r.key) as subjects`;
}

/**
 * The sealed columns (a person's ID number, the contacts) as the answer needs them: read only when
 * it serves them, else null (JSON building and parsing them was a good part of a large check's cost).
 */
const sealedColumns = (sealed: boolean): SQL => (sealed
  ? sql`'identifierSealed', s.identifier_sealed, 'legalRepresentative', s.legal_representative, 'phone', s.phone, 'address', s.address,`
  : sql`'identifierSealed', null, 'legalRepresentative', null, 'phone', null, 'address', null,`);

/** A scenario's catalogue as one catalogue version had it; the same objects are given to every check while it holds. */
interface KnownCatalogue { version: string; measures: MeasureRule[]; policies: Policy[]; scales: Scale[] }

/**
 * The check's statements (with and without the sealed columns) rendered once; each call fills its
 * values and runs one prepared. The catalogue each scenario was last read with is kept, and read
 * again by the same statement when its version has moved.
 */
export function checkReader(prepare: Prepare) {
  const statements = { true: prepare<Row>(checkStatement(PLACEHOLDERS, true)), false: prepare<Row>(checkStatement(PLACEHOLDERS, false)) };
  const known = new Map<string, KnownCatalogue>();
  return async (opts: { refs: CheckRef[]; scenario: string; today: string; sealed?: boolean }): Promise<CheckSnapshot> => {
    const run = statements[opts.sealed === false ? "false" : "true"];
    const held = known.get(opts.scenario);
    const [row] = await run({
      kinds: opts.refs.map((r) => r.kind), keys: opts.refs.map((r) => r.key), scenario: opts.scenario, today: opts.today, known: held?.version ?? "-1",
    });
    const { catalogue, measures, policies, scales, ...rest } = row!;
    let now = held;
    if (measures === null || policies === null || scales === null) {
      // Only ever null when `held` is this snapshot's catalogue.
      if (!held || held.version !== catalogue) throw new Error(`check: catalogue ${catalogue} answered as known, held ${held?.version ?? "none"}`);
    } else {
      now = { version: catalogue, measures, scales, policies: policies.map((p) => ({ ...p, samplingMultiplier: Number(p.samplingMultiplier) })) };
      known.set(opts.scenario, now);
    }
    return { ...rest, measures: now!.measures, policies: now!.policies, scales: now!.scales };
  };
}

