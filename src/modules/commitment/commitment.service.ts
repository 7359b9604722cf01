// 信用承诺: licensing and repair commitments are registered for a subject and are always public;
// a breach is recorded, kept in the history, and counts against the subject in checks.
import type { Principal } from "../../auth/principal.js";
import type { Database } from "../../db/client.js";
import { AppError } from "../../shared/errors.js";
import { isUuid } from "../../shared/ids.js";
import { isoDay } from "../record/periods.js";
import { enter, move } from "../register/register.service.js";
import { initialStatus } from "../register/register.states.js";
import type { Reader, SubjectRefInput, SubjectService } from "../subject/subject.service.js";
import { type CommitmentRow, findCommitment, insertCommitment, repairCommitmentOf } from "./commitment.store.js";
import { msg } from "../../shared/i18n/index.js";

export interface CommitmentInput {
  ref: SubjectRefInput;
  kind: CommitmentKind;
  matter: string;
  content: string;
  signedAt: Date;
  /** YYYY-MM-DD, or the Date the GraphQL Date scalar parses it to. */
  validUntil?: string | Date | null;
}

/** What a commitment is given for: a licensing matter (信用承诺制审批) or a credit repair. */
export const COMMITMENT_KINDS = ["LICENSING", "REPAIR"] as const;
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];
const KINDS: readonly string[] = COMMITMENT_KINDS;

const text = (name: string, value: string, max = 4000) => {
  const v = value.trim();
  if (!v || v.length > max) throw new AppError("BAD_USER_INPUT", msg("error.length", { field: name, max }));
  return v;
};

export class CommitmentService {
  constructor(private readonly db: Database, private readonly subjects: SubjectService) {}

  async register(input: CommitmentInput, reader: Reader): Promise<CommitmentRow> {
    const kind = input.kind?.trim().toUpperCase();
    if (!KINDS.includes(kind)) throw new AppError("BAD_USER_INPUT", msg("input.commitmentKind", { kinds: KINDS.join(", ") }));
    const matter = text("matter", input.matter, 500);
    const content = text("content", input.content);
    if (input.signedAt > new Date()) throw new AppError("BAD_USER_INPUT", msg("input.signedAt"));
    const validUntil = input.validUntil ? isoDay(input.validUntil) : null;
    if (validUntil && validUntil < reader.today) throw new AppError("BAD_USER_INPUT", msg("input.validUntilPast"));
    const subject = await this.subjects.byRef(input.ref, reader, true);
    if (!subject) throw new AppError("NOT_FOUND", msg("notFound.subject"));
    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Database;
      const row = await insertCommitment(db, {
        subjectId: subject.id, kind, matter, content, signedAt: input.signedAt, validUntil, status: initialStatus("COMMITMENT", "COMMITMENT_REGISTERED"),
      });
      await enter(db, "COMMITMENT", row, "COMMITMENT_REGISTERED", { actor: reader.principal.id, reason: matter, cause: `commitment:${row.id}` });
      return row;
    });
  }

  /** ADMIN: the subject broke its promise. */
  async breach(id: string, reason: string, principal: Principal): Promise<CommitmentRow> {
    const why = text("reason", reason);
    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Database;
      const before = isUuid(id) ? await findCommitment(db, id) : null;
      if (!before) throw new AppError("NOT_FOUND", msg("notFound.commitment"));
      return move(db, "COMMITMENT", before, "BREACHED", { actor: principal.id, reason: why, cause: `commitment:${id}` });
    });
  }

  /** The subject's repair commitment in force on `today` (the one named, or its latest); in the caller's transaction `db`. */
  repairCommitment(subjectId: string, today: string, id: string | null, db: Database = this.db): Promise<CommitmentRow | null> {
    return repairCommitmentOf(db, subjectId, today, id);
  }
}
