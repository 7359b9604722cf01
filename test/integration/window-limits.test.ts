// The window's pages meet the public caller's audit and rate budget (issue 15): a page view is a
// PUBLIC read audited under the window's purpose, and a visitor over RATE_LIMIT_PUBLIC gets 429.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvent } from "../../src/db/schema.js";
import { WINDOW_PURPOSE } from "../../src/web/index.js";
import { useTestServer } from "../support/server.js";

const LIMIT = 4;
const server = useTestServer({ demo: true, env: { RATE_LIMIT_PUBLIC: String(LIMIT), RATE_WINDOW_SECONDS: "600" } });
const HTML = { accept: "text/html,application/xhtml+xml" };
const page = (path: string) => fetch(`${server.url}${path}`, { headers: HTML });

describe("a visitor of the window", () => {
  it("is a PUBLIC caller: a subject page view is audited under the window's purpose, and the budget runs out with 429 in Chinese", async () => {
    const windowReads = () => server.db.select().from(auditEvent).where(and(eq(auditEvent.role, "PUBLIC"), eq(auditEvent.purpose, WINDOW_PURPOSE)));
    const before = (await windowReads()).length;
    const res = await page("/subjects/organization/915301022165009367");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("昆明滇运物流有限公司");
    await expect.poll(async () => (await windowReads()).length).toBe(before + 1);
    const [read] = (await windowReads()).slice(-1);
    expect(read!.operation).toBe("WindowSubject");

    const statuses: number[] = [];
    for (let i = 1; i < LIMIT + 2; i++) statuses.push((await page(i % 2 ? "/lists/black" : "/")).status);
    expect(statuses.slice(0, LIMIT - 1)).toEqual(Array(LIMIT - 1).fill(200));
    const refused = await page("/records");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("content-type")).toMatch(/^text\/html/);
    const body = await refused.text();
    expect(body).toContain("访问过于频繁");
    expect(body).toContain('<html lang="zh-CN">');
    expect(statuses.slice(LIMIT - 1)).toEqual(Array(statuses.length - LIMIT + 1).fill(429));
  });
});
