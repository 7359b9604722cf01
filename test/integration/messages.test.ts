// Messages in the clerks' language (issue 11, item 4): Simplified Chinese unless the request asks
// for English with Accept-Language; the codes a client branches on are the same in both.
import { beforeAll, describe, expect, it } from "vitest";
import { usccCheckChar } from "../../src/shared/identifiers.js";
import { asAdmin, type Headers, withKey } from "../support/auth.js";
import { daysFromToday, fixtures, residentId, uscc } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();

/** Chinese unless `language` is given: no Accept-Language at all is the default. */
async function ask(query: string, variables: Record<string, unknown>, headers: Headers, language?: string) {
  const res = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(language ? { "accept-language": language } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions: Record<string, any> }[] } };
}

/** What a clerk reads, and the code beside it. */
interface Said { code: string; message: string }

const firstError = async (query: string, variables: Record<string, unknown>, headers: Headers, language?: string): Promise<Said> => {
  const { body } = await ask(query, variables, headers, language);
  expect(body.errors?.length, JSON.stringify(body)).toBeGreaterThan(0);
  return { code: body.errors![0]!.extensions.code, message: body.errors![0]!.message };
};

const SUBJECT = `query ($ref: SubjectRef!) { subject(ref: $ref) { name } }`;
const CHECK = `query ($input: CheckInput!) { check(input: $input) { results { error { code message } reasons { code message } } } }`;
const SUBMIT = `mutation ($input: [RecordInput!]!) { submitRecords(input: $input) { records { id } } }`;
const COMMIT = `mutation ($input: CommitmentInput!) { registerCommitment(input: $input) { id } }`;
const APPLY = `mutation ($input: RepairInput!) { applyRepair(input: $input) { id } }`;
const DECIDE = `mutation ($id: ID!) { decideRepair(id: $id, approved: true, reason: "整改到位，同意修复") { id } }`;

let system: Headers;
let admin: Headers;
const org = (identifier: string) => ({ kind: "ORGANIZATION", identifier });
const first17 = uscc("530102").slice(0, 17);
const expectedCheck = usccCheckChar(first17);
const wrongCheck = expectedCheck === "Z" ? "Y" : "Z";
const scene: { old?: string; young?: string; youngEarliest?: string; uncommitted?: string; repair?: string; lowGrade?: string; black?: string } = {};

let penalties = 0;
const penalty = (identifier: string, name: string, decisionDate: string) => ({
  sourceSystem: "YN-ENFORCEMENT", decisionNumber: `云交执罚〔2025〕语${++penalties}号`, category: "PENALTY", subject: org(identifier), subjectName: name,
  content: "超限运输，罚款2000元", decisionDate, authority: "昆明市交通运输综合行政执法支队",
});
const submit = async (identifier: string, name: string, decisionDate: string): Promise<string> => {
  const { body } = await ask(SUBMIT, { input: [penalty(identifier, name, decisionDate)] }, system);
  expect(body.errors).toBeUndefined();
  return body.data.submitRecords.records[0].id;
};
const applyInput = (targetId: string) => ({ input: { targetKind: "RECORD", targetId, reason: "已按要求整改并缴清罚款" } });

beforeAll(async () => {
  system = (await withKey(server.db, "SYSTEM", "审批系统")).headers;
  admin = await asAdmin();
  const f = fixtures(server.db, server.protector);
  // A subject with a penalty past its minimum and one within it, and a repair commitment in force.
  const committed = uscc("530102");
  scene.old = await submit(committed, "语言测试甲物流有限公司", daysFromToday(-120));
  scene.young = await submit(committed, "语言测试甲物流有限公司", daysFromToday(-10));
  const commitment = await ask(COMMIT, { input: {
    ref: org(committed), kind: "REPAIR", matter: "信用修复", content: "本单位承诺已纠正失信行为", signedAt: new Date(Date.now() - 3600_000).toISOString(),
  } }, system);
  expect(commitment.body.errors).toBeUndefined();
  // A repair decided once, to be decided again.
  const applied = await ask(APPLY, applyInput(scene.old), system);
  expect(applied.body.errors).toBeUndefined();
  scene.repair = applied.body.data.applyRepair.id;
  expect((await ask(DECIDE, { id: scene.repair }, admin)).body.errors).toBeUndefined();
  // A subject without any commitment.
  const other = uscc("530102");
  scene.uncommitted = await submit(other, "语言测试乙物流有限公司", daysFromToday(-120));
  const low = await f.subject({ kind: "ORGANIZATION", name: "语言测试丙物流有限公司", region: "530102" });
  await f.evaluation(low.id, { sector: "ROAD_FREIGHT", grade: "B", year: 2025 });
  scene.lowGrade = low.identifier;
  const black = await f.subject({ kind: "ORGANIZATION", name: "语言测试丁物流有限公司", region: "530102" });
  await f.entry(black.id, { list: "BLACK", reasonCode: "ILLEGAL_OPERATION", reasonText: "未取得道路运输经营许可擅自从事经营" });
  scene.black = black.identifier;
});

const checkOf = async (identifier: string, kind: string, language?: string) => {
  const { body } = await ask(CHECK, { input: { scenario: "LICENSING", subjects: [{ kind, identifier }] } }, system, language);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data.check.results[0] as { error: Said | null; reasons: Said[] };
};

const JOINT_PUNISHMENT = "《关于对交通运输领域严重失信主体实施联合惩戒的合作备忘录》";

/** Each situation a clerk meets: how to bring it about in a language, and what is said in Chinese and in English. */
const SITUATIONS: { situation: string; said: (language?: string) => Promise<Said>; code: string; zh: () => string; en: () => string }[] = [
  {
    situation: "a USCC with a wrong check character",
    said: (language) => firstError(SUBJECT, { ref: org(first17 + wrongCheck) }, {}, language),
    code: "INVALID_IDENTIFIER",
    zh: () => `统一社会信用代码校验位应为 ${expectedCheck}，实为 ${wrongCheck}`,
    en: () => `USCC check character should be ${expectedCheck}, got ${wrongCheck}`,
  },
  {
    situation: "a resident ID with a birth date that is not a date",
    said: async (language) => (await checkOf(residentId("530102", "19850230"), "PERSON", language)).error!,
    code: "INVALID_IDENTIFIER",
    zh: () => "公民身份号码中的出生日期 19850230（第 7-14 位）不是有效日期",
    en: () => "resident ID birth date 19850230 (positions 7-14) is not a real date",
  },
  {
    situation: "a check by a PUBLIC caller",
    said: (language) => firstError(CHECK, { input: { scenario: "LICENSING", subjects: [org(uscc())] } }, {}, language),
    code: "FORBIDDEN",
    zh: () => "公众用户无权进行信用核查",
    en: () => "PUBLIC callers may not run checks",
  },
  {
    situation: "a repair without a repair commitment",
    said: (language) => firstError(APPLY, applyInput(scene.uncommitted!), system, language),
    code: "COMMITMENT_REQUIRED",
    zh: () => "信用修复须有主体已签署且有效的信用修复承诺（registerCommitment，kind 为 REPAIR）",
    en: () => "a repair needs the subject's signed repair commitment (registerCommitment, kind REPAIR) in force",
  },
  {
    situation: "a repair within the minimum publication period",
    said: (language) => firstError(APPLY, applyInput(scene.young!), system, language),
    code: "TOO_EARLY",
    zh: () => `最短公示期至 ${scene.youngEarliest}，届时起方可申请信用修复`,
    en: () => `the minimum publication period runs until ${scene.youngEarliest}: repair can be applied for from then on`,
  },
  {
    situation: "a repair decided twice",
    said: (language) => firstError(DECIDE, { id: scene.repair }, admin, language),
    code: "INVALID_STATE",
    zh: () => "该信用修复申请为已批准，而非待审核",
    en: () => "the repair is APPROVED, not PENDING",
  },
  {
    situation: "a credential that is neither a key nor a token",
    said: (language) => firstError(`{ me { role } }`, {}, { authorization: "Bearer not-a-credential" }, language),
    code: "UNAUTHENTICATED",
    zh: () => "凭证既不是 API 密钥也不是令牌",
    en: () => "credential is neither an API key nor a token",
  },
  {
    situation: "a check reason for the lowest grade",
    said: async (language) => (await checkOf(scene.lowGrade!, "ORGANIZATION", language)).reasons[0]!,
    code: "LOWEST_GRADE",
    zh: () => "道路货物运输 2025 年度信用评价 B 级，为最低等级",
    en: () => "road freight transport 2025 credit evaluation grade B, the lowest grade",
  },
  {
    situation: "a check reason for a blacklist entry",
    said: async (language) => (await checkOf(scene.black!, "ORGANIZATION", language)).reasons[0]!,
    code: "LIST_ENTRY", // the entry's own reason code is listEntry.reason
    zh: () => `黑名单：未取得道路运输经营许可擅自从事经营。行政许可措施：限制（${JOINT_PUNISHMENT}）`,
    en: () => `blacklist: 未取得道路运输经营许可擅自从事经营. Measure in licensing: restrict (${JOINT_PUNISHMENT})`,
  },
];

/** Three English words in a row: an English sentence left in a Chinese message. */
const ENGLISH_SENTENCE = /[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}/;

describe("messages are Chinese by default and English with Accept-Language: en; codes are the same", () => {
  beforeAll(async () => {
    // The earliest day the service names for the young penalty, read once in English.
    const said = await firstError(APPLY, applyInput(scene.young!), system, "en");
    scene.youngEarliest = /until (\d{4}-\d{2}-\d{2})/.exec(said.message)?.[1];
    expect(scene.youngEarliest).toBeDefined();
  });

  it.each(SITUATIONS.map((s) => [s.situation, s] as const))("%s", async (_situation, s) => {
    const zh = await s.said();
    expect(zh).toEqual({ code: s.code, message: s.zh() });
    expect(zh.message).toMatch(/\p{Script=Han}/u);
    expect(zh.message).not.toMatch(ENGLISH_SENTENCE);
    expect(await s.said("en")).toEqual({ code: s.code, message: s.en() });
    expect(await s.said("en-US")).toEqual({ code: s.code, message: s.en() });
  });

  it("Accept-Language picks the best of Chinese and English; anything else is answered in Chinese", async () => {
    const usccCase = SITUATIONS[0]!;
    expect((await usccCase.said("zh-CN,zh;q=0.9,en;q=0.8")).message).toBe(usccCase.zh());
    expect((await usccCase.said("fr-FR, en;q=0.5")).message).toBe(usccCase.en());
    expect((await usccCase.said("fr-FR")).message).toBe(usccCase.zh());
    expect((await usccCase.said("en;q=0.4, zh;q=0.9")).message).toBe(usccCase.zh());
  });

  it("a refusal before GraphQL runs is in the request's language too, with its HTTP status", async () => {
    const zh = await ask(`{ me { role } }`, {}, { authorization: "Bearer not-a-credential" });
    const en = await ask(`{ me { role } }`, {}, { authorization: "Bearer not-a-credential" }, "en");
    expect([zh.status, en.status]).toEqual([401, 401]);
    expect(zh.body.errors![0]!.extensions).toEqual(en.body.errors![0]!.extensions);
  });
});
