// 信用修复: a subject that has corrected its behaviour and committed to keep faith asks for a
// record's publication, or a list entry's measures, to stop. Refused without a repair commitment
// (COMMITMENT_REQUIRED) or before the minimum period (TOO_EARLY); reviewed within 10 working
// days; approved, it takes effect at once; a wrong approval can be reversed, restoring all of it.
import type { Principal } from "../../auth/principal.js";
import type { Database } from "../../db/client.js";
import { AppError } from "../../shared/errors.js";
import type { CalendarService } from "../calendar/calendar.service.js";
import { listPeriods } from "../catalogue/catalogue.store.js";
import { appendChanges } from "../history/history.store.js";
import { endEntriesBasedOn, findTarget, invalidState, moveEntry, moveRecord, type Target, type TargetKind, undoCause } from "../lifecycle/transitions.js";
import { addMonths, periodFor } from "../record/periods.js";
import type { Reader } from "../subject/subject.service.js";
import { findRepair, insertRepair, pendingRepairOn, repairCommitment, type RepairRow, transition } from "./repair.store.js";
import { isUuid } from "../../shared/ids.js";

/** Working days the credit office has to review a repair application. */
export const REVIEW_WITHIN_WORKING_DAYS = 10;

export interface RepairInput { targetKind: TargetKind; targetId: string; commitmentId?: string | null; reason: string }

const text = (name: string, value: string, max = 4000) => {
  const v = value.trim();
  if (!v || v.length > max) throw new AppError("BAD_USER_INPUT", `${name} must be 1 to ${max} characters`);
  return v;
};

/** A published (or corrected) record, or an entry in force: what a repair can stop. */
function assertRepairable(target: Target): void {
  const repairable = target.kind === "RECORD" ? ["PUBLISHED", "CORRECTED"].includes(target.row.status) : target.row.status === "ACTIVE";
  if (!repairable) throw invalidState(`a ${target.row.status} ${target.kind === "RECORD" ? "record" : "list entry"} cannot be repaired`);
}

export class RepairService {
  constructor(private readonly db: Database, private readonly calendar: CalendarService) {}

  async apply(input: RepairInput, reader: Reader): Promise<RepairRow> {
    const reason = text("reason", input.reason);
    const reviewDue = (await this.calendar.load()).workingDaysAfter(reader.today, REVIEW_WITHIN_WORKING_DAYS);
    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Database;
      // Locked: two applications at once must not both find none pending.
      const target = await findTarget(db, input.targetKind, input.targetId, { lock: true });
      assertRepairable(target);
      if (await pendingRepairOn(db, target.row.id)) throw invalidState("a repair of this is already under review");
      const commitmentId = input.commitmentId?.trim() || null;
      if (commitmentId && !isUuid(commitmentId)) throw new AppError("BAD_USER_INPUT", "commitmentId is not a commitment id");
      const commitment = await repairCommitment(db, target.row.subjectId, reader.today, commitmentId);
      if (!commitment) throw new AppError("COMMITMENT_REQUIRED", "a repair needs the subject's signed repair commitment (registerCommitment, kind REPAIR) in force");
      const earliest = await this.earliestRepair(db, target);
      if (earliest && reader.today < earliest) {
        throw new AppError("TOO_EARLY", `the minimum publication period runs until ${earliest}: repair can be applied for from then on`, { earliest });
      }
      const applied = await insertRepair(db, {
        subjectId: target.row.subjectId, targetKind: target.kind, targetId: target.row.id, commitmentId: commitment.id, reason,
        appliedBy: reader.principal.id, reviewDue,
      });
      await appendChanges(db, [{ entity: "REPAIR", entityId: applied.id, fromStatus: null, toStatus: "PENDING", actor: reader.principal.id,
        reason, cause: `repair:${applied.id}`, before: null }]);
      return applied;
    });
  }

  /** ADMIN. Approved: publication stops and the measures end at once. */
  async decide(id: string, decision: { approved: boolean; reason: string }, principal: Principal): Promise<RepairRow> {
    const reason = text("reason", decision.reason);
    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Database;
      const status = decision.approved ? "APPROVED" : "REFUSED";
      const decided = (isUuid(id) ? await transition(db, id, "PENDING", { status, decidedBy: principal.id, decidedAt: new Date(), decisionReason: reason }) : null)
        ?? (await this.refuseTransition(db, id, "PENDING"));
      const move = { actor: principal.id, reason, cause: `repair:${id}` };
      await appendChanges(db, [{ entity: "REPAIR", entityId: id, fromStatus: "PENDING", toStatus: status, ...move, before: null }]);
      if (decision.approved) {
        // The target may have moved since the application (an objection filed, upheld): approve only what can still be repaired.
        const target = await findTarget(db, decided.targetKind as TargetKind, decided.targetId, { lock: true });
        assertRepairable(target);
        if (target.kind === "RECORD") {
          await moveRecord(db, target.row, "REPAIRED", move);
          await endEntriesBasedOn(db, target.row, "REPAIRED", move);
        } else {
          await moveEntry(db, target.row, "REPAIRED", move);
        }
      }
      return decided;
    });
  }

  /** ADMIN: a wrong repair is undone; publication and measures come back as they were. */
  async reverse(id: string, reason: string, principal: Principal): Promise<RepairRow> {
    const why = text("reason", reason);
    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Database;
      const reversed = (isUuid(id) ? await transition(db, id, "APPROVED", { status: "REVERSED", reversedBy: principal.id, reversedAt: new Date(), reversalReason: why }) : null)
        ?? (await this.refuseTransition(db, id, "APPROVED"));
      await undoCause(db, `repair:${id}`, { actor: principal.id, reason: why, cause: `repair-reversal:${id}` });
      await appendChanges(db, [{ entity: "REPAIR", entityId: id, fromStatus: "APPROVED", toStatus: "REVERSED", actor: principal.id,
        reason: why, cause: `repair-reversal:${id}`, before: null }]);
      return reversed;
    });
  }

  private async refuseTransition(db: Database, id: string, expected: string): Promise<never> {
    const existing = isUuid(id) ? await findRepair(db, id) : null;
    if (!existing) throw new AppError("NOT_FOUND", "no repair with that id");
    throw invalidState(`the repair is ${existing.status}, not ${expected}`);
  }

  /** The end of the minimum period: the record's own, or an entry's by its list. */
  private async earliestRepair(db: Database, target: Target): Promise<string | null> {
    if (target.kind === "RECORD") return target.row.publicationMinEnds;
    const period = periodFor(await listPeriods(db), { category: `LIST_${target.row.list}` });
    return period ? addMonths(target.row.effectiveFrom, period.minMonths) : null;
  }
}
