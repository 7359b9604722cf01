// The public window in a real browser (issue 15): Debian's headless Chromium driven by
// playwright-core walks the user flows, axe-core checks every page for serious or critical
// violations, and each page is photographed at desktop and phone size into test/artifacts/pages/.
// First-contentful-paint figures go to test/artifacts/pages/timings.json (reported, never asserted).
import { mkdirSync, writeFileSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withKey } from "../support/auth.js";
import { daysFromToday, fixtures, uscc } from "../support/fixtures.js";
import { ok } from "../support/graphql.js";
import { useTestServer } from "../support/server.js";
import { CHROMIUM, runsWith } from "../support/tools.js";

const server = useTestServer({ demo: true, env: { RATE_LIMIT_PUBLIC: "100000" } });
const ARTIFACTS = new URL("../artifacts/pages/", import.meta.url);
const RUN = runsWith("chromium");
const LONG = 180_000;

let browser: Browser;
let desktop: BrowserContext;
let phone: BrowserContext;
const timings: Record<string, number | null> = {};
const KUNMING_BLACK = 27;
let system: Record<string, string>;

beforeAll(async () => {
  if (!RUN) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  const f = fixtures(server.db, server.protector);
  // Enough of Kunming's blacklist for more than one page, and a repaired record and an ended entry to keep off the pages.
  for (let i = 0; i < KUNMING_BLACK; i++) {
    const s = await f.subject({ kind: "ORGANIZATION", name: `昆明翻页测试${String(i).padStart(2, "0")}物流有限公司`, identifier: uscc("530111"), region: "530111" });
    await f.entry(s.id, { list: "BLACK", reasonText: `翻页测试事由${i}` });
  }
  const repaired = await f.subject({ kind: "ORGANIZATION", name: "玉溪已修复运输有限公司", identifier: uscc("530402"), region: "530402" });
  await f.record(repaired.id, { decisionNumber: "玉交罚〔2026〕已修复88号", status: "REPAIRED" });
  await f.entry(repaired.id, { list: "BLACK", reasonText: "已结束的失信事由", status: "EXPIRED" });
  await f.record(repaired.id, { decisionNumber: "玉交罚〔2026〕仍公示89号" });
  system = (await withKey(server.db, "SYSTEM", "行政执法系统")).headers;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  desktop = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
  phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN" });
}, LONG);

afterAll(async () => {
  if (!RUN) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(new URL("timings.json", ARTIFACTS), `${JSON.stringify(timings, null, 2)}\n`);
  await browser?.close();
});

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  const response = await page.goto(`${server.url}${path}`);
  expect(response?.status(), path).toBe(200);
  return page;
}

const fcp = (page: Page) => page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null);

async function serious(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

const CJK_FONT = /CJK|Source Han|WenQuanYi|Droid Sans Fallback/i;

/** The platform fonts Chromium drew the page's h1 with (DevTools protocol), by family name. */
async function headingFonts(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root } = await cdp.send("DOM.getDocument");
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: "h1" });
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    return fonts.filter((f) => f.glyphCount > 0).map((f) => f.familyName);
  } finally {
    await cdp.detach();
  }
}

const PAGES: [string, string][] = [
  ["home", "/"], ["search", `/search?q=${encodeURIComponent("滇运物流")}`], ["subject", "/subjects/organization/915301022165009367"],
  ["lists-red", "/lists/red"], ["lists-black", "/lists/black"], ["lists-watch", "/lists/watch"], ["records", "/records"],
  ["commitments", "/commitments"], ["repairs", "/repairs"], ["evaluations", "/evaluations"],
];

describe.runIf(RUN)("every page", () => {
  it.each(PAGES)("%s has no serious or critical accessibility violation, at desktop and phone size", async (name, path) => {
    for (const [size, context] of [["desktop", desktop], ["phone", phone]] as const) {
      const page = await open(context, path);
      await page.screenshot({ path: new URL(`${name}-${size}.png`, ARTIFACTS).pathname, fullPage: true });
      if (size === "desktop") {
        timings[name] = await fcp(page);
        // What the screenshot shows is Chinese in a CJK font, not boxes: the heading's glyphs come from one.
        expect(await headingFonts(page), `${name}: fonts of its heading`).toContainEqual(expect.stringMatching(CJK_FONT));
      }
      expect(await serious(page), `${name} ${size}`).toEqual([]);
      // Nothing wider than the screen on a phone, except a table's own scroll box.
      if (size === "phone") {
        const overflow = await page.evaluate(() => { const root = (globalThis as any).document.documentElement; return root.scrollWidth - root.clientWidth; });
        expect(overflow, `${name} is wider than a phone`).toBeLessThanOrEqual(0);
      }
      await page.close();
    }
  }, LONG);
});

describe.runIf(RUN)("user flows", () => {
  it("searches a company by name, opens its page and sees its blacklist entry with the reason and basis", async () => {
    const page = await open(desktop, "/");
    await page.getByLabel("名称或代码").fill("滇运物流");
    await page.getByRole("button", { name: "查询" }).click();
    await expect.poll(() => page.title()).toContain("滇运物流");
    await page.getByRole("link", { name: "昆明滇运物流有限公司" }).click();
    await expect.poll(() => page.title()).toBe("昆明滇运物流有限公司 — 信用信息 — 信用交通·云南");
    const entries = page.locator("section", { has: page.getByRole("heading", { name: "红黑名单（在列）" }) });
    await expect.poll(() => entries.innerText()).toContain("黑名单");
    expect(await entries.innerText()).toContain("OVERLOAD_FLEET");
    expect(await entries.innerText()).toMatch(/认定依据：\S+罚〔\d{4}〕/);
    await page.close();
  }, LONG);

  it("finds a company by its USCC typed with spaces around it", async () => {
    const page = await open(desktop, `/search?q=${encodeURIComponent(" 915301022165009367 ")}`);
    expect(await page.getByRole("link", { name: "昆明滇运物流有限公司" }).count()).toBe(1);
    await page.close();
  }, LONG);

  it("pages through the blacklist of Kunming by keyboard, and the back button returns to the first page", async () => {
    const page = await open(desktop, "/lists/black");
    await page.getByLabel("州（市）").selectOption({ label: "昆明市" });
    await page.getByRole("button", { name: "筛选" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/region=5301/);
    const names = () => page.locator("tbody tr td:first-child").allInnerTexts();
    const first = await names();
    expect(first).toHaveLength(20);
    await page.getByRole("link", { name: "下一页" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/after=/);
    const second = await names();
    expect(second.length).toBeGreaterThan(0);
    expect(second.some((n) => first.includes(n))).toBe(false);
    const shared = page.url();
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has("after"));
    expect(await names()).toEqual(first);
    // The second page's URL is stable: opened afresh it shows the same rows.
    const again = await open(desktop, new URL(shared).pathname + new URL(shared).search);
    expect(await again.locator("tbody tr td:first-child").allInnerTexts()).toEqual(second);
    await page.close();
    await again.close();
  }, LONG);

  it("keeps a repaired record and an ended entry off the pages", async () => {
    for (const path of ["/records", `/search?q=${encodeURIComponent("玉溪已修复")}`, "/lists/black?region=5304"]) {
      const page = await open(desktop, path);
      const text = await page.locator("main").innerText();
      expect(text, path).not.toContain("玉交罚〔2026〕已修复88号");
      expect(text, path).not.toContain("已结束的失信事由");
      await page.close();
    }
    const page = await open(desktop, `/search?q=${encodeURIComponent("玉溪已修复")}`);
    await page.getByRole("link", { name: "玉溪已修复运输有限公司" }).click();
    await page.waitForURL(/subjects/);
    const text = await page.locator("main").innerText();
    expect(text).toContain("玉交罚〔2026〕仍公示89号");
    expect(text).not.toContain("已修复88号");
    expect(text).not.toContain("已结束的失信事由");
    await page.close();
  }, LONG);

  it("finds nothing for a private person's full ID", async () => {
    const page = await open(desktop, "/");
    await page.getByLabel("名称或代码").fill("533103199811181549");
    await page.keyboard.press("Enter");
    await page.waitForURL(/search/);
    expect(await page.getByRole("status").innerText()).toContain("未查询到可公开的主体信息");
    expect(await page.locator("body").innerText()).not.toContain("王秀兰");
    await page.close();
  }, LONG);

  it("shows a record submitted through the API on /records at the next load", async () => {
    const page = await open(desktop, "/records");
    const number = `云交执罚〔2026〕窗口${Date.now() % 100000}号`;
    expect(await page.locator("main").innerText()).not.toContain(number);
    await ok(server, `mutation ($input: [RecordInput!]!) { submitRecords(input: $input) { records { id } } }`, { input: [{
      sourceSystem: "YN-ENFORCEMENT", decisionNumber: number, category: "PENALTY", subject: { kind: "ORGANIZATION", identifier: "915301022165009367" },
      subjectName: "昆明滇运物流有限公司", content: "车辆超限运输，罚款 3000 元", decisionDate: daysFromToday(-2), authority: "昆明市交通运输综合行政执法支队",
    }] }, system);
    await page.reload();
    expect(await page.locator("tbody tr").first().innerText()).toContain(number);
    await page.close();
  }, LONG);

  it("shows a commitment on /commitments once it is registered", async () => {
    const matter = `道路货物运输经营许可（窗口测试${Date.now() % 100000}）`;
    await ok(server, `mutation ($input: CommitmentInput!) { registerCommitment(input: $input) { id } }`, { input: {
      ref: { kind: "ORGANIZATION", identifier: "91532901MA056GK13F" }, kind: "LICENSING", matter,
      content: "本单位承诺所提交材料真实有效", signedAt: new Date(Date.now() - 60_000).toISOString(),
    } }, system);
    const page = await open(desktop, "/commitments");
    const row = page.locator("tbody tr", { hasText: matter });
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain("大理苍洱客运有限责任公司");
    await page.close();
  }, LONG);

  it("renders a hostile name and decision text as text, running nothing", async () => {
    const f = fixtures(server.db, server.protector);
    const s = await f.subject({ kind: "ORGANIZATION", name: `<script>window.pwned=1</script>"><img src=x onerror="window.pwned=2">注入公司`, identifier: uscc("530102") });
    await f.record(s.id, { content: `"><img src=x onerror="window.pwned=3"><script>window.pwned=4</script>`, decisionNumber: "注入〔2026〕1号" });
    await f.entry(s.id, { list: "BLACK", reasonText: `<script>window.pwned=5</script>` });
    const page = await open(desktop, `/subjects/organization/${s.identifier}`);
    expect(await page.locator("h1").innerText()).toBe(`<script>window.pwned=1</script>"><img src=x onerror="window.pwned=2">注入公司`);
    expect(await page.locator("main img").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned ?? null)).toBeNull();
    expect(await page.locator("main").innerText()).toContain("<script>window.pwned=5</script>");
    await page.close();
  }, LONG);

  it("can be used by keyboard: the first Tab reaches the skip link, which moves to the content", async () => {
    const page = await open(desktop, "/records");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.textContent)).toBe("跳到正文");
    await page.keyboard.press("Enter");
    await page.waitForURL(/#main$/);
    await page.close();
  }, LONG);
});
