// Rules of the audit trail: events of concurrent requests are written together (group commit),
// and readers see what their role allows. Verification lives in audit.verify.ts.
import { may } from "../../auth/policy.js";
import type { Principal } from "../../auth/principal.js";
import { type Database, isDatabaseUnavailable, type Prepare } from "../../db/client.js";
import { AppError } from "../../shared/errors.js";
import { msg } from "../../shared/i18n/index.js";
import { checkPageSize, decodeCursor, encodeCursor, type Page, toPage } from "../../shared/pagination.js";
import type { NewAuditEvent } from "./audit.chain.js";
import { appendEvents, type AuditEventRow, eventsAppender, pageEvents, storedForm } from "./audit.store.js";
import { isUuid } from "../../shared/ids.js";

interface Waiter {
  event: NewAuditEvent;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Writes audit events by group commit: everything queued while no flush runs is written by the
 * next flush in one transaction (one INSERT), and each `append` resolves only once its event is
 * committed. A statement per request would cost the API its throughput under load; waiting for
 * the commit is what lets a request be answered only when its event is stored.
 */
export class AuditWriter {
  private queue: Waiter[] = [];
  private scheduled = false;
  private draining: Promise<void> | null = null;
  private closed = false;
  private readonly write: (events: readonly NewAuditEvent[]) => Promise<void>;

  constructor(prepare: Prepare) {
    this.write = eventsAppender(prepare);
  }

  append(event: NewAuditEvent): Promise<void> {
    if (this.closed) return Promise.reject(new Error("audit writer is closed"));
    let stored: NewAuditEvent;
    try {
      stored = storedForm(event);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ event: stored, resolve, reject });
      this.schedule();
    });
  }

  /** Writes what is queued; later appends are refused. Call after the server stops taking requests. */
  async close(): Promise<void> {
    this.closed = true;
    do await this.drain(); while (this.queue.length > 0);
  }

  /** The flush waits for the end of the tick, so the requests of one tick share one INSERT. */
  private schedule(): void {
    if (this.scheduled || this.draining) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  /** One flush at a time; events queued during a flush are taken together by the next one. */
  private drain(): Promise<void> {
    this.draining ??= (async () => {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await this.write(batch.map((w) => w.event));
          for (const w of batch) w.resolve();
        } catch (error) {
          // One event the database refuses must not cost the others their answers: unless the
          // database is out of reach, each is tried alone, and only what fails alone fails.
          if (batch.length === 1 || isDatabaseUnavailable(error)) {
            for (const w of batch) w.reject(error);
          } else {
            for (const w of batch) await this.write([w.event]).then(w.resolve, w.reject);
          }
        }
      }
    })().finally(() => {
      this.draining = null;
      // A waiter's continuation may append between the loop's last check and this line.
      if (this.queue.length > 0) this.schedule();
    });
    return this.draining;
  }
}

export interface AuditEventsInput {
  principal?: string | null;
  role?: string | null;
  operation?: string | null;
  subjectId?: string | null;
  since?: Date | null;
  until?: Date | null;
  first?: number | null;
  after?: string | null;
}

const MAX_AUDIT_PAGE = 100;

export class AuditService {
  constructor(private readonly db: Database, private readonly maxPageSize = MAX_AUDIT_PAGE) {}

  /** ADMIN reads every event; an OFFICER only its own, whatever principal it asks for. */
  async page(input: AuditEventsInput, principal: Principal): Promise<Page<AuditEventRow>> {
    if (!may(principal, "readAudit")) throw new AppError("FORBIDDEN", msg("forbidden.audit"));
    const first = checkPageSize(input.first ?? 50, Math.min(this.maxPageSize, MAX_AUDIT_PAGE));
    const after = decodeCursor(input.after, ["number"] as const, ([seq]) => Number.isSafeInteger(seq) && (seq as number) > 0);
    if (input.subjectId != null && !isUuid(input.subjectId)) {
      throw new AppError("BAD_USER_INPUT", msg("input.subjectId", { got: input.subjectId }));
    }
    const rows = await pageEvents(this.db, {
      principal: may(principal, "readAllAudit") ? input.principal : principal.id,
      role: input.role,
      operation: input.operation,
      subjectId: input.subjectId?.toLowerCase(),
      since: input.since,
      until: input.until,
      first,
      afterSeq: after && after[0],
    });
    return toPage(rows, first, (r) => encodeCursor([r.seq]));
  }
}

/** The audit trail's services for one process: its one writer and the readers' service. */
export function createAuditServices(db: Database, prepare: Prepare, opts: { maxPageSize?: number } = {}) {
  return { writer: new AuditWriter(prepare), service: new AuditService(db, opts.maxPageSize) };
}

export type AuditServices = ReturnType<typeof createAuditServices>;

/**
 * Appends one event in the caller's transaction `db`: for work outside GraphQL (an HTTP delivery,
 * a scheduled job) whose change must commit together with its event.
 */
export function appendEventIn(db: Database, event: NewAuditEvent): Promise<void> {
  return appendEvents(db, [event]);
}
