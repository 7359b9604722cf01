// The window's pages over HTTP (issue 15): status codes, cache and security headers, the Chinese
// 404, and that values from source systems are escaped, never markup.
import { beforeAll, describe, expect, it } from "vitest";
import { fixtures } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer({ demo: true });
const HTML = { accept: "text/html,application/xhtml+xml" };
const get = (path: string, headers: Record<string, string> = HTML) => fetch(`${server.url}${path}`, { headers, redirect: "manual" });

const SCRIPT_NAME = `<script>alert(1)</script>"><img src=x onerror=alert(2)>注入测试运输有限公司`;
const SCRIPT_TEXT = `"><img src=x onerror=alert(3)><script>alert(4)</script>超限运输`;
let hostile: { identifier: string };

beforeAll(async () => {
  const f = fixtures(server.db, server.protector);
  hostile = await f.subject({ kind: "ORGANIZATION", name: SCRIPT_NAME, region: "530102" });
  const record = await f.record((hostile as any).id, { content: SCRIPT_TEXT, decisionNumber: `云交罚〔2026〕<b>注入</b>号` });
  await f.entry((hostile as any).id, { list: "BLACK", reasonText: SCRIPT_TEXT, basisRecordIds: [record.id] });
});

describe("pages", () => {
  const pages = ["/", "/search?q=滇运", "/subjects/organization/915301022165009367", "/lists/red", "/lists/black", "/lists/watch",
    "/records", "/commitments", "/repairs", "/evaluations"];

  it.each(pages)("%s answers 200 with a Chinese HTML page, a title and no script", async (path) => {
    const res = await get(encodeURI(path));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html; charset=utf-8/);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toMatch(/<title>[^<]*信用交通·云南[^<]*<\/title>/);
    expect(html).toMatch(/<h1>/);
    expect(html).not.toMatch(/<script/i);
  });

  it("revalidates pages on every load (a new record shows at once) and caches the stylesheet", async () => {
    const page = await get("/records");
    expect(page.headers.get("cache-control")).toBe("no-cache");
    const etag = page.headers.get("etag");
    expect(etag).toBeTruthy();
    const css = await get("/assets/window.css", {});
    expect(css.status).toBe(200);
    expect(css.headers.get("cache-control")).toMatch(/max-age=3600/);
  });

  it.each(["/", "/repairs"])("%s carries its charts without a style element or attribute the policy would block", async (path) => {
    const html = await (await get(path)).text();
    expect(html).toContain('<svg role="img"');
    expect(html).not.toMatch(/<style|\sstyle="/);
  });

  it("sends a strict content security policy: no script, styles only from the site", async () => {
    const csp = (await get("/")).headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
  });

  it("answers an unknown page with a 404 in Chinese, an API client with plain text", async () => {
    const res = await get("/no/such/page");
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("页面不存在");
    expect(html).toContain('lang="zh-CN"');
    expect(await (await get("/no/such/page", {})).text()).toBe("not found\n");
    expect((await get("/lists/grey")).status).toBe(404);
    expect((await get("/subjects/organization/91350100M000100Y4Z")).status).toBe(400);
    expect((await get("/subjects/organization/915301022165009360")).status).toBe(400);
  });

  it("answers a subject the public may not see with 404, and a private person's full ID finds nothing", async () => {
    expect((await get("/subjects/person/533103199811181549")).status).toBe(404);
    const html = await (await get("/search?q=533103199811181549")).text();
    expect(html).toContain("未查询到可公开的主体信息");
    expect(html).not.toContain("王秀兰");
  });

  it("shows an entry in force with its reason and basis: the published records it stands on, not a repaired one", async () => {
    const f = fixtures(server.db, server.protector);
    const s = await f.subject({ kind: "ORGANIZATION", name: "楚雄依据测试运输有限公司", region: "532301" });
    const published = await f.record(s.id, { decisionNumber: "楚交执罚〔2026〕依据21号", authority: "楚雄州交通运输综合行政执法支队" });
    const repaired = await f.record(s.id, { decisionNumber: "楚交执罚〔2026〕已修复22号", status: "REPAIRED" });
    await f.entry(s.id, { list: "BLACK", reasonText: "一年内多次违法超限运输", basisRecordIds: [published.id, repaired.id] });
    const html = await (await get(`/subjects/organization/${s.identifier}`)).text();
    expect(html).toContain("一年内多次违法超限运输");
    expect(html).toMatch(/认定依据：楚交执罚〔2026〕依据21号（楚雄州交通运输综合行政执法支队，\d{4}-\d{2}-\d{2}）/);
    expect(html).not.toContain("已修复22号");
    const { data } = await server.gql(`query ($ref: SubjectRef!) { subject(ref: $ref) { listEntries { basis { decisionNumber } } } }`, { ref: { kind: "ORGANIZATION", identifier: s.identifier } });
    expect(data).toEqual({ subject: { listEntries: [{ basis: [{ decisionNumber: "楚交执罚〔2026〕依据21号" }] }] } });
  });

  it("names sectors in Chinese: a subject's business and grades, and the grades page's filter", async () => {
    const subjectPage = await (await get("/subjects/organization/915301022165009367")).text();
    expect(subjectPage).toContain("<dt>行业</dt><dd>道路货物运输</dd>");
    expect(subjectPage).not.toContain("ROAD_FREIGHT");
    const grades = await (await get("/evaluations?sector=ROAD_FREIGHT")).text();
    expect(grades).toContain('<option value="ROAD_FREIGHT" selected>道路货物运输</option>');
    expect(grades).toContain("<td>道路货物运输</td>");
  });

  it("'changed since' on a list shows what left it too: the ref, why and when, no name", async () => {
    const f = fixtures(server.db, server.protector);
    const s = await f.subject({ kind: "ORGANIZATION", name: "移出名单测试运输有限公司", region: "532501" });
    await f.entry(s.id, { list: "BLACK", reasonText: "已撤销的失信认定", status: "REVOKED" });
    const yesterday = new Date(Date.now() - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const html = await (await get(`/lists/black?since=${yesterday}`)).text();
    expect(html).toContain(`自 ${yesterday} 起移出名单`);
    expect(html).toMatch(new RegExp(`<td>法人和其他组织</td><td>${s.identifier}</td><td>撤销认定</td><td>\\d{4}-\\d{2}-\\d{2}</td>`));
    expect(html).not.toContain("移出名单测试运输有限公司");
    expect(await (await get("/lists/black")).text()).not.toContain("起移出名单");
  });

  it("answers bad filters with 400 and the reason in Chinese", async () => {
    const res = await get("/lists/black?region=abc");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("区域须为 2 至 6 位行政区划代码");
    expect((await get("/records?after=nonsense")).status).toBe(400);
    expect((await get("/lists/black?since=yesterday")).status).toBe(400);
  });

  it("never shows a person's full ID or contacts", async () => {
    const html = await (await get("/lists/black")).text();
    expect(html).toContain("532923********1536");
    expect(html).not.toContain("532923198802151536");
  });
});

describe("escaping", () => {
  it("renders a hostile subject name, decision number and decision text as text", async () => {
    for (const path of [`/subjects/organization/${hostile.identifier}`, "/lists/black", "/records?region=530102", `/search?q=${encodeURIComponent("注入测试")}`]) {
      const html = await (await get(path)).text();
      expect(html, path).not.toContain("<script>alert");
      expect(html, path).not.toContain("<img src=x");
      expect(html, path).not.toContain("<b>注入</b>");
      expect(html, path).toContain("&lt;script&gt;alert(");
    }
  });
});
