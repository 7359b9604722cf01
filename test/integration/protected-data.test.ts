// Protected personal data at rest: a dump of the tables shows no ID number, phone or address,
// and the service still finds a person by ID number and serves the values to those entitled.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../src/db/client.js";
import { DEMO_SHOWCASE } from "../../src/seed/synthetic.js";
import { asAdmin } from "../support/auth.js";
import { fixtures, residentId } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer({ demo: true });
const ID = residentId("530102", "19790505");
const PHONE = "13987654321";
const ADDRESS = "云南省昆明市五华区翠湖南路99号";

beforeAll(async () => {
  const f = fixtures(server.db, server.protector);
  const p = await f.subject({ kind: "PERSON", name: "钱七", identifier: ID, phone: PHONE, address: ADDRESS, legalRepresentative: null });
  await f.record(p.id);
  await f.subject({ kind: "ORGANIZATION", name: "钱七运输有限公司", legalRepresentative: "钱七", phone: PHONE, address: ADDRESS });
});

const dump = async () => {
  const result = await server.db.execute(sql`select s::text as row from subject s`);
  const rows = rowsOf<{ row: string }>(result);
  // Row ids are UUIDs, whose hex groups can read like a landline ("…-8094-2601253e…"): they are
  // masked so only the columns that could hold a value in the clear are scanned.
  return rows.map((r) => r.row.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>")).join("\n");
};

describe("protected personal data at rest", () => {
  it("the subject table holds no ID number, phone or address in the clear", async () => {
    const text = await dump();
    expect(text).toContain("钱七运输有限公司"); // the dump is real
    for (const secret of [ID, PHONE, ADDRESS, "翠湖南路"]) expect(text).not.toContain(secret);
  });

  it("nor does the seeded register", async () => {
    const text = await dump();
    expect(text).toContain(DEMO_SHOWCASE.blacklistedOrg.name);
    for (const person of [DEMO_SHOWCASE.blacklistedDriver, DEMO_SHOWCASE.privatePerson]) expect(text).not.toContain(person.identifier);
    expect(text).not.toMatch(/(?<![0-9A-Z])1[3-9]\d{9}(?![0-9])|(?<![0-9A-Za-z])0\d{2,3}-\d{7,8}(?![0-9])|云南省[^\t,"]*\d+号/);
  });

  it("a person is still found by ID number, and an entitled caller reads the values", async () => {
    const { data, errors } = await server.gql(`query ($ref: SubjectRef!) { subject(ref: $ref) { identifier phone address } }`,
      { ref: { kind: "PERSON", identifier: ID.toLowerCase() } }, await asAdmin());
    expect(errors).toBeUndefined();
    expect(data!.subject).toEqual({ identifier: ID, phone: PHONE, address: ADDRESS });
  });
});
