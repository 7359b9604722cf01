// The exchange hub over HTTP, for partner platforms: GET /exchange/batches/:id (a batch file;
// ADMIN or the partner's key) and POST /exchange/batches (a partner delivers a batch as NDJSON;
// its key, or ADMIN with ?partner=). A delivery is read line by line as it arrives and answered
// with the acknowledgement; a refused batch is 422 INVALID_BATCH naming the line.
import { createInterface } from "node:readline";
import { Router, type NextFunction, type Request, type Response } from "express";
import { Gauge } from "prom-client";
import type { Principal } from "../../auth/principal.js";
import { AppError } from "../../shared/errors.js";
import { msg } from "../../shared/i18n/index.js";
import type { NewAuditEvent } from "../audit/audit.chain.js";
import { type ExchangeService, PARTNERS, partnerOfKey } from "./exchange.service.js";
import type { BatchRow, Partner } from "./exchange.store.js";

export interface ExchangeHttpDeps {
  service: ExchangeService;
  authenticate(req: Request): Promise<Principal>;
  /** Writes a read's audit event (group commit). */
  audit(event: NewAuditEvent): Promise<void>;
  sendError(res: Response, error: unknown): void;
}

const STATUS: Record<string, number> = { INVALID_BATCH: 422, BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, SERVICE_UNAVAILABLE: 503 };

export function exchangeRoutes(deps: ExchangeHttpDeps): Router {
  const router = Router();
  const fail = (res: Response, error: unknown) => {
    if (error instanceof AppError && !(error.extensions.http as object | undefined)) {
      (error.extensions as Record<string, unknown>).http = { status: STATUS[error.code] ?? 500 };
    }
    deps.sendError(res, error);
  };
  const authenticated = async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.principal = await deps.authenticate(req);
      next();
    } catch (error) {
      fail(res, error);
    }
  };

  // The batches made for a partner, newest first: what it has to fetch or acknowledge (its key, or ADMIN with ?partner=).
  router.get("/exchange/batches", authenticated, async (req, res) => {
    try {
      const principal = res.locals.principal as Principal;
      const partner = partnerOf(principal, req.query.partner);
      const page = await deps.service.page({ partner, first: 100 });
      res.json({ batches: page.nodes.filter((b) => b.direction === "EXPORT").map((b) => ({
        id: b.id, status: b.status, lines: b.lines, sha256: b.hash, createdAt: b.createdAt, acknowledgedAt: b.acknowledgedAt,
      })) });
    } catch (error) {
      fail(res, error);
    }
  });

  router.get("/exchange/batches/:id", authenticated, async (req, res) => {
    try {
      const principal = res.locals.principal as Principal;
      const batch = await deps.service.download(String(req.params.id), principal);
      await deps.audit(event(res, "GET /exchange/batches/:id", JSON.stringify({ batchId: batch.id, partner: batch.partner })));
      res.type("application/x-ndjson").set("x-batch-sha256", batch.hash).send(deps.service.batchFile(batch));
    } catch (error) {
      fail(res, error);
    }
  });

  router.post("/exchange/batches", authenticated, async (req, res) => {
    try {
      const principal = res.locals.principal as Principal;
      const partner = partnerOf(principal, req.query.partner);
      const lines = createInterface({ input: req, crlfDelay: Infinity });
      const ack = await deps.service.importBatch(partner, lines, {
        principal, requestId: res.locals.requestId as string, operation: "POST /exchange/batches", audit: true,
      });
      res.locals.outcome = ack.unchanged ? "UNCHANGED" : "IMPORTED";
      res.json(ack);
    } catch (error) {
      // The rest of a refused body is not read: the connection closes after the answer.
      if (!req.complete) res.set("connection", "close");
      fail(res, error);
    }
  });
  return router;
}

/** The partner a request speaks for: a PARTNER key's own, or the one ADMIN names with ?partner=. */
function partnerOf(principal: Principal, asked: unknown): Partner {
  const named = typeof asked === "string" ? asked.toUpperCase() : null;
  const partner = partnerOfKey(principal)
    ?? (principal.role === "ADMIN" && named && (PARTNERS as readonly string[]).includes(named) ? (named as Partner) : null);
  if (!partner) throw new AppError("FORBIDDEN", msg("exchange.partnerKey"));
  return partner;
}

function event(res: Response, operation: string, detail: string): NewAuditEvent {
  const principal = res.locals.principal as Principal;
  return {
    at: new Date(), requestId: res.locals.requestId as string, principal: principal.id, role: principal.role, operation,
    purpose: null, subjectIds: [], protectedFields: [], grantId: null, outcome: "OK", detail,
  };
}

/** Operators' view of the queue on /metrics: batches by partner, direction and status; the oldest open export's age. */
export function exchangeGauges(
  read: () => Promise<{ partner: string; direction: string; status: string; n: number; oldest: number | null }[]>,
  overdue?: () => Promise<{ partner: string; n: number }[]>,
): void {
  let last: ReturnType<typeof read> | null = null;
  const sample = () => (last ??= read().catch(() => []).finally(() => setImmediate(() => { last = null; })));
  new Gauge({
    name: "creditgate_exchange_batches", help: "exchange batches by partner, direction and status", labelNames: ["partner", "direction", "status"],
    async collect() {
      this.reset();
      for (const r of await sample()) this.set({ partner: r.partner, direction: r.direction, status: r.status }, r.n);
    },
  });
  new Gauge({
    name: "creditgate_exchange_oldest_unacknowledged_seconds", help: "age of the oldest export a partner has not acknowledged", labelNames: ["partner"],
    async collect() {
      this.reset();
      const rows = await sample();
      for (const partner of PARTNERS) {
        const ages = rows.filter((r) => r.partner === partner && r.direction === "EXPORT" && r.status !== "ACKNOWLEDGED").map((r) => r.oldest ?? 0);
        this.set({ partner }, ages.length ? Math.max(...ages) : 0);
      }
    },
  });
  if (overdue) {
    new Gauge({
      name: "creditgate_joint_report_overdue", help: "ended quarters past their due date (the 20th after) whose joint report the partner has not acknowledged",
      labelNames: ["partner"],
      async collect() {
        this.reset();
        for (const r of await overdue().catch(() => [])) this.set({ partner: r.partner }, r.n);
      },
    });
  }
}

export type { BatchRow };
