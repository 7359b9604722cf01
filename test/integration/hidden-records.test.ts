// A repaired or unpublished record never reaches PUBLIC or PROVIDER, whichever way they ask.
import { beforeAll, describe, expect, it } from "vitest";
import { withKey } from "../support/auth.js";
import { asAdmin } from "../support/auth.js";
import { fixtures } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();
const HIDDEN = ["隐藏已修复〔2026〕1号", "隐藏未公开〔2026〕2号", "隐藏已撤销〔2026〕3号", "隐藏已到期〔2023〕4号"];
const RECORDS = "records(includeUnpublished: true) { decisionNumber }";

let org: { identifier: string };
let callers: Record<string, Record<string, string>>;
let grantId: string;

beforeAll(async () => {
  const f = fixtures(server.db, server.protector);
  const s = await f.subject({ kind: "ORGANIZATION", name: "隐藏记录测试物流有限公司" });
  await f.entry(s.id, { list: "BLACK", reasonCode: "HIDDEN_TEST" });
  await f.record(s.id, { decisionNumber: "公开〔2026〕0号" });
  await f.record(s.id, { decisionNumber: HIDDEN[0], status: "REPAIRED" });
  await f.record(s.id, { decisionNumber: HIDDEN[1], publishedAt: null });
  await f.record(s.id, { decisionNumber: HIDDEN[2], status: "REVOKED" });
  await f.record(s.id, { decisionNumber: HIDDEN[3], status: "EXPIRED" });
  org = s;
  const provider = await withKey(server.db, "PROVIDER", "报告机构");
  callers = { PUBLIC: {}, PROVIDER: provider.headers };
  const { data } = await server.gql(`mutation ($input: GrantInput!) { grantAuthorization(input: $input) { id } }`, {
    input: { ref: { kind: "ORGANIZATION", identifier: s.identifier }, providerKeyId: provider.id, scopes: ["REPORT", "CONTACT"], purpose: "授信", validUntil: new Date(Date.now() + 3600_000).toISOString() },
  }, await asAdmin());
  grantId = data!.grantAuthorization.id;
});

const paths: [string, () => { query: string; variables: Record<string, unknown> }][] = [
  ["subject", () => ({ query: `query ($ref: SubjectRef!) { subject(ref: $ref) { ${RECORDS} } }`, variables: { ref: { kind: "ORGANIZATION", identifier: org.identifier } } })],
  ["searchSubjects", () => ({ query: `{ searchSubjects(name: "隐藏记录测试") { nodes { ${RECORDS} } } }`, variables: {} })],
  ["listEntries → subject", () => ({ query: `{ listEntries(reason: "HIDDEN_TEST") { nodes { subject { ${RECORDS} } } } }`, variables: {} })],
];

describe("hidden records", () => {
  it.each(["PUBLIC", "PROVIDER"].flatMap((caller) => paths.map(([path, make]) => ({ caller, path, make }))))(
    "$caller never gets a repaired, unpublished, revoked or expired record through $path",
    async ({ caller, make }) => {
      const { query, variables } = make();
      const { data, errors } = await server.gql(query, variables, callers[caller]);
      expect(errors).toBeUndefined();
      const text = JSON.stringify(data);
      expect(text).toContain("公开〔2026〕0号");
      for (const hidden of HIDDEN) expect(text).not.toContain(hidden);
    },
  );

  it("a PROVIDER with a valid grant never gets them in the credit report", async () => {
    const { data, errors } = await server.gql(
      `query ($ref: SubjectRef!, $grantId: ID!) { creditReport(ref: $ref, grantId: $grantId) { subject { ${RECORDS} } } }`,
      { ref: { kind: "ORGANIZATION", identifier: org.identifier }, grantId }, callers.PROVIDER);
    expect(errors).toBeUndefined();
    const text = JSON.stringify(data);
    expect(text).toContain("公开〔2026〕0号");
    for (const hidden of HIDDEN) expect(text).not.toContain(hidden);
  });

  it("the credit office still reads them all", async () => {
    const { data } = await server.gql(`query ($ref: SubjectRef!) { subject(ref: $ref) { ${RECORDS} } }`,
      { ref: { kind: "ORGANIZATION", identifier: org.identifier } }, await asAdmin());
    for (const hidden of HIDDEN) expect(JSON.stringify(data)).toContain(hidden);
  });
});
