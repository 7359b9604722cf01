// 异议: a subject disputes a record or a list entry. A disputed record is UNDER_OBJECTION until
// the credit office answers (due in working days); upheld, the record is corrected or revoked
// (a revoked record leaves publication and the entries standing on it end); rejected, it stands.
import type { Principal } from "../../auth/principal.js";
import type { Database } from "../../db/client.js";
import { AppError } from "../../shared/errors.js";
import type { CalendarService } from "../calendar/calendar.service.js";
import { appendChanges, changesByCause } from "../history/history.store.js";
import { endEntriesBasedOn, findTarget, invalidState, moveEntry, moveRecord, type TargetKind } from "../lifecycle/transitions.js";
import type { CreditRecordRow } from "../record/record.store.js";
import type { Reader } from "../subject/subject.service.js";
import { decideOpen, findObjection, insertObjection, type ObjectionRow, openObjectionOn } from "./objection.store.js";
import { isUuid } from "../../shared/ids.js";

/** Working days the credit office has to answer an objection. */
export const ANSWER_WITHIN_WORKING_DAYS = 7;

export interface ObjectionInput { targetKind: TargetKind; targetId: string; reason: string; evidence: string }

const text = (name: string, value: string, max = 4000) => {
  const v = value.trim();
  if (!v || v.length > max) throw new AppError("BAD_USER_INPUT", `${name} must be 1 to ${max} characters`);
  return v;
};

export class ObjectionService {
  constructor(private readonly db: Database, private readonly calendar: CalendarService) {}

  async file(input: ObjectionInput, reader: Reader): Promise<ObjectionRow> {
    const reason = text("reason", input.reason);
    const evidence = text("evidence", input.evidence);
    const answerDue = (await this.calendar.load()).workingDaysAfter(reader.today, ANSWER_WITHIN_WORKING_DAYS);
    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Database;
      // Locked: two objections filed at once must not both find none open.
      const target = await findTarget(db, input.targetKind, input.targetId, { lock: true });
      if (await openObjectionOn(db, target.row.id)) throw invalidState("an objection to this is already under review");
      if (target.kind === "RECORD" && !["PUBLISHED", "CORRECTED"].includes(target.row.status)) {
        throw invalidState(`a ${target.row.status} record cannot be objected to`);
      }
      if (target.kind === "ENTRY" && target.row.status !== "ACTIVE") throw invalidState(`a ${target.row.status} list entry cannot be objected to`);
      const filed = await insertObjection(db, {
        subjectId: target.row.subjectId, targetKind: target.kind, targetId: target.row.id, reason, evidence, filedBy: reader.principal.id, answerDue,
      });
      await appendChanges(db, [{ entity: "OBJECTION", entityId: filed.id, fromStatus: null, toStatus: filed.status, actor: reader.principal.id,
        reason, cause: `objection:${filed.id}`, before: null }]);
      // A disputed record is marked while it is verified; a disputed entry stays in force until decided.
      if (target.kind === "RECORD") {
        await moveRecord(db, target.row, "UNDER_OBJECTION", { actor: reader.principal.id, reason, cause: `objection:${filed.id}` });
      }
      return filed;
    });
  }

  /** ADMIN. `correctedContent` with `upheld`: the record is corrected rather than revoked. */
  async decide(id: string, decision: { upheld: boolean; answer: string; correctedContent?: string | null }, principal: Principal): Promise<ObjectionRow> {
    const answer = text("answer", decision.answer);
    const corrected = decision.correctedContent == null ? null : text("correctedContent", decision.correctedContent, 2000);
    if (corrected && !decision.upheld) throw new AppError("BAD_USER_INPUT", "correctedContent goes with an upheld objection");
    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Database;
      // Not a UUID: no such objection (the database would refuse the comparison).
      const decided = isUuid(id) ? await decideOpen(db, id, { status: decision.upheld ? "UPHELD" : "REJECTED", decidedBy: principal.id, answer }) : null;
      if (!decided) {
        const existing = isUuid(id) ? await findObjection(db, id) : null;
        if (!existing) throw new AppError("NOT_FOUND", "no objection with that id");
        throw invalidState(`the objection was already decided: ${existing.status}`);
      }
      const move = { actor: principal.id, reason: answer, cause: `objection:${id}` };
      await appendChanges(db, [{ entity: "OBJECTION", entityId: id, fromStatus: "UNDER_REVIEW", toStatus: decided.status, ...move, before: null }]);
      const target = await findTarget(db, decided.targetKind as TargetKind, decided.targetId, { lock: true });
      if (target.kind === "RECORD") {
        if (target.row.status !== "UNDER_OBJECTION") throw invalidState(`the record is ${target.row.status}, no longer under objection`);
        // Rejected: the record goes back to what it was when the objection came (PUBLISHED, or CORRECTED by an earlier one).
        const status = !decision.upheld ? await statusBefore(db, id, target.row.id) : corrected ? "CORRECTED" : "REVOKED";
        await moveRecord(db, target.row, status, move, corrected ?? undefined);
        if (status === "REVOKED") await endEntriesBasedOn(db, target.row, "REVOKED", move);
      } else if (corrected) {
        throw new AppError("BAD_USER_INPUT", "correctedContent goes with an objection to a record; an upheld objection to a list entry revokes it");
      } else if (decision.upheld && target.row.status === "ACTIVE") {
        await moveEntry(db, target.row, "REVOKED", move);
      }
      return decided;
    });
  }
}

/** The status a record had when this objection put it UNDER_OBJECTION. */
async function statusBefore(db: Database, objectionId: string, recordId: string): Promise<CreditRecordRow["status"]> {
  const marked = (await changesByCause(db, `objection:${objectionId}`))
    .find((c) => c.entity === "RECORD" && c.entityId === recordId && c.toStatus === "UNDER_OBJECTION");
  return (marked?.fromStatus as CreditRecordRow["status"] | undefined) ?? "PUBLISHED";
}
