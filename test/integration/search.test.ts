import { beforeAll, describe, expect, it } from "vitest";
import { fixtures, residentId } from "../support/fixtures.js";
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
