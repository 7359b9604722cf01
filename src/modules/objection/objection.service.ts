// 异议: a subject disputes a record or a list entry. A disputed record is UNDER_OBJECTION until
// the credit office answers (due in working days); upheld, the record is corrected or revoked
// (a revoked record leaves publication and the entries standing on it end); rejected, it stands.
// Which states may be disputed, and where each answer takes them, is the register's table.
import type { Principal } from "../../auth/principal.js";
import type { Database } from "../../db/client.js";
import { AppError } from "../../shared/errors.js";
import { isUuid } from "../../shared/ids.js";
import type { CalendarService } from "../calendar/calendar.service.js";
import { assertAllows, enter, findTarget, invalidState, move, statusBefore } from "../register/register.service.js";
import { allows, type Event, initialStatus, type TargetKind } from "../register/register.states.js";
import type { RuleAct, RulesService } from "../rules/rules.service.js";
import type { Reader } from "../subject/subject.service.js";
import { findObjection, insertObjection, type ObjectionRow, openObjectionOn } from "./objection.store.js";
import { msg } from "../../shared/i18n/index.js";

/** Working days the credit office has to answer an objection. */
export const ANSWER_WITHIN_WORKING_DAYS = 7;

export interface ObjectionInput { targetKind: TargetKind; targetId: string; reason: string; evidence: string }

const text = (name: string, value: string, max = 4000) => {
  const v = value.trim();
  if (!v || v.length > max) throw new AppError("BAD_USER_INPUT", msg("error.length", { field: name, max }));
  return v;
};

export class ObjectionService {
  constructor(private readonly db: Database, private readonly calendar: CalendarService, private readonly rules: RulesService) {}

  async file(input: ObjectionInput, reader: Reader): Promise<ObjectionRow> {
    const reason = text("reason", input.reason);
    const evidence = text("evidence", input.evidence);
    const answerDue = (await this.calendar.load()).workingDaysAfter(reader.today, ANSWER_WITHIN_WORKING_DAYS);
    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Database;
      // Locked: two objections filed at once must not both find none open.
      const target = await findTarget(db, input.targetKind, input.targetId, { lock: true });
      if (await openObjectionOn(db, target.row.id)) throw invalidState(msg("state.objectionUnderReview"));
      if (target.kind === "RECORD") assertAllows("RECORD", target.row, "OBJECTION_FILED");
      else assertAllows("ENTRY", target.row, "OBJECTION_FILED");
      const filed = await insertObjection(db, {
        subjectId: target.row.subjectId, targetKind: target.kind, targetId: target.row.id, reason, evidence, filedBy: reader.principal.id, answerDue,
        status: initialStatus("OBJECTION", "OBJECTION_FILED"),
      });
      const because = { actor: reader.principal.id, reason, cause: `objection:${filed.id}` };
      await enter(db, "OBJECTION", filed, "OBJECTION_FILED", because);
      // A disputed record is marked while it is verified; a disputed entry stays in force until decided (the table moves it nowhere).
      if (target.kind === "RECORD") await move(db, "RECORD", target.row, "OBJECTION_FILED", because);
      return filed;
    });
  }

  /** ADMIN. `correctedContent` with `upheld`: the record is corrected rather than revoked. */
  /** `ruleActs`: what the listing rules did on the changed facts, for the audit event. */
  async decide(id: string, decision: { upheld: boolean; answer: string; correctedContent?: string | null }, principal: Principal): Promise<ObjectionRow & { ruleActs: RuleAct[] }> {
    const answer = text("answer", decision.answer);
    const corrected = decision.correctedContent == null ? null : text("correctedContent", decision.correctedContent, 2000);
    if (corrected && !decision.upheld) throw new AppError("BAD_USER_INPUT", msg("input.correctedUpheld"));
    const event: Event = !decision.upheld ? "OBJECTION_REJECTED" : corrected ? "OBJECTION_UPHELD_CORRECT" : "OBJECTION_UPHELD_REVOKE";
    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Database;
      // Not a UUID: no such objection (the database would refuse the comparison).
      const open = isUuid(id) ? await findObjection(db, id) : null;
      if (!open) throw new AppError("NOT_FOUND", msg("notFound.objection"));
      const because = { actor: principal.id, reason: answer, cause: `objection:${id}` };
      const decided = await move(db, "OBJECTION", open, event, {
        ...because, values: { decidedBy: principal.id, answer, decidedAt: new Date() },
      });
      const target = await findTarget(db, decided.targetKind as TargetKind, decided.targetId, { lock: true });
      let ruleActs: RuleAct[] = [];
      if (target.kind === "RECORD") {
        // Rejected: the record goes back to what it was when the objection came (PUBLISHED, or CORRECTED by an earlier one).
        const to = event === "OBJECTION_REJECTED" ? (await statusBefore(db, "RECORD", target.row.id, because.cause, "UNDER_OBJECTION")) ?? "PUBLISHED" : undefined;
        await move(db, "RECORD", target.row, event, { ...because, to, values: corrected ? { content: corrected } : {} });
        // The facts changed: the listing rules look again at every subject the record concerns.
        if (decision.upheld) ruleActs = await this.rules.reconsiderRecords(db, [target.row.id], because);
      } else if (corrected) {
        throw new AppError("BAD_USER_INPUT", msg("input.correctedRecord"));
      } else if (decision.upheld && allows("ENTRY", target.row.status, event)) {
        await move(db, "ENTRY", target.row, event, because);
      }
      return { ...decided, ruleActs };
    });
  }
}
