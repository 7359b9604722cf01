// The credit file as a PDF: its facts in Chinese, with the data version, the time it was made, its
// verification code and a QR code of the verification URL. pdfkit embeds only the glyphs used
// (a subset) of a CJK font found on the machine (Debian's fonts-noto-cjk) or named by setting.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { AppError } from "../../shared/errors.js";
import { type Message, msg, render } from "../../shared/i18n/index.js";
import type { CreditFileFacts } from "./creditfile.facts.js";

export interface FileFont {
  path: string;
  /** The face inside a collection (.ttc); null for a single font file. */
  family: string | null;
}

/** Debian's fonts-noto-cjk; the Simplified Chinese face of its collection. */
const CANDIDATES: FileFont[] = [
  { path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", family: "NotoSansCJKsc-Regular" },
  { path: "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", family: "NotoSerifCJKsc-Regular" },
];

let found: FileFont | null = null;
/** The font files' bytes, read once per process (the Noto CJK collection is ~19 MB: reading it per file costs more than drawing). */
const bytes = new Map<string, Buffer>();
const fontData = (path: string) => {
  let data = bytes.get(path);
  if (!data) bytes.set(path, (data = readFileSync(path)));
  return data;
};

/**
 * The CJK font files are drawn in: CREDIT_FILE_FONT (a .ttf/.otf, or `path.ttc#Face`), else
 * Debian's Noto CJK, else what fontconfig knows for Chinese. Without one a file would show boxes,
 * so it is refused instead.
 */
export function resolveFont(setting?: string): FileFont {
  if (setting) {
    const [path, family] = setting.split("#");
    return { path: path!, family: family ?? null };
  }
  if (found) return found;
  found = CANDIDATES.find((f) => existsSync(f.path)) ?? fromFontconfig();
  if (!found) throw new AppError("SERVICE_UNAVAILABLE", msg("error.serviceUnavailable"));
  return found;
}

function fromFontconfig(): FileFont | null {
  try {
    const out = execFileSync("fc-list", [":lang=zh-cn", "file", "postscriptname"], { encoding: "utf8" });
    const line = out.split("\n").map((l) => l.trim()).find((l) => /\.(ttf|otf|ttc)/i.test(l));
    if (!line) return null;
    const [path, rest] = line.split(/:\s*/, 2);
    const family = rest?.match(/postscriptname=([^:]+)/)?.[1] ?? null;
    return { path: path!, family: path!.toLowerCase().endsWith(".ttc") ? family : null };
  } catch {
    return null;
  }
}

export interface FileMeta {
  code: string;
  verifyUrl: string;
  dataVersion: string;
  issuedAt: Date;
  issuerRole: string;
}

const ZH = "zh-CN" as const;
const t = (key: string, params?: Record<string, unknown>) => render(msg(`creditFile.${key}`, params), ZH);
const plain = (m: Message) => render(m, ZH);

/** A time as China reads it: 2026-07-01 09:30:00. */
export function chinaTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

export async function renderCreditFile(facts: CreditFileFacts, meta: FileMeta, font: FileFont): Promise<Buffer> {
  // Loaded on the first file, not at start: the PDF and QR libraries are not on the check's path.
  const [{ default: PDFDocument }, { default: QRCode }] = await Promise.all([import("pdfkit"), import("qrcode")]);
  const qr = await QRCode.toBuffer(meta.verifyUrl, { type: "png", margin: 1, width: 240, errorCorrectionLevel: "M" });
  const doc = new PDFDocument({
    size: "A4", margin: 56, bufferPages: true,
    info: { Title: t("title"), Subject: meta.code, Creator: "creditgate", CreationDate: meta.issuedAt },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  if (font.family) doc.registerFont("cjk", fontData(font.path), font.family);
  else doc.registerFont("cjk", fontData(font.path));
  doc.font("cjk");

  doc.fontSize(20).text(t("title"), { align: "center" });
  doc.moveDown(0.5).fontSize(10).fillColor("#444")
    .text(t("madeAt", { time: chinaTime(meta.issuedAt), version: meta.dataVersion }), { align: "center" })
    .text(t("reader", { role: t(`role.${meta.issuerRole}`) }), { align: "center" });
  doc.fillColor("black");

  const heading = (key: string) => doc.moveDown(1).fontSize(14).text(t(`sections.${key}`)).moveDown(0.3).fontSize(10);
  const line = (label: string, value: string) => doc.text(`${label}：${value}`);
  const none = () => doc.fillColor("#666").text(t("none")).fillColor("black");

  const s = facts.subject;
  heading("subject");
  line(t("field.name"), s.name);
  line(t("field.kind"), t(`kind.${s.kind}`));
  line(t(`identifier.${s.kind}`), s.identifier);
  line(t("field.region"), s.region);
  if (s.legalRepresentative != null) line(t("field.legalRepresentative"), s.legalRepresentative);
  if (s.phone != null) line(t("field.phone"), s.phone);
  if (s.address != null) line(t("field.address"), s.address);

  heading("listEntries");
  if (facts.listEntries.length === 0) none();
  for (const e of facts.listEntries) {
    doc.text(`【${plain(msg(`check.list.${e.list}`))}】${e.reasonText}（${e.reason}）`);
    doc.text(`${t("field.authority")}：${e.authority}；${t("field.effective")}：${e.effectiveFrom} ${e.effectiveUntil ? t("until", { date: e.effectiveUntil }) : t("open")}；`
      + `${t("field.status")}：${plain(msg(`state.status.${e.status}`))}`).moveDown(0.3);
  }

  heading("records");
  if (facts.records.length === 0) none();
  for (const r of facts.records) {
    doc.text(`【${t(`category.${r.category}`)}】${r.decisionNumber}　${r.decisionDate}　${r.authority}`);
    doc.text(r.content);
    doc.text(`${t("field.severity")}：${t(`severity.${r.severity}`)}；${t("field.status")}：${plain(msg(`state.status.${r.status}`))}`).moveDown(0.3);
  }

  heading("evaluations");
  if (facts.evaluations.length === 0) none();
  for (const e of facts.evaluations) {
    doc.text(`${plain(msg(`check.sector.${e.sector}`, { defaultValue: e.sector }))}　${e.year}${t("field.year")}　${t("field.grade")}：${e.grade}`);
  }

  heading("commitments");
  if (facts.commitments.length === 0) none();
  for (const c of facts.commitments) {
    doc.text(`【${t(`commitmentKind.${c.kind}`, { defaultValue: c.kind })}】${c.matter}　${t("field.signedAt")}：${chinaTime(new Date(c.signedAt))}；`
      + `${t("field.status")}：${plain(msg(`state.status.${c.status}`, { defaultValue: c.status }))}`);
  }

  // The verification block: code, URL and QR code together, on a page of their own if need be.
  if (doc.y > doc.page.height - 56 - 170) doc.addPage();
  doc.moveDown(1.5);
  const top = doc.y;
  doc.image(qr, doc.page.margins.left, top, { width: 110 });
  const textX = doc.page.margins.left + 125;
  doc.fontSize(12).text(t("verification", { code: meta.code }), textX, top);
  doc.fontSize(9).text(t("verifyAt", { url: meta.verifyUrl }), textX, doc.y + 4, { width: doc.page.width - textX - 56 });
  doc.text(t("notice"), textX, doc.y + 4, { width: doc.page.width - textX - 56 });

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits below the text area: no new page for it
    doc.fontSize(8).fillColor("#666").text(`${meta.code}　${t("page", { page: i + 1, pages: range.count })}`,
      56, doc.page.height - 40, { align: "center", width: doc.page.width - 112, lineBreak: false });
  }
  doc.end();
  return done;
}
