// Credit files (一户式信用档案): who may have one made, what it shows (exactly what its caller may
// see in the API), the record kept of it (digests, never personal data in clear), and the answer
// of `/verify/:code`: authentic and current, changed since (naming the sections), or unknown.
import { createHash, randomBytes } from "node:crypto";
import { inJurisdiction, mayNot, seesContacts, seesFullPersonId, seesHistory, type Scope, type SubjectInView } from "../../auth/policy.js";
import type { Principal } from "../../auth/principal.js";
import type { Config } from "../../config.js";
import type { Database } from "../../db/client.js";
import { readDataVersion } from "../../db/version.js";
import { chinaDate } from "../../shared/clock.js";
import { AppError } from "../../shared/errors.js";
import { msg } from "../../shared/i18n/index.js";
import { maskPersonId } from "../../shared/identifiers.js";
import type { Protector } from "../../shared/protect.js";
import type { RequestAudit } from "../audit/audit.request.js";
import type { GrantService } from "../grant/grant.service.js";
import type { Loaders } from "../index.js";
import type { SubjectNode, SubjectRefInput, SubjectService } from "../subject/subject.service.js";
import { changedSections, creditFileFacts, factsDigests, type FileView, type RegisterData, type Section } from "./creditfile.facts.js";
import { renderCreditFile, resolveFont } from "./creditfile.pdf.js";
import { type CreditFileRow, findCreditFileByCode, insertCreditFile } from "./creditfile.store.js";

/** What issuing reads from the request. */
export interface FileRequest {
  principal: Principal;
  today: string;
  audit: RequestAudit;
}

export type FileLoaders = Pick<Loaders, "subject" | "list" | "record" | "evaluation" | "commitment">;

/** The principal verification reads the register as (private persons included): it answers only digests' verdicts. */
const VERIFIER: Principal = { role: "SYSTEM", id: "system:verify", name: "credit file verification", region: null, keyId: null };

export interface IssuedFile {
  row: CreditFileRow;
  pdf: Buffer;
  verifyUrl: string;
}

export const VERIFICATION_STATUSES = ["CURRENT", "CHANGED", "UNKNOWN"] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export interface Verification {
  status: VerificationStatus;
  code: string;
  issuedAt: Date | null;
  dataVersion: string | null;
  pdfSha256: string | null;
  /** The sections that differ now from the file (CHANGED only). */
  changed: Section[];
  /** For the audit event of the verification only: never shown to whoever asks. */
  subjectId: string | null;
}

/** Crockford's base32 without I, L, O, U: no letter to misread for a digit. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]!).join("");
  return chars.match(/.{4}/g)!.join("-");
}

/** A code as a person may type it (lower case, spaces, O for 0, I and L for 1), canonical, or null. */
export function canonicalCode(input: string): string | null {
  const raw = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (raw.length !== 16 || [...raw].some((c) => !ALPHABET.includes(c))) return null;
  return raw.match(/.{4}/g)!.join("-");
}

export class CreditFileService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly protector: Protector,
    private readonly subjects: SubjectService,
    private readonly grants: GrantService,
    private readonly loadersFor: (today: string, principal: Principal) => FileLoaders,
  ) {}

  /** Where the service listens, once it does: the verification URL's base when PUBLIC_URL is not set. */
  private listening: string | null = null;

  listeningAt(url: string): void {
    this.listening = url;
  }

  verifyUrl(code: string): string {
    const base = (this.config.PUBLIC_URL ?? this.listening ?? `http://${this.config.HOST}:${this.config.PORT}`).replace(/\/+$/, "");
    return `${base}/verify/${code}`;
  }

  /**
   * Makes a subject's credit file for the caller: ADMIN, an OFFICER for a subject in its region,
   * a PROVIDER under the subject's grant with scope REPORT. Kept with its digests; audited by the
   * mutation it runs in, with the protected fields it showed.
   */
  async issue(ref: SubjectRefInput, grantId: string | null, req: FileRequest): Promise<IssuedFile> {
    const { principal } = req;
    if (!["ADMIN", "OFFICER", "PROVIDER"].includes(principal.role)) throw mayNot(principal.role, "issue credit files");
    if (principal.role === "PROVIDER" && !grantId) throw new AppError("GRANT_INVALID", msg("creditFile.grantRequired"));
    // A grant lets its provider read a person who has no public information, as creditReport does.
    const subject = await this.subjects.byRef(ref, req, principal.role !== "PROVIDER" || Boolean(grantId));
    let scopes: Scope[] | null = null;
    if (grantId && principal.role !== "OFFICER") {
      const grant = await this.grants.authorize(grantId, subject?.id ?? null, principal);
      scopes = grant.scopes as Scope[];
      req.audit.note({ grant: { id: grant.id, purpose: grant.purpose } });
    }
    if (!subject) throw new AppError("NOT_FOUND", msg("notFound.subject"));
    const inView: SubjectInView = { region: subject.region, grantScopes: scopes };
    if (principal.role === "OFFICER" && !inJurisdiction(principal, inView)) throw new AppError("FORBIDDEN", msg("creditFile.outsideRegion"));
    const view: FileView = {
      history: seesHistory(principal, inView),
      personId: seesFullPersonId(principal, inView),
      contacts: seesContacts(principal, inView),
    };

    const facts = creditFileFacts(await this.registerData({ ...subject, grantScopes: scopes }, view, this.loadersFor(req.today, principal)), view);
    const salt = randomBytes(16).toString("base64url");
    const digests = factsDigests(facts, salt);
    const code = newCode();
    const issuedAt = new Date();
    const dataVersion = await readDataVersion(this.db);
    const verifyUrl = this.verifyUrl(code);
    const pdf = await renderCreditFile(facts, { code, verifyUrl, dataVersion, issuedAt, issuerRole: principal.role },
      resolveFont(this.config.CREDIT_FILE_FONT));
    const row = await insertCreditFile(this.db, {
      code, subjectId: subject.id, view, issuedBy: principal.id, issuerRole: principal.role, grantId: scopes ? grantId : null,
      dataVersion, salt, factsDigest: digests.facts, sectionDigests: digests.sections,
      pdfSha256: createHash("sha256").update(pdf).digest("hex"), issuedAt,
    });

    req.audit.note({ subjects: [subject] });
    if (subject.kind === "PERSON" && view.personId) req.audit.note({ protectedField: "PERSON_ID" });
    for (const field of ["legalRepresentative", "phone", "address"] as const) {
      if (facts.subject[field] != null) req.audit.note({ protectedField: field });
    }
    return { row, pdf, verifyUrl };
  }

  /**
   * Whether a file with this code was issued and still shows what the register says now, as its
   * reader would see it. Answers only the status, when it was made and which sections changed:
   * nothing the file did not show.
   */
  async verify(input: string): Promise<Verification> {
    const code = canonicalCode(input);
    const row = code ? await findCreditFileByCode(this.db, code) : null;
    if (!row) return { status: "UNKNOWN", code: code ?? input, issuedAt: null, dataVersion: null, pdfSha256: null, changed: [], subjectId: null };
    const loaders = this.loadersFor(chinaDate(), VERIFIER);
    const subject = await loaders.subject.byId.load(row.subjectId);
    const changed: Section[] = subject
      ? changedSections(row.sectionDigests, factsDigests(creditFileFacts(await this.registerData(subject, row.view, loaders), row.view), row.salt).sections)
      : ["subject"];
    return {
      status: changed.length ? "CHANGED" : "CURRENT",
      code: row.code, issuedAt: row.issuedAt, dataVersion: row.dataVersion, pdfSha256: row.pdfSha256, changed, subjectId: row.subjectId,
    };
  }

  /** The subject's register data for a view, protected values opened only where the view shows them. */
  private async registerData(subject: SubjectNode, view: FileView, loaders: FileLoaders): Promise<RegisterData> {
    const [entries, records, evaluations, commitments] = await Promise.all([
      (view.history ? loaders.list.all : loaders.list.active).load(subject.id),
      (view.history ? loaders.record.all : loaders.record.published).load(subject.id),
      loaders.evaluation.bySubject.load(subject.id),
      loaders.commitment.bySubject.load(subject.id),
    ]);
    const personId = subject.kind === "PERSON" ? this.protector.open(subject.identifierSealed ?? "") ?? "" : subject.identifier;
    const open = (field: "legalRepresentative" | "phone" | "address") => (view.contacts ? this.subjects.protectedValue(subject, field) : null);
    return {
      subject: {
        kind: subject.kind, name: subject.name, region: subject.region,
        identifier: personId, maskedIdentifier: subject.kind === "PERSON" ? maskPersonId(personId) : personId,
        legalRepresentative: open("legalRepresentative"), phone: open("phone"), address: open("address"),
      },
      entries: entries.map((e) => ({ list: e.list, reasonCode: e.reasonCode, reasonText: e.reasonText, authority: e.authority,
        effectiveFrom: e.effectiveFrom, effectiveUntil: e.effectiveUntil, status: e.status })),
      records: records.map((r) => ({ category: r.category, decisionNumber: r.decisionNumber, content: r.content, decisionDate: r.decisionDate,
        authority: r.authority, severity: r.severity, status: r.status, published: true })),
      evaluations,
      commitments,
    };
  }
}
