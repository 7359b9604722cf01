// 信用修复: a subject that has corrected its behaviour and committed to keep faith asks for a
// record's publication, or a list entry's measures, to stop. Refused without a repair commitment
// (COMMITMENT_REQUIRED) or before the minimum period (TOO_EARLY); reviewed within 10 working
// days; approved, it takes effect at once; a wrong approval can be reversed, restoring all of it.
// What may be repaired, and where approval and reversal take it, is the register's table.
import type { Principal } from "../../auth/principal.js";
import type { Database } from "../../db/client.js";
import { AppError } from "../../shared/errors.js";
import { isUuid } from "../../shared/ids.js";
import type { CalendarService } from "../calendar/calendar.service.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import type { CommitmentService } from "../commitment/commitment.service.js";
import { addMonths, periodFor } from "../record/periods.js";
import { enter, findTarget, invalidState, move, type Target, undoCause } from "../register/register.service.js";
import { initialStatus, mayBeRepaired, refusal, type TargetKind } from "../register/register.states.js";
import type { RuleAct, RulesService } from "../rules/rules.service.js";
import type { Reader } from "../subject/subject.service.js";
import { findRepair, insertRepair, pendingRepairOn, type RepairRow } from "./repair.store.js";
import { msg } from "../../shared/i18n/index.js";

/** Working days the credit office has to review a repair application. */
export const REVIEW_WITHIN_WORKING_DAYS = 10;

export interface RepairInput { targetKind: TargetKind; targetId: string; commitmentId?: string | null; reason: string }

const text = (name: string, value: string, max = 4000) => {
  const v = value.trim();
  if (!v || v.length > max) throw new AppError("BAD_USER_INPUT", msg("error.length", { field: name, max }));
  return v;
};

/** A record or entry the table lets a repair stop (a published or corrected record, an entry in force). */
function assertRepairable(target: Target): void {
  const repairable = target.kind === "RECORD" ? mayBeRepaired("RECORD", target.row.status) : mayBeRepaired("ENTRY", target.row.status);
  if (!repairable) throw invalidState(refusal(target.kind, target.row.status, "REPAIR_APPROVED"));
}

export class RepairService {
  constructor(
    private readonly db: Database, private readonly calendar: CalendarService,
    private readonly commitments: CommitmentService, private readonly catalogue: CatalogueService, private readonly rules: RulesService,
  ) {}

  async apply(input: RepairInput, reader: Reader): Promise<RepairRow> {
    const reason = text("reason", input.reason);
    const reviewDue = (await this.calendar.load()).workingDaysAfter(reader.today, REVIEW_WITHIN_WORKING_DAYS);
    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Database;
      // Locked: two applications at once must not both find none pending.
      const target = await findTarget(db, input.targetKind, input.targetId, { lock: true });
      assertRepairable(target);
      if (await pendingRepairOn(db, target.row.id)) throw invalidState(msg("state.repairUnderReview"));
      const commitmentId = input.commitmentId?.trim() || null;
      if (commitmentId && !isUuid(commitmentId)) throw new AppError("BAD_USER_INPUT", msg("repair.notACommitment"));
      const commitment = await this.commitments.repairCommitment(target.row.subjectId, reader.today, commitmentId, db);
      if (!commitment) throw new AppError("COMMITMENT_REQUIRED", msg("repair.commitmentRequired"));
      const earliest = await this.earliestRepair(db, target);
      if (earliest && reader.today < earliest) {
        throw new AppError("TOO_EARLY", msg("repair.tooEarly", { earliest }), { earliest });
      }
      const applied = await insertRepair(db, {
        subjectId: target.row.subjectId, targetKind: target.kind, targetId: target.row.id, commitmentId: commitment.id, reason,
        appliedBy: reader.principal.id, reviewDue, status: initialStatus("REPAIR", "REPAIR_APPLIED"),
      });
      await enter(db, "REPAIR", applied, "REPAIR_APPLIED", { actor: reader.principal.id, reason, cause: `repair:${applied.id}` });
      return applied;
    });
  }

  /** ADMIN. Approved: publication stops and the measures end at once. */
  async decide(id: string, decision: { approved: boolean; reason: string }, principal: Principal): Promise<RepairRow & { ruleActs: RuleAct[] }> {
    const reason = text("reason", decision.reason);
    const event = decision.approved ? "REPAIR_APPROVED" : "REPAIR_REFUSED";
    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Database;
      const because = { actor: principal.id, reason, cause: `repair:${id}` };
      const decided = await move(db, "REPAIR", await this.find(db, id), event, {
        ...because, values: { decidedBy: principal.id, decidedAt: new Date(), decisionReason: reason },
      });
      let ruleActs: RuleAct[] = [];
      if (decision.approved) {
        // The target may have moved since the application (an objection filed, upheld): the table approves only what can still be repaired.
        const target = await findTarget(db, decided.targetKind as TargetKind, decided.targetId, { lock: true });
        if (target.kind === "RECORD") await move(db, "RECORD", target.row, event, because);
        else await move(db, "ENTRY", target.row, event, because);
        if (target.kind === "RECORD") ruleActs = await this.rules.reconsiderRecords(db, [target.row.id], because);
      }
      return { ...decided, ruleActs };
    });
  }

  /** ADMIN: a wrong repair is undone; publication and measures come back as they were. */
  async reverse(id: string, reason: string, principal: Principal): Promise<RepairRow & { ruleActs: RuleAct[] }> {
    const why = text("reason", reason);
    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Database;
      const because = { actor: principal.id, reason: why, cause: `repair-reversal:${id}` };
      const reversed = await move(db, "REPAIR", await this.find(db, id), "REPAIR_REVERSED", {
        ...because, values: { reversedBy: principal.id, reversedAt: new Date(), reversalReason: why },
      });
      await undoCause(db, `repair:${id}`, "REPAIR_REVERSED", because);
      const ruleActs = reversed.targetKind === "RECORD" ? await this.rules.reconsiderRecords(db, [reversed.targetId], because) : [];
      return { ...reversed, ruleActs };
    });
  }

  private async find(db: Database, id: string): Promise<RepairRow> {
    const row = isUuid(id) ? await findRepair(db, id) : null;
    if (!row) throw new AppError("NOT_FOUND", msg("notFound.repair"));
    return row;
  }

  /** The end of the minimum period: the record's own, or an entry's by its list. */
  private async earliestRepair(db: Database, target: Target): Promise<string | null> {
    if (target.kind === "RECORD") return target.row.publicationMinEnds;
    const period = periodFor(await this.catalogue.periods(db), { category: `LIST_${target.row.list}` });
    return period ? addMonths(target.row.effectiveFrom, period.minMonths) : null;
  }
}
