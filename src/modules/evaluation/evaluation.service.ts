// Yearly grades (信用评价) from the evaluating systems, and the grade scale of each sector. A grade
// is public the moment it is taken in; re-sending the same (source system, sector, year, subject)
// with the same grade changes nothing, a changed grade updates it and the audit event keeps the
// grade it replaced. A grade outside its sector's scale refuses the whole batch.
import type { Database } from "../../db/client.js";
import { AppError, IdentifierError } from "../../shared/errors.js";
import { type Message, msg } from "../../shared/i18n/index.js";
import { parseIdentifier } from "../../shared/identifiers.js";
import type { Protector } from "../../shared/protect.js";
import { checkRegion } from "../../shared/regions.js";
import { regionFromIdentifier } from "../record/record.service.js";
import type { Reader, SubjectRefInput, SubjectService } from "../subject/subject.service.js";
import type { GradeScaleRule } from "./evaluation.defaults.js";
import {
  ensureGradeScales, type EvaluationRow, evaluationsByKeys, type GradeScaleRow, listGradeScales, type NewEvaluation, upsertEvaluations, upsertGradeScale,
} from "./evaluation.store.js";

const MAX_BATCH = 1000;
/** The first year a grade may be for: the national credit evaluation rules date from 2009. */
const FIRST_YEAR = 2000;
const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;
const GRADE = /^[A-Z][A-Z0-9+-]{0,11}$/;

export interface EvaluationInput {
  subject: SubjectRefInput;
  subjectName: string;
  region?: string | null;
  sector: string;
  year: number;
  grade: string;
  evaluator: string;
  sourceSystem: string;
}

/** One grade that came in or changed: what the audit event of the intake keeps. */
export interface GradeChange { subjectId: string; sourceSystem: string; sector: string; year: number; from: string | null; to: string }

export interface SubmitEvaluationsResult {
  created: number;
  updated: number;
  unchanged: number;
  evaluations: EvaluationRow[];
  changes: GradeChange[];
}

const bad = (index: number, message: Message) => new AppError("BAD_USER_INPUT", msg("evaluation.index", { index: index + 1, message }), { index });
const required = (index: number, name: string, value: string | null | undefined, max: number) => {
  const v = value?.trim() ?? "";
  if (!v || v.length > max) throw bad(index, msg("error.length", { field: name, max }));
  return v;
};
const keyOf = (e: Pick<NewEvaluation, "sourceSystem" | "subjectId" | "sector" | "year">) => `${e.sourceSystem}|${e.subjectId}|${e.sector}|${e.year}`;

export class EvaluationService {
  constructor(private readonly db: Database, private readonly protector: Protector, private readonly subjects: SubjectService) {}

  /** Writes the default scales into an empty table (at start). */
  ensureDefaults(): Promise<void> {
    return ensureGradeScales(this.db);
  }

  scales(): Promise<GradeScaleRow[]> {
    return listGradeScales(this.db);
  }

  /** ADMIN: a sector's grades, best first. Grades already given keep their letters; new intake is held to the new scale. */
  setScale(input: GradeScaleRule): Promise<GradeScaleRow> {
    const sector = input.sector.trim().toUpperCase();
    if (!CODE.test(sector)) throw new AppError("BAD_USER_INPUT", msg("evaluation.sectorCode"));
    const name = input.name.trim();
    if (!name || name.length > 100) throw new AppError("BAD_USER_INPUT", msg("error.length", { field: "name", max: 100 }));
    const grades = input.grades.map((g) => g.trim().toUpperCase());
    if (grades.length < 2 || grades.length > 12 || !grades.every((g) => GRADE.test(g)) || new Set(grades).size !== grades.length) {
      throw new AppError("BAD_USER_INPUT", msg("evaluation.scaleGrades"));
    }
    const basis = input.basis.trim();
    if (!basis || basis.length > 500) throw new AppError("BAD_USER_INPUT", msg("evaluation.scaleBasis"));
    return upsertGradeScale(this.db, { sector, name, grades, basis });
  }

  async submit(inputs: EvaluationInput[], reader: Reader): Promise<SubmitEvaluationsResult> {
    if (inputs.length === 0) throw new AppError("BAD_USER_INPUT", msg("evaluation.none"));
    if (inputs.length > MAX_BATCH) throw new AppError("LIMIT_EXCEEDED", msg("evaluation.tooMany", { max: MAX_BATCH, count: inputs.length }));
    const scales = new Map((await listGradeScales(this.db)).map((s) => [s.sector, s]));
    const thisYear = Number(reader.today.slice(0, 4));

    const prepared = inputs.map((input, i) => {
      const identifier = withIndex(i, () => parseIdentifier(input.subject.kind, input.subject.identifier, { plateColor: input.subject.plateColor }));
      const sector = input.sector?.trim().toUpperCase() ?? "";
      const scale = scales.get(sector);
      if (!scale) throw bad(i, msg("evaluation.sector", { sector: input.sector, sectors: [...scales.keys()].join(", ") }));
      const grade = input.grade?.trim().toUpperCase() ?? "";
      if (!scale.grades.includes(grade)) throw bad(i, msg("evaluation.grade", { grade: input.grade, sector: scale.name, grades: scale.grades.join(" / ") }));
      if (!Number.isInteger(input.year) || input.year < FIRST_YEAR || input.year > thisYear) {
        throw bad(i, msg("evaluation.year", { first: FIRST_YEAR, last: thisYear }));
      }
      const region = withIndex(i, () => checkRegion(input.region)) ?? regionFromIdentifier(input.subject.kind, identifier);
      if (!region || region.length !== 6) throw bad(i, msg("input.regionNeeded"));
      const key = input.subject.kind === "PERSON" ? this.protector.lookupKey(identifier) : identifier;
      return {
        subject: { kind: input.subject.kind, identifier: key, identifierSealed: input.subject.kind === "PERSON" ? this.protector.seal(identifier) : null,
          name: required(i, "subjectName", input.subjectName, 200), region },
        sector, year: input.year, grade,
        evaluator: required(i, "evaluator", input.evaluator, 200), sourceSystem: required(i, "sourceSystem", input.sourceSystem, 100),
      };
    });
    const seen = new Set<string>();
    for (const [i, p] of prepared.entries()) {
      const key = `${p.sourceSystem}|${p.subject.kind}|${p.subject.identifier}|${p.sector}|${p.year}`;
      if (seen.has(key)) throw bad(i, msg("evaluation.duplicate"));
      seen.add(key);
    }

    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Database;
      const ids = await this.subjects.ensure(prepared.map((p) => p.subject), db);
      const rows = prepared.map(({ subject, ...e }): NewEvaluation => ({ ...e, subjectId: ids.get(`${subject.kind}|${subject.identifier}`)! }));
      const existing = new Map((await evaluationsByKeys(db, rows)).map((r) => [keyOf(r), r]));
      const written = new Map((await upsertEvaluations(db, rows)).map((r) => [keyOf(r), r]));
      const result: SubmitEvaluationsResult = { created: 0, updated: 0, unchanged: 0, evaluations: [], changes: [] };
      for (const row of rows) {
        const old = existing.get(keyOf(row)) ?? null;
        const fresh = written.get(keyOf(row));
        if (!fresh) {
          result.unchanged++;
          result.evaluations.push(old!);
          continue;
        }
        if (old) result.updated++;
        else result.created++;
        result.evaluations.push(fresh);
        result.changes.push({ subjectId: fresh.subjectId, sourceSystem: fresh.sourceSystem, sector: fresh.sector, year: fresh.year, from: old?.grade ?? null, to: fresh.grade });
      }
      return result;
    });
  }
}

/** An invalid identifier or region says which evaluation of the batch it is. */
function withIndex<T>(index: number, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof IdentifierError) throw new IdentifierError(error.rule, msg("evaluation.index", { index: index + 1, message: error.text }));
    if (error instanceof AppError) throw new AppError(error.code, msg("evaluation.index", { index: index + 1, message: error.text }), { index });
    throw error;
  }
}
