import { beforeAll, describe, expect, it } from "vitest";
import { subject } from "../../src/db/schema.js";
import { fixtures, residentId, uscc } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();

const SEARCH = /* GraphQL */ `
  query ($name: String!, $kind: SubjectKind, $region: String, $first: Int, $after: String) {
    searchSubjects(name: $name, kind: $kind, region: $region, first: $first, after: $after) {
      nodes { kind identifier name region }
      pageInfo { hasNextPage endCursor }
    }
  }`;

const names = (data: any): string[] => data.searchSubjects.nodes.map((n: { name: string }) => n.name);

beforeAll(async () => {
  const f = fixtures(server.db, server.protector);
  await f.subject({ kind: "ORGANIZATION", name: "昆明滇运物流有限公司", region: "530102" });
  await f.subject({ kind: "ORGANIZATION", name: "曲靖滇运物流有限公司", region: "530302" });
  await f.subject({ kind: "ORGANIZATION", name: "大理苍洱客运有限责任公司", region: "532901" });
  await f.subject({ kind: "VESSEL", name: "滇运货0001", region: "530102" });
  const driver = await f.subject({ kind: "PERSON", name: "滇运明", identifier: residentId("530102") });
  await f.entry(driver.id, { list: "BLACK", reasonCode: "OVERLOAD_REPEATED" });
  await f.subject({ kind: "PERSON", name: "滇运华", identifier: residentId("530102") }); // private: no public information
  for (let i = 0; i < 25; i++) await f.subject({ kind: "ORGANIZATION", name: `西双版纳澜沧江航运${i}号有限公司`, region: "532801" });
});

describe("searchSubjects", () => {
  it("finds names that contain the text", async () => {
    const { data, errors } = await server.gql(SEARCH, { name: "滇运物流" });
    expect(errors).toBeUndefined();
    expect(names(data).sort()).toEqual(["昆明滇运物流有限公司", "曲靖滇运物流有限公司"]);
  });

  it("finds similar names that do not contain the text, best match first", async () => {
    const { data } = await server.gql(SEARCH, { name: "大理苍洱客运有限公司" });
    expect(names(data)[0]).toBe("大理苍洱客运有限责任公司");
  });

  it("filters by kind", async () => {
    const { data } = await server.gql(SEARCH, { name: "滇运", kind: "VESSEL" });
    expect(names(data)).toEqual(["滇运货0001"]);
  });

  it("filters by region prefix", async () => {
    const prefecture = await server.gql(SEARCH, { name: "滇运物流", region: "5303" });
    expect(names(prefecture.data)).toEqual(["曲靖滇运物流有限公司"]);
    const province = await server.gql(SEARCH, { name: "滇运物流", region: "53" });
    expect(names(province.data)).toHaveLength(2);
  });

  it("finds a person with public information but never a private one", async () => {
    const { data } = await server.gql(SEARCH, { name: "滇运", kind: "PERSON" });
    expect(names(data)).toEqual(["滇运明"]);
    expect(data!.searchSubjects.nodes[0].identifier).toMatch(/^530102\*{8}\d{3}[\dX]$/);
  });

  it("pages through every match once, in a stable order", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { data, errors }: any = await server.gql(SEARCH, { name: "澜沧江航运", first: 10, after });
      expect(errors).toBeUndefined();
      seen.push(...names(data));
      after = data.searchSubjects.pageInfo.hasNextPage ? data.searchSubjects.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });

  it.each([
    [{ name: "  " }, "name"],
    [{ name: "滇运", region: "5a01" }, "region"],
    [{ name: "滇运", first: 0 }, "first"],
    [{ name: "滇运", first: 101 }, "first"],
    [{ name: "滇运", after: "not-a-cursor" }, "cursor"],
    [{ name: "滇运", after: Buffer.from(JSON.stringify([1e-50, "00000000-0000-0000-0000-000000000000"])).toString("base64url") }, "cursor"],
    [{ name: "滇\u0000运" }, "NUL"],
  ])("rejects bad arguments %j with BAD_USER_INPUT", async (variables, word) => {
    const { errors } = await server.gql(SEARCH, variables);
    expect(errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(errors![0]!.message).toContain(word);
  });
});

/** Code-point order, the order broad terms' names are ranked in (byte order in PostgreSQL). */
const byCodePoint = (a: string, b: string) => {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};

async function allPages(variables: Record<string, unknown>): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  do {
    const { data, errors }: any = await server.gql(SEARCH, { ...variables, after });
    expect(errors).toBeUndefined();
    seen.push(...names(data));
    after = data.searchSubjects.pageInfo.hasNextPage ? data.searchSubjects.pageInfo.endCursor : null;
  } while (after);
  return seen;
}

describe("searchSubjects for broad terms (one to three characters, or a word in very many names)", () => {
  beforeAll(async () => {
    const f = fixtures(server.db, server.protector);
    for (const name of ["骉", "骉达客运有限公司", "骉通物流有限公司", "骉骉运输有限公司", "昆明骉马汽车运输有限公司", "文山小骉物流有限公司"]) {
      await f.subject({ kind: "ORGANIZATION", name, region: "530102" });
    }
    // 2,001 names containing 普洱茶马, more than a word may be in for similarity to rank it.
    await server.db.insert(subject).values([
      { kind: "ORGANIZATION", identifier: uscc(), name: "普洱茶马", region: "530802" },
      { kind: "ORGANIZATION", identifier: uscc(), name: "西双版纳普洱茶马古道运输有限公司", region: "532801" },
      ...Array.from({ length: 2_000 }, (_, i) => ({ kind: "ORGANIZATION" as const, identifier: uscc(), name: `普洱茶马${i}号运输有限公司`, region: "530802" })),
    ]);
  });

  it("a character: the name itself first, then names beginning with it in code-point order, then the names containing it", async () => {
    const { data, errors } = await server.gql(SEARCH, { name: "骉" });
    expect(errors).toBeUndefined();
    const found = names(data);
    expect(found.slice(0, 4)).toEqual(["骉", "骉达客运有限公司", "骉通物流有限公司", "骉骉运输有限公司"]);
    expect(found.slice(4).sort()).toEqual(["文山小骉物流有限公司", "昆明骉马汽车运输有限公司"].sort());
  });

  it("pages through a broad term's matches once each, in the same order as one large page", async () => {
    const paged = await allPages({ name: "骉", first: 2 });
    const { data } = await server.gql(SEARCH, { name: "骉", first: 100 });
    expect(paged).toEqual(names(data));
    expect(paged).toHaveLength(6);
  });

  it("a word in more than 2,000 names is ranked as a broad term: after the name itself, in code-point order", async () => {
    const { data, errors } = await server.gql(SEARCH, { name: "普洱茶马", first: 30 });
    expect(errors).toBeUndefined();
    const found = names(data);
    expect(found[0]).toBe("普洱茶马");
    const rest = found.slice(1);
    expect(rest).toHaveLength(29);
    expect(rest.every((n) => n.startsWith("普洱茶马"))).toBe(true);
    expect(rest).toEqual([...rest].sort(byCodePoint));
  });

  it("pages through a common word's 2,002 matches once each", async () => {
    const paged = await allPages({ name: "普洱茶马", first: 100 });
    expect(paged).toHaveLength(2_002);
    expect(new Set(paged).size).toBe(2_002);
    expect(paged.at(-1)).toBe("西双版纳普洱茶马古道运输有限公司");
  });
});
