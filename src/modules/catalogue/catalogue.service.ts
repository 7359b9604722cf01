// The measure catalogue and supervision policy: readable by everyone, changed by the credit office.
import type { Database } from "../../db/client.js";
import { AppError } from "../../shared/errors.js";
import type { Policy } from "../check/check.rules.js";
import type { PeriodRule } from "./catalogue.defaults.js";
import { ensureDefaults, listMeasures, listPeriods, listPolicies, type MeasureRow, upsertMeasure, upsertPeriod, upsertPolicy } from "./catalogue.store.js";
import { type Message, msg } from "../../shared/i18n/index.js";

export type { MeasureRow } from "./catalogue.store.js";

export interface MeasureInput {
  list: MeasureRow["list"];
  reason?: string | null;
  scenario: MeasureRow["scenario"];
  effect: MeasureRow["effect"];
  legalBasis: string;
}

const REASON = /^(\*|[A-Z][A-Z0-9_]{1,63})$/;
const bad = (message: Message) => new AppError("BAD_USER_INPUT", message);

export class CatalogueService {
  constructor(private readonly db: Database) {}

  /** Writes the default measures, policy and periods into an empty catalogue (at start). */
  ensureDefaults(): Promise<void> {
    return ensureDefaults(this.db);
  }

  /** In the caller's transaction `db`, when it reads in one. */
  measures(filter: { list?: MeasureRow["list"] | null; scenario?: MeasureRow["scenario"] | null }, db: Database = this.db) {
    return listMeasures(db, filter);
  }

  setMeasure(input: MeasureInput) {
    const reasonCode = input.reason?.trim() || "*";
    if (!REASON.test(reasonCode)) throw bad(msg("input.measureReason"));
    const legalBasis = input.legalBasis.trim();
    if (!legalBasis) throw bad(msg("input.legalBasis"));
    return upsertMeasure(this.db, { list: input.list, reasonCode, scenario: input.scenario, effect: input.effect, legalBasis });
  }

  policies() {
    return listPolicies(this.db);
  }

  setPolicy(input: Policy) {
    if (!/^[A-Z]{1,12}$/.test(input.grade)) throw bad(msg("input.grade"));
    if (!(input.samplingMultiplier >= 0 && input.samplingMultiplier <= 100)) throw bad(msg("input.sampling"));
    if (input.interviewsPerYear < 0 || input.trainingsPerYear < 0) throw bad(msg("input.perYear"));
    return upsertPolicy(this.db, input);
  }

  /** In the caller's transaction `db`, when it runs in one. */
  periods(db: Database = this.db) {
    return listPeriods(db);
  }

  /** ADMIN: publication periods of records taken in from now on (records keep the period they got). */
  setPeriod(input: Omit<PeriodRule, "severity" | "field"> & { severity?: string | null; field?: string | null }) {
    const category = input.category.trim().toUpperCase();
    if (!/^(\*|[A-Z_]{2,32})$/.test(category)) throw bad(msg("input.periodCategory"));
    const severity = input.severity?.trim().toUpperCase() || "*";
    if (!["*", "ORDINARY", "SERIOUS"].includes(severity)) throw bad(msg("input.periodSeverity"));
    if (!Number.isInteger(input.minMonths) || !Number.isInteger(input.maxMonths) || input.minMonths < 0 || input.maxMonths < input.minMonths || input.maxMonths > 120) {
      throw bad(msg("input.months"));
    }
    const basis = input.basis.trim();
    if (!basis) throw bad(msg("input.periodBasis"));
    return upsertPeriod(this.db, { category, severity, field: input.field?.trim() || "*", minMonths: input.minMonths, maxMonths: input.maxMonths, basis });
  }
}
