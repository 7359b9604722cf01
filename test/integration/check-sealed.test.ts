// The check reads a subject's sealed values (a person's ID number, the contacts) only when the
// answer serves them (issue 16): whatever way the document asks for them — directly, through a
// fragment or an inline fragment — they come out as the subject lookup serves them, and a check
// that does not ask decides the same.
import { parse } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { asksSealed } from "../../src/modules/check/check.resolver.js";
import { asAdmin, type Headers, withKey } from "../support/auth.js";
import { fixtures, residentId } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();
const personId = residentId("530102", "19880808");
let orgId: string;
let admin: Headers;
let system: Headers;

const refs = () => [{ kind: "PERSON", identifier: personId }, { kind: "ORGANIZATION", identifier: orgId }];

beforeAll(async () => {
  const f = fixtures(server.db, server.protector);
  const person = await f.subject({ kind: "PERSON", name: "张三", identifier: personId, phone: "13800000000" });
  await f.entry(person.id, { list: "BLACK" });
  const org = await f.subject({ kind: "ORGANIZATION", name: "封存字段测试物流有限公司", legalRepresentative: "李四", phone: "0871-1234567", address: "昆明市五华区" });
  orgId = org.identifier;
  admin = await asAdmin();
  system = (await withKey(server.db, "SYSTEM", "审批系统")).headers;
});

async function check(selection: string, headers: Headers, fragments = "") {
  const { data, errors } = await server.gql(`query ($input: CheckInput!) { check(input: $input) { results { decision ${selection} } } } ${fragments}`,
    { input: { scenario: "LICENSING", subjects: refs() } }, headers);
  expect(errors).toBeUndefined();
  return data!.check.results as { decision: string; subject?: Record<string, string | null> }[];
}

describe("sealed subject fields in a check's answer", () => {
  it("asked directly, a person's full ID number and the contacts are served to the credit office", async () => {
    const results = await check("subject { identifier legalRepresentative phone address }", admin);
    expect(results.map((r) => r.subject)).toEqual([
      { identifier: personId, legalRepresentative: null, phone: "13800000000", address: null },
      { identifier: orgId, legalRepresentative: "李四", phone: "0871-1234567", address: "昆明市五华区" },
    ]);
  });

  it("asked through a fragment or an inline fragment, they are served the same", async () => {
    const viaFragment = await check("...R", admin, "fragment R on CheckResult { subject { ...S } } fragment S on Subject { phone identifier }");
    const viaInline = await check("... on CheckResult { subject { ... on Subject { phone identifier } } }", admin);
    const expected = [{ phone: "13800000000", identifier: personId }, { phone: "0871-1234567", identifier: orgId }];
    expect(viaFragment.map((r) => r.subject)).toEqual(expected);
    expect(viaInline.map((r) => r.subject)).toEqual(expected);
  });

  it("a check that does not ask for them decides the same, and serves the other subject fields", async () => {
    const asked = await check("subject { name phone }", admin);
    const plain = await check("subject { name region }", system);
    expect(plain.map((r) => r.decision)).toEqual(asked.map((r) => r.decision));
    expect(plain.map((r) => r.subject!.name)).toEqual(["张三", "封存字段测试物流有限公司"]);
    expect(plain.map((r) => r.decision)).toEqual(["REVIEW", "PASS"]);
  });
});

describe("asksSealed: whether a check document asks for a sealed subject field", () => {
  const cases: [string, string, boolean][] = [
    ["decisions and reasons only", "{ check(input: $i) { results { decision reasons { code } } } }", false],
    ["the subject's name and region", "{ check(input: $i) { results { subject { name region } } } }", false],
    ["the identifier", "{ check(input: $i) { results { subject { identifier } } } }", true],
    ["the echoed ref's identifier (not sealed)", "{ check(input: $i) { results { ref { identifier } subject { name } } } }", false],
    ["a contact under a directive", "{ check(input: $i) { results { subject { phone @include(if: false) } } } }", true],
    ["a contact through nested fragments", "{ check(input: $i) { ...A } } fragment A on CheckReport { results { ...B } } fragment B on CheckResult { subject { address } }", true],
    ["a contact through an inline fragment", "{ check(input: $i) { results { ... on CheckResult { subject { ... { legalRepresentative } } } } } }", true],
  ];
  it.each(cases)("%s", (_name, text, expected) => {
    const document = parse(text.replace("{ check", "query ($i: CheckInput!) { check"));
    const operation = document.definitions.find((d) => d.kind === "OperationDefinition")!;
    const fragments = Object.fromEntries(document.definitions.filter((d) => d.kind === "FragmentDefinition").map((d) => [d.name.value, d]));
    const field = operation.kind === "OperationDefinition" ? operation.selectionSet.selections[0] : null;
    expect(asksSealed({ fieldNodes: [field as never], fragments: fragments as never })).toBe(expected);
  });
});
