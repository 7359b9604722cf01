// The pages of the 信用交通·云南 window: each route reads what it shows with one GraphQL document
// as the anonymous public caller, and renders it server-side in Simplified Chinese.
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import express, { type Request, type RequestHandler, type Response, type Router } from "express";
import { Eta } from "eta";
import helmet from "helmet";
import { chinaDate } from "../shared/clock.js";
import { barChart } from "./charts.js";
import {
  CATEGORY_NAMES, COMMITMENT_KINDS, COMMITMENT_STATUS, ENDED_NAMES, KIND_NAMES, LIST_NAMES, LIST_PATHS, LIST_SHORT, PREFECTURE_OPTIONS, SECTOR_NAMES, SEVERITY_NAMES, TARGET_NAMES,
} from "./labels.js";
import type { ApiAnswer, PublicApi } from "./public-api.js";
import * as Q from "./queries.js";

const eta = new Eta({ views: fileURLToPath(new URL("./views", import.meta.url)), cache: true, autoEscape: true, autoTrim: false });
const PAGE_SIZE = 20;

/** What every template gets besides its own data. */
const common = {
  LIST_NAMES, LIST_SHORT, KIND_NAMES, ENDED_NAMES, CATEGORY_NAMES, COMMITMENT_KINDS, COMMITMENT_STATUS, SECTOR_NAMES, SEVERITY_NAMES, TARGET_NAMES, PREFECTURES: PREFECTURE_OPTIONS,
  /** The same page with these query parameters changed (empty ones dropped): stable, shareable URLs. */
  link(path: string, params: Record<string, unknown>): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  },
  day: (v: string | null | undefined) => (v ? String(v).slice(0, 10) : ""),
};

/** Pages: only their own stylesheet, no script at all, inline SVG charts without inline styles. */
const pageHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"], styleSrc: ["'self'"], imgSrc: ["'self'", "data:"], fontSrc: ["'self'"], formAction: ["'self'"],
      baseUri: ["'none'"], frameAncestors: ["'none'"], scriptSrc: ["'none'"],
    },
  },
  frameguard: { action: "deny" },
});

/** A failed request to the API, shown as a page: its status, and the API's message in Chinese. */
class PageError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

const param = (req: Request, name: string): string => {
  const v = req.query[name];
  return typeof v === "string" ? v.trim().slice(0, 200) : "";
};

function pageOf<T>(answer: ApiAnswer<T>, optional: readonly string[] = []): T {
  const fatal = answer.errors.filter((e) => !optional.includes(String(e.path?.[0] ?? "")));
  if (fatal.length || !answer.data) {
    const bad = fatal.find((e) => e.code === "BAD_USER_INPUT" || e.code === "INVALID_IDENTIFIER" || e.code === "GRAPHQL_VALIDATION_FAILED");
    if (bad) throw new PageError(400, bad.message);
    throw new PageError(503, "信用信息暂时无法读取，请稍后重试");
  }
  return answer.data;
}

const withCategory = (v: string) => (v && v in CATEGORY_NAMES ? v : null);
const oneOf = (v: string, set: Record<string, string>) => (v && v in set ? v : null);

/** Identifier kinds a search text could be, tried together in one document. */
export function identifierCandidates(q: string): string[] {
  const s = q.replace(/\s+/g, "").toUpperCase();
  const kinds: string[] = [];
  if (/^[0-9A-HJ-NP-RTUWXY]{18}$/.test(s)) kinds.push("ORGANIZATION");
  if (/^[0-9]{17}[0-9X]$/.test(s)) kinds.push("PERSON");
  if (/^[\u4e00-\u9fa5][A-Z][A-Z0-9]{5,6}$/.test(s)) kinds.push("VEHICLE");
  if (/^CN[0-9]{11}$/.test(s)) kinds.push("VESSEL");
  return kinds;
}

/**
 * Pages are revalidated on every load (no-cache) against an ETag of their own: the app's ETag
 * generation is off for the API's POSTed answers, so the window sets it (a 304 when unchanged).
 */
function render(res: Response, view: string, data: Record<string, unknown>): void {
  const html = eta.render(view, { ...common, ...data });
  const etag = `W/"${createHash("sha1").update(html).digest("base64url")}"`;
  res.type("html").set("cache-control", "no-cache").set("etag", etag).send(html);
}

const prefectureChart = (counts: Q.Count[]) => {
  const names = PREFECTURE_OPTIONS.map((p) => p.shortName);
  const series = (["BLACK", "RED", "WATCH"] as const).map((list, i) => ({
    name: LIST_SHORT[list]!, color: ["#b3261e", "#2e7d32", "#a15c00"][i]!,
    values: PREFECTURE_OPTIONS.map((p) => counts.find((c) => c.list === list && c.prefecture === p.code)?.count ?? 0),
  }));
  return { svg: barChart({ title: "各州（市）在列主体数", categories: names, series, horizontal: true }), rows: names.map((n, i) => ({ name: n, values: series.map((s) => s.values[i]) })), series: series.map((s) => s.name) };
};

const monthChart = (rows: Q.MonthCount[], title: string, keyOf: (r: Q.MonthCount) => string, names: Record<string, string>, months: string[]) => {
  const keys = [...new Set(rows.map(keyOf))];
  const palette = ["#1f5fa8", "#b3261e", "#2e7d32", "#a15c00", "#6a1b9a", "#00695c", "#455a64", "#ad1457", "#283593", "#5d4037"];
  const series = keys.map((k, i) => ({ name: names[k] ?? k, color: palette[i % palette.length]!, values: months.map((m) => rows.filter((r) => r.month === m && keyOf(r) === k).reduce((a, r) => a + r.count, 0)) }));
  return { svg: barChart({ title, categories: months, series }), rows: months.map((m, i) => ({ name: m, values: series.map((s) => s.values[i]) })), series: series.map((s) => s.name) };
};

/** The last `n` months up to this one, YYYY-MM (China time). */
function lastMonths(n: number): string[] {
  const now = new Date(Date.now() + 8 * 3600_000);
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

/**
 * The window's routes. `limit` is the API's rate limit, drawn once per page from the visitor's
 * budget as PUBLIC (a page is one GraphQL document); `call` runs a document as PUBLIC.
 */
export function windowRoutes(call: PublicApi, limit: RequestHandler): Router {
  const router = express.Router();
  const errorPage = (req: Request, res: Response, status: number, message: string) => {
    res.status(status);
    render(res, "error", { title: status === 429 ? "访问过于频繁" : status === 400 ? "查询条件有误" : "暂时无法访问", message, path: req.path });
  };
  // A visitor over the budget gets the error page, not the API's JSON.
  const refuseAsPage: RequestHandler = (req, res, next) => { res.locals.refuse = (message: string) => errorPage(req, res, 429, message); next(); };
  const page = (handler: (req: Request, res: Response) => Promise<void>): RequestHandler[] => [pageHeaders, refuseAsPage, limit, (req, res, next) => {
    handler(req, res).catch((error) => {
      if (error instanceof PageError) errorPage(req, res, error.status, error.message);
      else next(error);
    });
  }];
  router.use("/assets", express.static(fileURLToPath(new URL("./assets", import.meta.url)), { maxAge: "1h", immutable: false, index: false, fallthrough: false }));

  router.get("/", page(async (req, res) => {
    const data = pageOf(await call<Q.Home>(req, res, Q.HOME, { months: 12 }));
    render(res, "home", {
      title: "信用交通·云南 — 信用信息公示", data,
      entriesChart: prefectureChart(data.listEntryCounts),
      monthsChart: monthChart(data.publicationsByMonth, "近 12 个月公示的行政决定数", (r) => r.category!, CATEGORY_NAMES, lastMonths(12)),
      totals: (["RED", "BLACK", "WATCH"] as const).map((l) => ({ list: l, count: data.listEntryCounts.filter((c) => c.list === l).reduce((a, c) => a + c.count, 0) })),
    });
  }));

  router.get("/search", page(async (req, res) => {
    const q = param(req, "q");
    const kind = oneOf(param(req, "kind"), KIND_NAMES);
    const region = param(req, "region") || null;
    const after = param(req, "after") || null;
    let subjects: Q.SubjectSummary[] = [];
    let pageInfo: Q.PageInfo = { hasNextPage: false, endCursor: null };
    let byIdentifier = false;
    if (q) {
      const candidates = identifierCandidates(q).filter((k) => !kind || k === kind);
      if (candidates.length) {
        byIdentifier = true;
        const answer = await call<Record<string, Q.SubjectSummary | null>>(req, res, Q.byIdentifier(candidates), { identifier: q.replace(/\s+/g, "") });
        // A kind the text is not a valid identifier of answers INVALID_IDENTIFIER; anything else (the database away) is the error page.
        const data = pageOf(answer, answer.errors.filter((e) => e.code === "INVALID_IDENTIFIER").map((e) => String(e.path?.[0] ?? "")));
        subjects = Object.values(data).filter((s): s is Q.SubjectSummary => !!s && (!region || s.region.startsWith(region)));
      } else {
        const data = pageOf(await call<Q.Search>(req, res, Q.SEARCH, { name: q, kind, region, first: PAGE_SIZE, after }));
        subjects = data.searchSubjects.nodes;
        pageInfo = data.searchSubjects.pageInfo;
      }
    }
    render(res, "search", { title: q ? `“${q}”的查询结果 — 信用交通·云南` : "信用查询 — 信用交通·云南", q, kind, region, after, subjects, pageInfo, byIdentifier });
  }));

  router.get("/subjects/:kind/:identifier", page(async (req, res) => {
    const kind = String(req.params.kind).toUpperCase();
    if (!(kind in KIND_NAMES)) throw new PageError(404, "没有这类主体");
    const answer = await call<Q.SubjectFile>(req, res, Q.SUBJECT, { kind, identifier: String(req.params.identifier) });
    const invalid = answer.errors.find((e) => e.code === "INVALID_IDENTIFIER");
    if (invalid) throw new PageError(400, invalid.message);
    const data = pageOf(answer, ["subject"]);
    if (!data.subject) throw new PageError(404, "信用信息库中没有可公开的该主体信息");
    render(res, "subject", { title: `${data.subject.name} — 信用信息 — 信用交通·云南`, s: data.subject });
  }));

  router.get("/lists/:list", page(async (req, res) => {
    const list = LIST_PATHS[String(req.params.list)];
    if (!list) throw new PageError(404, "没有这个名单");
    const region = param(req, "region") || null;
    const reason = param(req, "reason") || null;
    const since = param(req, "since") || null;
    const after = param(req, "after") || null;
    let changedSince: string | null = null;
    if (since) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(since) || Number.isNaN(Date.parse(since))) throw new PageError(400, "“变更起始日”须为 YYYY-MM-DD 格式的日期");
      changedSince = new Date(`${since}T00:00:00+08:00`).toISOString();
    }
    const data = pageOf(await call<Q.ListPage>(req, res, Q.LIST, { list, region, reason, changedSince, first: PAGE_SIZE, after }));
    // 'Changed since': what left the list too (no name, as the API gives it), on Beijing days.
    const ended = since ? data.listEntries.ended.filter((e) => e.list === list).map((e) => ({ ...e, day: chinaDate(new Date(e.endedAt)) })) : [];
    render(res, "list", { title: `${LIST_NAMES[list]} — 信用交通·云南`, list, path: req.path, region, reason, since, after, entries: data.listEntries.nodes, ended, pageInfo: data.listEntries.pageInfo });
  }));

  router.get("/records", page(async (req, res) => {
    const f = { category: withCategory(param(req, "category")), authority: param(req, "authority") || null, region: param(req, "region") || null, from: param(req, "from") || null, to: param(req, "to") || null };
    for (const d of [f.from, f.to]) if (d && !/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new PageError(400, "日期须为 YYYY-MM-DD 格式");
    const after = param(req, "after") || null;
    const data = pageOf(await call<Q.Records>(req, res, Q.RECORDS, { ...f, first: PAGE_SIZE, after }));
    render(res, "records", { title: "双公示：行政许可和行政处罚信息 — 信用交通·云南", f, after, records: data.publishedRecords.nodes, pageInfo: data.publishedRecords.pageInfo });
  }));

  router.get("/commitments", page(async (req, res) => {
    const f = { matter: param(req, "matter") || null, status: oneOf(param(req, "status"), COMMITMENT_STATUS), kind: oneOf(param(req, "kind"), COMMITMENT_KINDS), region: param(req, "region") || null };
    const after = param(req, "after") || null;
    const data = pageOf(await call<Q.Commitments>(req, res, Q.COMMITMENTS, { ...f, first: PAGE_SIZE, after }));
    render(res, "commitments", { title: "信用承诺专栏 — 信用交通·云南", f, after, commitments: data.commitments.nodes, pageInfo: data.commitments.pageInfo });
  }));

  router.get("/repairs", page(async (req, res) => {
    const data = pageOf(await call<Q.Repairs>(req, res, Q.REPAIRS, { months: 12 }));
    const months = lastMonths(12);
    render(res, "repairs", {
      title: "信用修复专栏 — 信用交通·云南", data, months,
      chart: monthChart(data.repairsByMonth, "近 12 个月完成的信用修复", (r) => r.target!, TARGET_NAMES, months),
      total: data.repairsByMonth.reduce((a, r) => a + r.count, 0),
    });
  }));

  router.get("/evaluations", page(async (req, res) => {
    const yearText = param(req, "year");
    if (yearText && !/^\d{4}$/.test(yearText)) throw new PageError(400, "年度须为四位数字");
    const f = { sector: param(req, "sector") || null, year: yearText ? Number(yearText) : null, grade: param(req, "grade") || null, region: param(req, "region") || null };
    const after = param(req, "after") || null;
    const data = pageOf(await call<Q.Evaluations>(req, res, Q.EVALUATIONS, { ...f, first: PAGE_SIZE, after }));
    render(res, "evaluations", { title: "信用评价结果 — 信用交通·云南", f, after, evaluations: data.evaluations.nodes, pageInfo: data.evaluations.pageInfo });
  }));

  return router;
}

/** The window's 404: a page in Chinese for a browser asking for a path nobody serves. */
export function notFoundPage(req: Request, res: Response): void {
  pageHeaders(req, res, () => {
    res.status(404);
    render(res, "error", { title: "页面不存在 — 信用交通·云南", message: "您访问的页面不存在，请从首页重新查询。", path: req.path });
  });
}
