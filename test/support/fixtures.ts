// Named builders for test registers: each test says what its subjects are, in domain terms.
import type { Database } from "../../src/db/client.js";
import { commitment, creditRecord, evaluation, listEntry, subject } from "../../src/db/schema.js";
import { residentIdCheckChar, USCC_ALPHABET, usccCheckChar } from "../../src/shared/identifiers.js";
import type { Protector } from "../../src/shared/protect.js";

type New<T extends { $inferInsert: unknown }> = Partial<T["$inferInsert"]>;

let sequence = 0;
const next = () => ++sequence;

/** A valid USCC registered in `county`, distinct on each call. */
export function uscc(county = "530102"): string {
  let n = next();
  let org = "";
  for (let i = 0; i < 9; i++) { org = USCC_ALPHABET[n % 31] + org; n = Math.floor(n / 31); }
  const body = `91${county}${org}`;
  return body + usccCheckChar(body);
}

/** A valid resident ID born on `birth` (YYYYMMDD) in `county`, distinct on each call. */
export function residentId(county = "530102", birth = "19850314"): string {
  const body = `${county}${birth}${String(next() % 1000).padStart(3, "0")}`;
  return body + residentIdCheckChar(body);
}

export const daysFromToday = (days: number): string => {
  const d = new Date(Date.now() + 8 * 3600_000); // China time
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** `protector`: the test service's, so that fixtures are stored sealed as the service expects. */
export function fixtures(db: Database, protector: Protector) {
  return {
    /** Returns the row with `identifier` and contacts in the clear, as the test wrote them. */
    async subject(values: New<typeof subject> & Pick<typeof subject.$inferInsert, "kind" | "name">) {
      const identifier = values.identifier ?? (values.kind === "PERSON" ? residentId() : values.kind === "ORGANIZATION" ? uscc() : `CN${String(next()).padStart(11, "0")}`);
      const person = values.kind === "PERSON";
      const [row] = await db.insert(subject).values({
        region: person ? identifier.slice(0, 6) : "530102",
        ...values,
        identifier: person ? protector.lookupKey(identifier) : identifier,
        identifierSealed: person ? protector.seal(identifier) : null,
        legalRepresentative: protector.seal(values.legalRepresentative ?? null),
        phone: protector.seal(values.phone ?? null),
        address: protector.seal(values.address ?? null),
      }).returning();
      return { ...row!, identifier, legalRepresentative: values.legalRepresentative ?? null, phone: values.phone ?? null, address: values.address ?? null };
    },
    async entry(subjectId: string, values: New<typeof listEntry> = {}) {
      const [row] = await db.insert(listEntry).values({
        subjectId, list: "BLACK", reasonCode: "ILLEGAL_OPERATION", reasonText: "未取得道路运输经营许可擅自从事经营",
        authority: "云南省交通运输厅", effectiveFrom: daysFromToday(-30), ...values,
      }).returning();
      return row!;
    },
    async record(subjectId: string, values: New<typeof creditRecord> = {}) {
      const n = next();
      const [row] = await db.insert(creditRecord).values({
        subjectId, category: "PENALTY", decisionNumber: `云交执罚〔2026〕${n}号`, content: "超限运输，罚款",
        decisionDate: daysFromToday(-20), authority: "昆明市交通运输综合行政执法支队", sourceSystem: "YN-ENFORCEMENT",
        publishedAt: new Date(Date.now() - 15 * 86400_000), publicationEnds: daysFromToday(1000), ...values,
      }).returning();
      return row!;
    },
    async evaluation(subjectId: string, values: New<typeof evaluation> = {}) {
      const [row] = await db.insert(evaluation).values({
        subjectId, sector: "ROAD_FREIGHT", year: 2025, grade: "AA", evaluator: "云南省交通运输厅", ...values,
      }).returning();
      return row!;
    },
    async commitment(subjectId: string, values: New<typeof commitment> = {}) {
      const [row] = await db.insert(commitment).values({
        subjectId, kind: "LICENSING", matter: "道路货物运输经营许可", content: "承诺所提交材料真实有效",
        signedAt: new Date(Date.now() - 86400_000), ...values,
      }).returning();
      return row!;
    },
  };
}
