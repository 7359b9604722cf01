// The credit file (一户式信用档案) as a reader gets it: a PDF in Chinese showing exactly what its
// caller may see, with a verification code and a QR code of /verify/:code, which anyone can open
// to learn whether the file is authentic and still current.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { rowsOf } from "../../src/db/client.js";
import jsQRModule from "jsqr";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import { asAdmin, asOfficer, type Headers, withKey } from "../support/auth.js";
import { daysFromToday, fixtures, residentId } from "../support/fixtures.js";
import { ok } from "../support/graphql.js";
import { useTestServer } from "../support/server.js";
import { runsWith } from "../support/tools.js";

const RUN = runsWith("poppler-utils");

// jsqr is CommonJS typed as an ES module: its function is `default` under NodeNext, the module itself under some loaders.
const jsQR = ((m: unknown) => (m as { default?: unknown }).default ?? m)(jsQRModule) as typeof jsQRModule.default;

const server = useTestServer();
const work = mkdtempSync(join(tmpdir(), "credit-file-"));

const org = { id: "", identifier: "", name: "昆明顺达物流有限公司" };
const person = { id: "", identifier: residentId("530102", "19850314"), name: "李建国" };
const h = {} as Record<"ADMIN" | "OFFICER_IN" | "OFFICER_OUT" | "PROVIDER" | "SYSTEM", Headers>;
const grants = { reportOnly: "", full: "" };

interface Fetched { status: number; type: string; code: string | null; pdf: Buffer; json: any }

async function getFile(kind: string, identifier: string, headers: Headers = {}, grantId?: string): Promise<Fetched> {
  const url = new URL(`${server.url}/subjects/${kind}/${encodeURIComponent(identifier)}/file.pdf`);
  if (grantId) url.searchParams.set("grantId", grantId);
  const res = await fetch(url, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, type, code: res.headers.get("x-verification-code"), pdf: body, json: type.includes("json") ? JSON.parse(body.toString()) : null };
}

let n = 0;
/** The text a reader sees, as poppler extracts it (Chinese only if the font maps its glyphs to Unicode). */
function pdfText(pdf: Buffer): string {
  const file = join(work, `f${++n}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
}

/** The page rendered as a reader's viewer would (pdftoppm), and the QR codes found on it. */
function qrCodes(pdf: Buffer): string[] {
  const dir = mkdtempSync(join(work, "png-"));
  writeFileSync(join(dir, "file.pdf"), pdf);
  execFileSync("pdftoppm", ["-r", "150", "-png", join(dir, "file.pdf"), join(dir, "page")]);
  return readdirSync(dir).filter((f) => f.endsWith(".png")).flatMap((f) => {
    const png = PNG.sync.read(readFileSync(join(dir, f)));
    const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    return found ? [found.data] : [];
  });
}

async function verify(code: string): Promise<any> {
  const res = await fetch(`${server.url}/verify/${encodeURIComponent(code)}`, { headers: { accept: "application/json" } });
  expect(res.status).toBe(200);
  return res.json();
}

beforeAll(async () => {
  const f = fixtures(server.db, server.protector);
  const o = await f.subject({ kind: "ORGANIZATION", name: org.name, region: "530102", legalRepresentative: "王德明", phone: "0871-65551234", address: "昆明市五华区滇池路88号" });
  Object.assign(org, { id: o.id, identifier: o.identifier });
  await f.entry(o.id, { list: "BLACK", reasonCode: "OVERLOAD_REPEATED", reasonText: "一年内违法超限运输超过3次" });
  await f.entry(o.id, { list: "WATCH", reasonCode: "OLD_CASE", reasonText: "已到期的重点关注", status: "EXPIRED", effectiveFrom: daysFromToday(-400), effectiveUntil: daysFromToday(-30) });
  await f.record(o.id, { decisionNumber: "云交执罚〔2026〕101号", content: "超限运输，罚款三万元" });
  await f.record(o.id, { decisionNumber: "云交执罚〔2026〕102号", content: "尚未公示的处罚", publishedAt: null, publishDeadline: daysFromToday(5) });
  await f.evaluation(o.id, { grade: "B" });
  await f.commitment(o.id, { matter: "道路货物运输经营许可" });
  const p = await f.subject({ kind: "PERSON", name: person.name, identifier: person.identifier, phone: "13800001111" });
  person.id = p.id;
  await f.entry(p.id, { list: "RED", reasonCode: "MODEL_DRIVER", reasonText: "年度优秀驾驶员" });

  const provider = await withKey(server.db, "PROVIDER", "云南诚信评估有限公司");
  Object.assign(h, {
    ADMIN: await asAdmin(), OFFICER_IN: await asOfficer("530100"), OFFICER_OUT: await asOfficer("532900"),
    PROVIDER: provider.headers, SYSTEM: (await withKey(server.db, "SYSTEM", "行政审批系统")).headers,
  });
  const grant = async (scopes: string[]) => (await ok(server, `mutation ($input: GrantInput!) { grantAuthorization(input: $input) { id } }`, {
    input: { ref: { kind: "PERSON", identifier: person.identifier }, providerKeyId: provider.id, scopes, purpose: "银行授信审查", validUntil: new Date(Date.now() + 86400_000).toISOString() },
  }, h.ADMIN)).grantAuthorization.id as string;
  grants.reportOnly = await grant(["REPORT"]);
  grants.full = await grant(["REPORT", "PERSON_ID", "CONTACT"]);
});

describe.runIf(RUN)("the credit office's file shows the subject's whole record, in Chinese", () => {
  let file: Fetched;
  let text: string;
  beforeAll(async () => {
    file = await getFile("ORGANIZATION", org.identifier, h.ADMIN);
    text = pdfText(file.pdf);
  });

  it("is a PDF with its verification code", () => {
    expect(file.status).toBe(200);
    expect(file.type).toBe("application/pdf");
    expect(file.pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(file.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  });

  it("reads as Chinese text, not boxes: the title, the subject, its entries, records, grade and commitment", () => {
    for (const seen of [
      "一户式信用档案", "主体信息", org.name, "统一社会信用代码", org.identifier, "法定代表人", "王德明", "0871-65551234",
      "名单信息", "黑名单", "一年内违法超限运输超过3次", "重点关注名单", "已到期", "信用记录", "行政处罚", "云交执罚〔2026〕101号",
      "超限运输，罚款三万元", "云交执罚〔2026〕102号", "信用评价", "道路货物运输", "信用承诺", "道路货物运输经营许可",
    ]) expect(text).toContain(seen);
  });

  it("says the data version and when it was made, and carries the code and the verification URL", () => {
    expect(text).toMatch(/数据版本：v\d+/);
    expect(text).toMatch(/生成时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（北京时间）/);
    expect(text).toContain(`验证码：${file.code}`);
    expect(text.replace(/\s+/g, "")).toContain(`/verify/${file.code}`);
  });

  it("embeds the Chinese face of Noto Sans CJK, subset and mapped to Unicode, so no character falls back to a box", () => {
    const file2 = join(work, "fonts.pdf");
    writeFileSync(file2, file.pdf);
    const fonts = execFileSync("pdffonts", [file2], { encoding: "utf8" }).split("\n").slice(2).filter(Boolean);
    expect(fonts).toHaveLength(1);
    expect(fonts[0]).toMatch(/^[A-Z]{6}\+NotoSansCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/);
  });

  it("has a QR code a phone can scan, pointing to the file's verification page", () => {
    const codes = qrCodes(file.pdf);
    expect(codes).toHaveLength(1);
    expect(codes[0]).toBe(`${server.url}/verify/${file.code}`);
  });
});

describe.runIf(RUN)("a file shows exactly what its caller may see", () => {
  it("an officer in the subject's region gets the history; elsewhere the officer gets no file", async () => {
    const inRegion = await getFile("ORGANIZATION", org.identifier, h.OFFICER_IN);
    expect(inRegion.status).toBe(200);
    const text = pdfText(inRegion.pdf);
    expect(text).toContain("云交执罚〔2026〕102号");
    expect(text).toContain("王德明");
    const elsewhere = await getFile("ORGANIZATION", org.identifier, h.OFFICER_OUT);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.json.errors[0].extensions.code).toBe("FORBIDDEN");
  });

  it("a provider under a REPORT-only grant sees a masked ID, no phone and no hidden records", async () => {
    const file = await getFile("PERSON", person.identifier, h.PROVIDER, grants.reportOnly);
    expect(file.status).toBe(200);
    const text = pdfText(file.pdf);
    expect(text).toContain(person.name);
    expect(text).toContain("红名单");
    expect(text).toContain(`${person.identifier.slice(0, 6)}********${person.identifier.slice(-4)}`);
    expect(text).not.toContain(person.identifier);
    expect(text).not.toContain("13800001111");
    expect(text).toContain("经主体授权的信用服务机构");
  });

  it("a provider whose grant has PERSON_ID and CONTACT sees the full ID and the phone", async () => {
    const text = pdfText((await getFile("PERSON", person.identifier, h.PROVIDER, grants.full)).pdf);
    expect(text).toContain(person.identifier);
    expect(text).toContain("13800001111");
  });

  it.each([
    ["the public", () => ({}), undefined, 403, "FORBIDDEN"],
    ["a licensing system", () => h.SYSTEM, undefined, 403, "FORBIDDEN"],
    ["a provider without a grant", () => h.PROVIDER, undefined, 403, "GRANT_INVALID"],
    ["a provider under another subject's grant", () => h.PROVIDER, "reportOnly", 403, "GRANT_INVALID"],
  ] as const)("%s cannot fetch the organization's file", async (_who, headers, grant, status, code) => {
    const file = await getFile("ORGANIZATION", org.identifier, headers(), grant && grants[grant]);
    expect(file.status).toBe(status);
    expect(file.json.errors[0].extensions.code).toBe(code);
    expect(file.pdf.subarray(0, 5).toString()).not.toBe("%PDF-");
  });

  it("a bad identifier is a clear error, an unknown subject is not found", async () => {
    const bad = await getFile("ORGANIZATION", "91530102XXXXXXXXX1", h.ADMIN);
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].extensions.code).toBe("INVALID_IDENTIFIER");
    const unknown = await getFile("PERSON", residentId("530102", "19900101"), h.ADMIN);
    expect(unknown.status).toBe(404);
    expect(unknown.json.errors[0].extensions.code).toBe("NOT_FOUND");
  });
});

describe.runIf(RUN)("issuing a file is audited and keeps no personal data in clear", () => {
  it("the audit trail has the issue, with its subject, grant and the protected fields shown", async () => {
    const file = await getFile("PERSON", person.identifier, h.PROVIDER, grants.full);
    const [event] = rowsOf<{ operation: string; subject_ids: string[]; protected_fields: string[]; grant_id: string; outcome: string }>(await server.db.execute(
      sql`select operation, subject_ids, protected_fields, grant_id, outcome from audit_event order by seq desc limit 1`));
    expect(event.operation).toBe("IssueCreditFile");
    expect(event.outcome).toBe("OK");
    expect(event.subject_ids).toEqual([person.id]);
    expect(event.grant_id).toBe(grants.full);
    expect([...event.protected_fields].sort()).toEqual(["PERSON_ID", "phone"]);
    const stored = rowsOf<{ row: string }>(await server.db.execute(sql`select f::text as row from credit_file f where code = ${file.code}`));
    expect(stored).toHaveLength(1);
    for (const secret of [person.identifier, person.name, "13800001111"]) expect(stored[0]!.row).not.toContain(secret);
  });

  it("a refused request stores no file", async () => {
    const count = async () => rowsOf<{ n: number }>(await server.db.execute(sql`select count(*)::int as n from credit_file`))[0]!.n;
    const before = await count();
    await getFile("ORGANIZATION", org.identifier, h.OFFICER_OUT);
    expect(await count()).toBe(before);
  });
});

describe.runIf(RUN)("/verify/:code", () => {
  it("answers authentic and current for an untouched file, then changed since after a new entry, naming what changed", async () => {
    const file = await getFile("ORGANIZATION", org.identifier, h.ADMIN);
    const first = await verify(file.code!);
    expect(first.status).toBe("CURRENT");
    expect(first.changed).toEqual([]);
    expect(first.message).toContain("真实有效");
    expect(first.pdfSha256).toBe(createHash("sha256").update(file.pdf).digest("hex"));

    await ok(server, `mutation ($input: ListEntryInput!) { addListEntry(input: $input) { id } }`, {
      input: { ref: { kind: "ORGANIZATION", identifier: org.identifier }, list: "WATCH", reason: "NEW_CASE", reasonText: "新的重点关注",
        authority: "云南省交通运输厅", effectiveFrom: daysFromToday(0) },
    }, h.ADMIN);
    const after = await verify(file.code!);
    expect(after.status).toBe("CHANGED");
    expect(after.changed).toEqual(["listEntries"]);
    expect(after.message).toContain("名单信息");
  });

  it("a change its reader could not see leaves a provider's file current", async () => {
    const file = await getFile("PERSON", person.identifier, h.PROVIDER, grants.reportOnly);
    await server.db.execute(sql`update subject set phone = ${server.protector.seal("13900002222")} where id = ${person.id}`);
    expect((await verify(file.code!)).status).toBe("CURRENT");
  });

  it("records each verification in the audit trail, and tells the asker nothing internal", async () => {
    const file = await getFile("ORGANIZATION", org.identifier, h.ADMIN);
    const answer = await verify(file.code!);
    expect(Object.keys(answer).sort()).toEqual(["changed", "code", "dataVersion", "issuedAt", "message", "pdfSha256", "status"]);
    const [event] = rowsOf<{ operation: string; role: string; subject_ids: string[]; detail: string }>(await server.db.execute(
      sql`select operation, role, subject_ids, detail from audit_event order by seq desc limit 1`));
    expect(event).toMatchObject({ operation: "verifyCreditFile", role: "PUBLIC", subject_ids: [org.id] });
    expect(JSON.parse(event!.detail)).toMatchObject({ code: file.code, status: answer.status });
  });

  it("answers unknown for a forged code, also typed in lower case or malformed", async () => {
    for (const code of ["ABCD-EFGH-JKMN-PQRS", "abcd efgh jkmn pqrs", "not-a-code"]) {
      const answer = await verify(code);
      expect(answer.status).toBe("UNKNOWN");
      expect(answer.issuedAt).toBeNull();
    }
  });

  it("is a page in Chinese for a person who scanned the QR code", async () => {
    const file = await getFile("ORGANIZATION", org.identifier, h.ADMIN);
    const res = await fetch(`${server.url}/verify/${file.code}`);
    expect(res.headers.get("content-type")).toContain("text/html");
    const page = await res.text();
    expect(page).toContain("信用档案核验");
    expect(page).toContain('data-status="CURRENT"');
    expect(page).not.toContain(org.name);
    const forged = await (await fetch(`${server.url}/verify/%3Cscript%3E`)).text();
    expect(forged).toContain("未知的验证码");
    expect(forged).not.toContain("<script>");
  });
});

describe.runIf(RUN)("issueCreditFile (the mutation the route runs)", () => {
  it("returns the file, its code and verification URL; the file is the one /verify/:code knows", async () => {
    const { issueCreditFile: file } = await ok(server, `mutation ($ref: SubjectRef!) {
      issueCreditFile(ref: $ref) { verificationCode verifyUrl issuedAt dataVersion pdfSha256 pdf } }`,
    { ref: { kind: "ORGANIZATION", identifier: org.identifier } }, h.ADMIN);
    const pdf = Buffer.from(file.pdf, "base64");
    expect(createHash("sha256").update(pdf).digest("hex")).toBe(file.pdfSha256);
    expect(file.verifyUrl).toBe(`${server.url}/verify/${file.verificationCode}`);
    expect(pdfText(pdf)).toContain(org.name);
    const answer = await verify(file.verificationCode);
    expect(answer.pdfSha256).toBe(file.pdfSha256);
    expect(answer.dataVersion).toBe(file.dataVersion);
  });

  it("costs the same number of SQL statements for a subject with one record or with many", async () => {
    const f = fixtures(server.db, server.protector);
    const statementsFor = async (records: number) => {
      const s = await f.subject({ kind: "ORGANIZATION", name: `语句计数${records}运输有限公司` });
      for (let i = 0; i < records; i++) {
        await f.record(s.id);
        await f.entry(s.id, { reasonCode: `CASE_${i}` });
        await f.evaluation(s.id, { year: 2000 + i });
        await f.commitment(s.id);
      }
      const before = server.statements();
      expect((await getFile("ORGANIZATION", s.identifier, h.ADMIN)).status).toBe(200);
      const after = server.statements();
      return after.count - before.count - (after.audit - before.audit);
    };
    expect(await statementsFor(8)).toBe(await statementsFor(1));
  });
});
