import { beforeAll, describe, expect, it } from "vitest";
import { daysFromToday, fixtures, residentId } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();

const SUBJECT = /* GraphQL */ `
  query ($ref: SubjectRef!, $category: RecordCategory, $all: Boolean) {
    subject(ref: $ref) {
      id kind identifier name region regionName sectors
      listEntries(includeInactive: $all) { list reason reasonText authority effectiveFrom effectiveUntil status }
      records(category: $category, includeUnpublished: $all) { category decisionNumber status publishedAt }
      evaluations { sector year grade }
      commitments { kind matter status signedAt }
    }
  }`;

let org: { identifier: string };
let person: { identifier: string };
let privatePerson: { identifier: string };

beforeAll(async () => {
  const f = fixtures(server.db, server.protector);
  const o = await f.subject({
    kind: "ORGANIZATION", name: "昆明滇运物流有限公司", region: "530102", sectors: ["ROAD_FREIGHT"],
    legalRepresentative: "张建国", phone: "0871-63123456", address: "云南省昆明市五华区人民中路1号",
  });
  await f.entry(o.id, { list: "BLACK", reasonCode: "OVERLOAD_REPEATED" });
  await f.entry(o.id, { list: "WATCH", reasonCode: "UNPAID_FINE", effectiveUntil: daysFromToday(-1) }); // ended yesterday
  await f.entry(o.id, { list: "RED", reasonCode: "AAA_GRADE", status: "REPAIRED" });
  await f.record(o.id, { category: "PENALTY", decisionNumber: "云交执罚〔2026〕1号" });
  await f.record(o.id, { category: "LICENSING", decisionNumber: "昆交许〔2026〕2号", publicationEnds: null });
  await f.record(o.id, { decisionNumber: "云交执罚〔2026〕3号", publishedAt: null }); // not yet published
  await f.record(o.id, { decisionNumber: "云交执罚〔2026〕4号", status: "REPAIRED" });
  await f.record(o.id, { decisionNumber: "云交执罚〔2026〕5号", status: "REVOKED" });
  await f.record(o.id, { decisionNumber: "云交执罚〔2023〕6号", publicationEnds: daysFromToday(-1) }); // period over
  await f.evaluation(o.id, { year: 2024, grade: "A" });
  await f.evaluation(o.id, { year: 2025, grade: "AA" });
  await f.commitment(o.id);
  org = o;

  const p = await f.subject({ kind: "PERSON", name: "李四", identifier: residentId("530111", "19800101") });
  await f.record(p.id, { decisionNumber: "云交执罚〔2026〕7号" });
  person = p;
  privatePerson = await f.subject({ kind: "PERSON", name: "王五", identifier: residentId("530111", "19900101") });
});

describe("subject(ref)", () => {
  it("returns an organization's name, region and active list entries by its USCC", async () => {
    const { data, errors } = await server.gql(SUBJECT, { ref: { kind: "ORGANIZATION", identifier: org.identifier } });
    expect(errors).toBeUndefined();
    expect(data!.subject).toMatchObject({
      kind: "ORGANIZATION", identifier: org.identifier, name: "昆明滇运物流有限公司", region: "530102", regionName: "昆明市五华区",
      sectors: ["ROAD_FREIGHT"],
    });
    expect(data!.subject.listEntries).toEqual([
      expect.objectContaining({ list: "BLACK", reason: "OVERLOAD_REPEATED", status: "ACTIVE" }),
    ]);
  });

  it("accepts lower case, spaces and full-width characters in the identifier", async () => {
    const messy = ` ${org.identifier.slice(0, 9).toLowerCase()} ${[...org.identifier.slice(9)].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("")} `;
    const { data, errors } = await server.gql(SUBJECT, { ref: { kind: "ORGANIZATION", identifier: messy } });
    expect(errors).toBeUndefined();
    expect(data!.subject.identifier).toBe(org.identifier);
  });

  it("rejects a USCC with a wrong check character, naming the expected one", async () => {
    const { data, errors } = await server.gql(SUBJECT, { ref: { kind: "ORGANIZATION", identifier: "91350100M000100Y4Z" } });
    expect(data?.subject ?? null).toBeNull();
    expect(errors![0]!.extensions).toMatchObject({ code: "INVALID_IDENTIFIER", rule: "check" });
    expect(errors![0]!.message).toContain("3");
    expect(JSON.stringify(errors)).not.toMatch(/stack|select|at .*\.ts/i);
  });

  it.each([
    ["ORGANIZATION", "9135010", "length"],
    ["PERSON", "530102199902301234", "date"],
    ["VEHICLE", "云I12345", "character"],
    ["VESSEL", "CN12345", "length"],
  ])("rejects a bad %s identifier %s with rule %s", async (kind, identifier, rule) => {
    const { errors } = await server.gql(SUBJECT, { ref: { kind, identifier } });
    expect(errors![0]!.extensions).toMatchObject({ code: "INVALID_IDENTIFIER", rule });
  });

  it("is null for a valid identifier that is not in the register", async () => {
    const { data, errors } = await server.gql(SUBJECT, { ref: { kind: "ORGANIZATION", identifier: "91310000631696382C" } });
    expect(errors).toBeUndefined();
    expect(data!.subject).toBeNull();
  });

  it("never gives the public protected fields: each is null with FORBIDDEN, and the rest still comes", async () => {
    const { data, errors } = await server.gql(
      `query ($ref: SubjectRef!) { subject(ref: $ref) { name legalRepresentative phone address } }`,
      { ref: { kind: "ORGANIZATION", identifier: org.identifier } },
    );
    expect(data!.subject).toEqual({ name: "昆明滇运物流有限公司", legalRepresentative: null, phone: null, address: null });
    expect(errors!.map((e) => [e.path!.join("."), e.extensions!.code]).sort()).toEqual([
      ["subject.address", "FORBIDDEN"], ["subject.legalRepresentative", "FORBIDDEN"], ["subject.phone", "FORBIDDEN"],
    ]);
  });

  it("shows the public only published records within their period, even when asked for all", async () => {
    const { data } = await server.gql(SUBJECT, { ref: { kind: "ORGANIZATION", identifier: org.identifier }, all: true });
    expect(data!.subject.records.map((r: { decisionNumber: string }) => r.decisionNumber).sort())
      .toEqual(["云交执罚〔2026〕1号", "昆交许〔2026〕2号"].sort());
    expect(data!.subject.listEntries.map((e: { list: string }) => e.list)).toEqual(["BLACK"]);
  });

  it("filters records by category", async () => {
    const { data } = await server.gql(SUBJECT, { ref: { kind: "ORGANIZATION", identifier: org.identifier }, category: "LICENSING" });
    expect(data!.subject.records).toEqual([expect.objectContaining({ category: "LICENSING", decisionNumber: "昆交许〔2026〕2号" })]);
  });

  it("returns evaluations newest first and commitments", async () => {
    const { data } = await server.gql(SUBJECT, { ref: { kind: "ORGANIZATION", identifier: org.identifier } });
    expect(data!.subject.evaluations).toEqual([
      { sector: "ROAD_FREIGHT", year: 2025, grade: "AA" },
      { sector: "ROAD_FREIGHT", year: 2024, grade: "A" },
    ]);
    expect(data!.subject.commitments).toEqual([expect.objectContaining({ kind: "LICENSING", status: "VALID" })]);
  });

  it("masks a person's identifier for the public", async () => {
    const { data } = await server.gql(SUBJECT, { ref: { kind: "PERSON", identifier: person.identifier } });
    expect(data!.subject.identifier).toBe(`${person.identifier.slice(0, 6)}********${person.identifier.slice(-4)}`);
    expect(JSON.stringify(data)).not.toContain(person.identifier);
  });

  it("does not let the public learn a private person's name from a full ID number", async () => {
    const { data, errors } = await server.gql(SUBJECT, { ref: { kind: "PERSON", identifier: privatePerson.identifier } });
    expect(errors).toBeUndefined();
    expect(data!.subject).toBeNull();
  });
});

describe("vehicles and vessels", () => {
  let truck: { identifier: string };
  let ship: { identifier: string };
  beforeAll(async () => {
    const f = fixtures(server.db, server.protector);
    truck = await f.subject({ kind: "VEHICLE", name: "云A3K2M7 重型半挂牵引车", identifier: "云A3K2M7", plateColor: "YELLOW", region: "530100" });
    await f.entry((truck as any).id, { list: "BLACK", reasonCode: "OVERLOAD_REPEATED" });
    ship = await f.subject({ kind: "VESSEL", name: "澜沧江货0168", identifier: "CN20123456789", region: "532801" });
  });

  it("finds a vehicle by plate, with or without its colour, and never hides it for a wrong colour", async () => {
    const q = `query ($ref: SubjectRef!) { subject(ref: $ref) { identifier plateColor listEntries { reason } } }`;
    for (const plateColor of [undefined, "YELLOW", "BLUE"]) {
      const { data, errors } = await server.gql(q, { ref: { kind: "VEHICLE", identifier: " 云a3k2m7 ", plateColor } });
      expect(errors).toBeUndefined();
      expect(data!.subject).toEqual({ identifier: "云A3K2M7", plateColor: "YELLOW", listEntries: [{ reason: "OVERLOAD_REPEATED" }] });
    }
  });

  it("rejects a plate colour that cannot fit the plate", async () => {
    const { errors } = await server.gql(`query ($ref: SubjectRef!) { subject(ref: $ref) { name } }`,
      { ref: { kind: "VEHICLE", identifier: "云A3K2M7", plateColor: "GREEN" } });
    expect(errors![0]!.extensions).toMatchObject({ code: "INVALID_IDENTIFIER", rule: "color" });
  });

  it("finds a vessel by its identification number", async () => {
    const { data } = await server.gql(`query ($ref: SubjectRef!) { subject(ref: $ref) { name regionName } }`,
      { ref: { kind: "VESSEL", identifier: "cn 20123456789" } });
    expect(data!.subject).toEqual({ name: "澜沧江货0168", regionName: "西双版纳傣族自治州景洪市" });
  });
});
