// GET /reports/joint-measures/:quarter.xlsx|json (mounted at /reports) — the joint report as a document officials hand
// on. The same callers as the GraphQL field: ADMIN, OFFICER for its region (`?region=`).
import { type Request, type RequestHandler, type Response, Router } from "express";
import type { Principal } from "../../auth/principal.js";
import { AppError } from "../../shared/errors.js";
import { msg } from "../../shared/i18n/index.js";
import { chinaDate } from "../../shared/clock.js";
import type { JointReportService } from "./jointreport.service.js";
import { jointReportWorkbook } from "./jointreport.workbook.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function jointReportRoutes(deps: {
  /** What /graphql runs first: request log, input checks, credentials (res.locals.principal), the rate limit. */
  guard: RequestHandler[];
  service: () => JointReportService;
  /** Records the document's reading in the audit trail, as the GraphQL field's is; the document waits for it. */
  audit: (res: Response, detail: { quarter: string; region: string | null; format: string }) => Promise<void>;
  sendError: (res: Response, error: unknown) => void;
}): Router {
  return Router().get("/joint-measures/:file", ...deps.guard, async (req: Request, res: Response) => {
    try {
      const m = /^(.+)\.(xlsx|json)$/.exec(String(req.params.file));
      if (!m) {
        res.status(404).type("text").send("not found\n");
        return;
      }
      const principal = res.locals.principal as Principal;
      if (principal.role !== "ADMIN" && principal.role !== "OFFICER") throw new AppError("FORBIDDEN", msg("jointReport.forbidden"));
      const region = typeof req.query.region === "string" ? req.query.region : null;
      const report = await deps.service().report({ quarter: m[1]!, region }, { today: chinaDate(), principal });
      await deps.audit(res, { quarter: report.quarter, region: report.region, format: m[2]! });
      if (m[2] === "json") {
        res.json(report);
        return;
      }
      const body = await jointReportWorkbook(report);
      res.status(200).type(XLSX).set("content-disposition", `attachment; filename="joint-measures-${report.quarter}.xlsx"`).send(body);
    } catch (error) {
      deps.sendError(res, withStatus(error));
    }
  });
}

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };

/** A coded refusal keeps its code and message, with the HTTP status that goes with it. */
function withStatus(error: unknown): unknown {
  if (!(error instanceof AppError) || error.extensions.http || !STATUS[error.code]) return error;
  return new AppError(error.code, error.text, { ...error.extensions, http: { status: STATUS[error.code] } });
}
