// HTTP routes of credit files: `GET /subjects/:kind/:identifier/file.pdf` (the file, issued through
// the `issueCreditFile` mutation so that permissions, the transaction and the audit event are the
// API's own) and `GET /verify/:code` (anyone: authentic and current, changed since, or unknown).
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { Router } from "express";
import type { FormattedExecutionResult } from "graphql";
import type { Verification } from "../modules/creditfile/creditfile.service.js";
import { chinaTime } from "../modules/creditfile/creditfile.pdf.js";
import { type Language, msg, render } from "../shared/i18n/index.js";

export interface CreditFileRoutes {
  /** Request id, language, input checks, credentials and rate limits: what /graphql runs first. */
  guard: RequestHandler[];
  /** Runs a GraphQL operation as the request's principal. */
  execute: (res: Response, query: string, variables: Record<string, unknown>) => Promise<FormattedExecutionResult>;
  /** Verifies a code and records the verification in the audit trail (who asked is PUBLIC). */
  verify: (code: string, requestId: string) => Promise<Verification>;
}

const ISSUE = `mutation IssueCreditFile($ref: SubjectRef!, $grantId: ID) {
  issueCreditFile(ref: $ref, grantId: $grantId) { verificationCode pdf pdfSha256 }
}`;

const STATUS_OF: Record<string, number> = {
  UNAUTHENTICATED: 401, FORBIDDEN: 403, GRANT_INVALID: 403, NOT_FOUND: 404, INVALID_IDENTIFIER: 400, BAD_USER_INPUT: 400,
  BAD_REQUEST: 400, LIMIT_EXCEEDED: 429, SERVICE_UNAVAILABLE: 503,
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function verificationText(v: Omit<Verification, "subjectId">, language: Language): { status: string; lines: string[] } {
  const t = (key: string, params?: Record<string, unknown>) => render(msg(`creditFile.${key}`, params), language);
  const sections = v.changed.map((s) => t(`sections.${s}`)).join(language === "en" ? ", " : "、");
  const lines = [t(`verify.${v.status}`, { sections })];
  if (v.issuedAt) lines.push(t("verify.issuedAt", { time: chinaTime(v.issuedAt), version: v.dataVersion }));
  if (v.pdfSha256) lines.push(t("verify.sha256", { hash: v.pdfSha256 }));
  return { status: v.status, lines };
}

export function creditFileRoutes(deps: CreditFileRoutes): Router {
  const router = Router();

  router.get("/subjects/:kind/:identifier/file.pdf", ...deps.guard, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const grantId = typeof req.query.grantId === "string" ? req.query.grantId : null;
      const ref = { kind: String(req.params.kind).toUpperCase(), identifier: String(req.params.identifier) };
      const result = await deps.execute(res, ISSUE, { ref, grantId });
      const file = (result.data as { issueCreditFile?: { verificationCode: string; pdf: string; pdfSha256: string } } | null | undefined)?.issueCreditFile;
      if (!file) {
        const code = String(result.errors?.[0]?.extensions?.code ?? "INTERNAL_SERVER_ERROR");
        res.locals.outcome = code;
        res.status(STATUS_OF[code] ?? 500).json({ errors: result.errors });
        return;
      }
      res.status(200).type("application/pdf")
        .set("content-disposition", `attachment; filename="credit-file-${file.verificationCode}.pdf"`)
        .set("x-verification-code", file.verificationCode)
        .set("cache-control", "no-store")
        .send(Buffer.from(file.pdf, "base64"));
    } catch (error) {
      next(error);
    }
  });

  router.get("/verify/:code", deps.guard[0]!, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const { subjectId: _audited, ...verification } = await deps.verify(String(req.params.code), res.locals.requestId);
      const language: Language = res.locals.language;
      const { lines } = verificationText(verification, language);
      res.set("cache-control", "no-store");
      if (req.accepts(["html", "json"]) === "json") {
        res.json({ ...verification, message: lines[0] });
        return;
      }
      const title = render(msg("creditFile.verify.title"), language);
      res.set("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
      res.type("html").send(`<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}.CURRENT{color:#146c2e}.CHANGED{color:#9a6700}.UNKNOWN{color:#b3261e}</style>
</head><body><h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(render(msg("creditFile.verification", { code: verification.code }), language))}</p>
<p class="${verification.status}" data-status="${verification.status}"><strong>${escapeHtml(lines[0]!)}</strong></p>
${lines.slice(1).map((l) => `<p>${escapeHtml(l)}</p>`).join("\n")}
</body></html>`);
    } catch (error) {
      next(error);
    }
  });

  return router;
}
