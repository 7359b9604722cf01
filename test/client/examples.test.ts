// The embedding examples (src/client/examples/), one per caller kind, against the real service:
// their core functions on named fixtures, and each script run as a caller would run it.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { type CheckClient, createCheckClient, type SubjectRef } from "creditgate/client";
import { approve } from "../../src/client/examples/licensing-approval.js";
import { renewPermit } from "../../src/client/examples/permit-renewal.js";
import { roadsideCheck } from "../../src/client/examples/roadside-check.js";
import { asAdmin, tokenFor, withKey } from "../support/auth.js";
import { fixtures, residentId, uscc } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";
import { closedPortUrl } from "./closed-port.js";

const server = useTestServer();
const run = promisify(execFile);

let system: CheckClient;
let apiKey: string;
let f: ReturnType<typeof fixtures>;

const org = (identifier: string): SubjectRef => ({ kind: "ORGANIZATION", identifier });
const vehicle = (identifier: string): SubjectRef => ({ kind: "VEHICLE", identifier });
const vessel = (identifier: string): SubjectRef => ({ kind: "VESSEL", identifier });

beforeAll(async () => {
  f = fixtures(server.db, server.protector);
  apiKey = (await withKey(server.db, "SYSTEM", "昆明市交通运输局行政审批系统")).key;
  system = createCheckClient({ url: `${server.url}/graphql`, apiKey, headers: { "accept-language": "en" } });
});

describe("licensing approval", () => {
  it("routes a blacklisted applicant to manual review: the blacklist restricts licensing", async () => {
    const applicant = await f.subject({ kind: "ORGANIZATION", name: "昆明失信货运有限公司" });
    await f.entry(applicant.id, { list: "BLACK", reasonCode: "ILLEGAL_OPERATION" });
    const approval = await approve(system, org(applicant.identifier), { matter: "道路货物运输经营许可" });
    expect(approval.route).toBe("MANUAL_REVIEW");
    expect(approval.explanation.join("\n")).toContain("未取得道路运输经营许可擅自从事经营");
  });

  it("refuses an applicant whose blacklist entry prohibits licensing", async () => {
    const measure = await server.gql(`mutation($input: MeasureInput!) { setMeasure(input: $input) { effect } }`, {
      input: { list: "BLACK", reason: "LICENCE_FRAUD", scenario: "LICENSING", effect: "PROHIBIT", legalBasis: "《中华人民共和国行政许可法》第七十九条" },
    }, await asAdmin());
    expect(measure.errors).toBeUndefined();
    const applicant = await f.subject({ kind: "ORGANIZATION", name: "曲靖骗证运输有限公司" });
    await f.entry(applicant.id, { list: "BLACK", reasonCode: "LICENCE_FRAUD", reasonText: "以欺骗手段取得道路运输经营许可" });
    const approval = await approve(system, org(applicant.identifier), { matter: "道路货物运输经营许可", requestId: "SP-2026-0001" });
    expect(approval.route).toBe("REFUSE");
    expect(approval.result.reasons[0]).toMatchObject({ code: "LIST_ENTRY", effect: "PROHIBIT", listEntry: { reason: "LICENCE_FRAUD" } });
  });

  it("fast-tracks a red-listed applicant with nothing adverse (即时办理)", async () => {
    const applicant = await f.subject({ kind: "ORGANIZATION", name: "大理守信客运有限责任公司" });
    await f.entry(applicant.id, { list: "RED", reasonCode: "AAA_CREDIT", reasonText: "连续三年信用评价AAA" });
    expect((await approve(system, org(applicant.identifier), { matter: "道路旅客运输经营许可" })).route).toBe("FAST_TRACK");
  });

  it("handles an applicant not in the register by the normal procedure, and returns an invalid code for correction", async () => {
    expect((await approve(system, org(uscc("530111")), { matter: "道路货物运输经营许可" })).route).toBe("NORMAL");
    const invalid = await approve(system, org("91350100M000100Y4Z"), { matter: "道路货物运输经营许可" });
    expect(invalid.route).toBe("RETURN_FOR_CORRECTION");
    expect(invalid.explanation[0]).toContain("check character");
  });

  it("sends an applicant to manual review when the service is down, never the normal procedure", async () => {
    const down = createCheckClient({ url: await closedPortUrl(), apiKey, retries: 0 });
    const approval = await approve(down, org(uscc("530111")), { matter: "道路货物运输经营许可" });
    expect(approval.route).toBe("MANUAL_REVIEW");
    expect(approval.result.reasons[0]!.code).toBe("SERVICE_UNAVAILABLE");
  });
});

describe("roadside check", () => {
  it("shows raised supervision for a blacklisted driver, and review for a watch-listed vehicle and a lowest-grade operator", async () => {
    const driverId = residentId("530102", "19880215");
    const driver = await f.subject({ kind: "PERSON", name: "赵超载", identifier: driverId });
    await f.entry(driver.id, { list: "BLACK", reasonCode: "OVERLOAD_REPEATED", reasonText: "一年内违法超限运输三次以上" });
    const truck = await f.subject({ kind: "VEHICLE", name: "云A61234 重型半挂牵引车", identifier: "云A61234", plateColor: "YELLOW" });
    await f.entry(truck.id, { list: "WATCH", reasonCode: "UNPAID_FINE", reasonText: "罚款逾期未缴纳" });
    const operator = await f.subject({ kind: "ORGANIZATION", name: "昆明低信运输有限公司" });
    await f.evaluation(operator.id, { grade: "B" });

    const officer = createCheckClient({ url: `${server.url}/graphql`, token: await tokenFor({ role: "OFFICER", region: "530100" }) });
    const check = await roadsideCheck(officer, {
      driver: { kind: "PERSON", identifier: driverId },
      vehicle: { kind: "VEHICLE", identifier: "云A61234", plateColor: "YELLOW" },
      operator: org(operator.identifier),
    });
    expect(check.parties.map((p) => [p.party, p.decision, p.level, p.samplingMultiplier])).toEqual([
      ["driver", "REVIEW", "SERIOUSLY_DISHONEST", 8],
      ["vehicle", "REVIEW", "ORDINARY", 1],
      ["operator", "REVIEW", "POOR", 5],
    ]);
    expect(check.parties[0]!.result.reasons[0]).toMatchObject({ code: "LIST_ENTRY", effect: "INTENSIFY", listEntry: { reason: "OVERLOAD_REPEATED" } });
    expect(check.parties[0]!.result.supervision).toMatchObject({ interviewsPerYear: 2, trainingsPerYear: 1 });
    expect(check.inspectClosely).toBe(true);
  });

  it("lowers supervision for a trustworthy operator and lets a clean stop go routinely", async () => {
    const operator = await f.subject({ kind: "ORGANIZATION", name: "玉溪诚信物流有限公司" });
    await f.evaluation(operator.id, { grade: "AAA" });
    const check = await roadsideCheck(system, {
      driver: { kind: "PERSON", identifier: residentId("530402", "19900101") },
      vehicle: vehicle("云F23456"),
      operator: org(operator.identifier),
    });
    expect(check.parties.map((p) => [p.decision, p.level, p.samplingMultiplier])).toEqual([
      ["PASS", "ORDINARY", 1],
      ["PASS", "ORDINARY", 1],
      ["PASS", "TRUSTWORTHY", 0.1],
    ]);
    expect(check.inspectClosely).toBe(false);
  });
});

describe("permit renewal", () => {
  it("a road fleet's renewal flags the blacklisted vehicle for review and holds the permit", async () => {
    const operator = await f.subject({ kind: "ORGANIZATION", name: "红河通达货运有限公司" });
    await f.evaluation(operator.id, { grade: "AA" });
    const plates = ["云G10001", "云G10002", "云G10003", "云G10004"];
    for (const plate of plates) await f.subject({ kind: "VEHICLE", name: `${plate} 重型货车`, identifier: plate });
    const black = await f.subject({ kind: "VEHICLE", name: "云G10005 重型半挂牵引车", identifier: "云G10005" });
    await f.entry(black.id, { list: "BLACK", reasonCode: "OVERLOAD_REPEATED", reasonText: "一年内违法超限运输三次以上" });
    const fleet = [...plates.slice(0, 2), "云G10005", ...plates.slice(2), "云G1000"].map(vehicle);

    const renewal = await renewPermit(system, { operator: org(operator.identifier), fleet, scenario: "ROAD_TRANSPORT", permit: "滇交运管许可云字530000000001号" });
    expect(renewal.operator.decision).toBe("PASS");
    expect(renewal.clear.map((r) => r.ref.identifier)).toEqual(plates);
    expect(renewal.needReview.map((r) => [r.ref.identifier, r.decision, r.reasons[0]?.listEntry?.reason])).toEqual([["云G10005", "REVIEW", "OVERLOAD_REPEATED"]]);
    expect(renewal.invalid.map((r) => r.ref.identifier)).toEqual(["云G1000"]);
    expect(renewal.renewable).toBe(false);
  });

  it("a vessel fleet is checked in WATER_TRANSPORT; a clean fleet renews", async () => {
    const operator = await f.subject({ kind: "ORGANIZATION", name: "西双版纳澜沧江航运有限公司" });
    const ids = ["CN20180000001", "CN20180000002", "CN20180000003"];
    for (const id of ids) await f.subject({ kind: "VESSEL", name: `澜沧江货${id.slice(-2)}`, identifier: id });
    const clean = await renewPermit(system, { operator: org(operator.identifier), fleet: ids.map(vessel), scenario: "WATER_TRANSPORT", permit: "水路运输许可证年度核查" });
    expect(clean).toMatchObject({ renewable: true, needReview: [], invalid: [] });

    const blackVessel = await f.subject({ kind: "VESSEL", name: "澜沧江货09", identifier: "CN20180000009" });
    await f.entry(blackVessel.id, { list: "BLACK", reasonCode: "SAFETY_SERIOUS", reasonText: "发生较大水上交通事故负主要责任" });
    const held = await renewPermit(system, {
      operator: org(operator.identifier), fleet: [...ids, "CN20180000009"].map(vessel), scenario: "WATER_TRANSPORT", permit: "水路运输许可证年度核查",
    });
    expect(held.needReview.map((r) => [r.ref.identifier, r.decision])).toEqual([["CN20180000009", "REVIEW"]]);
    expect(held.renewable).toBe(false);
  });
});

describe("the example scripts run as callers run them", () => {
  const script = (name: string) => fileURLToPath(new URL(`../../src/client/examples/${name}`, import.meta.url));
  const runScript = (name: string, args: string[]) => run(process.execPath, ["--import", "tsx", script(name), ...args], {
    env: { ...process.env, CREDITGATE_URL: `${server.url}/graphql`, CREDITGATE_API_KEY: apiKey, CREDITGATE_TOKEN: "" },
    timeout: 30_000,
  });

  it("each script reads the service and credential from the environment and prints its decision", async () => {
    const applicant = await f.subject({ kind: "ORGANIZATION", name: "普洱茶马古道客运有限公司" });
    await f.entry(applicant.id, { list: "RED", reasonCode: "AAA_CREDIT", reasonText: "连续三年信用评价AAA" });
    const [licensing, roadside, renewal] = await Promise.all([
      runScript("licensing-approval.ts", [applicant.identifier, "道路旅客运输经营许可"]),
      runScript("roadside-check.ts", [residentId(), "云J12345", applicant.identifier]),
      runScript("permit-renewal.ts", [applicant.identifier, "云J12345", "云J12346"]),
    ]);
    expect(licensing.stdout).toContain("FAST_TRACK 即时办理");
    expect(roadside.stdout).toMatch(/operator +普洱茶马古道客运有限公司: FAST_TRACK, supervision ORDINARY ×1/);
    expect(renewal.stdout).toContain("2 of 2 clear; renew");
  });

  /** The script's exit code and output, whether it succeeded or not. */
  const outcome = async (name: string, args: string[], env: Record<string, string> = {}) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", script(name), ...args], {
        env: { ...process.env, CREDITGATE_URL: `${server.url}/graphql`, CREDITGATE_API_KEY: apiKey, CREDITGATE_TOKEN: "", ...env },
        timeout: 30_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: unknown; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
  const STACK_FRAME = /^\s+at /m;

  it("licensing approval exits 3 with a clear message when the service is down, and never prints 'not in the register'", async () => {
    const down = await outcome("licensing-approval.ts", [uscc("530111"), "道路货物运输经营许可"], { CREDITGATE_URL: await closedPortUrl() });
    expect(down.code).toBe(3);
    expect(down.stdout).toContain("MANUAL_REVIEW 转人工审查");
    expect(down.stdout).not.toContain("not in the register");
    expect(down.stderr).toMatch(/^creditgate is unavailable \(creditgate did not answer.*ECONNREFUSED.*\): nobody was checked/);
    expect(down.stderr).not.toMatch(STACK_FRAME);
  });

  it.each([
    ["licensing-approval.ts", [uscc("530111")]],
    ["roadside-check.ts", [residentId(), "云J12345", uscc("530111")]],
    ["permit-renewal.ts", [uscc("530111"), "云J12345"]],
  ])("%s exits 2 naming the missing setting when no credential is set, without a stack trace", async (name, args) => {
    const result = await outcome(name, args, { CREDITGATE_API_KEY: "", CREDITGATE_TOKEN: "" });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe("no credential: set CREDITGATE_API_KEY (a SYSTEM key) or CREDITGATE_TOKEN (an OFFICER or ADMIN JWT)");
    expect(result.stdout).toBe("");
  });

  it("a refused key exits 2 with the service's reason, without a stack trace", async () => {
    const result = await outcome("licensing-approval.ts", [uscc("530111")], { CREDITGATE_API_KEY: "cg_not-a-key" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^creditgate refused the check \(UNAUTHENTICATED\)/);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it("an invalid identifier exits 1 naming it and the rule it breaks", async () => {
    const valid = residentId();
    const wrongCheckCharacter = valid.slice(0, 17) + (valid[17] === "0" ? "1" : "0");
    const [licensing, roadside, renewal] = await Promise.all([
      outcome("licensing-approval.ts", ["91350100M000100Y4Z"]),
      outcome("roadside-check.ts", [wrongCheckCharacter, "云J12345", uscc("530111")]),
      outcome("permit-renewal.ts", [uscc("530111"), "云J12345", "云G1000"]),
    ]);
    for (const result of [licensing, roadside, renewal]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^1 invalid identifier\(s\); correct them and check again:\n  (ORGANIZATION|PERSON|VEHICLE) "/);
      expect(result.stderr).not.toMatch(STACK_FRAME);
    }
    expect(licensing.stdout).toContain("RETURN_FOR_CORRECTION 退回补正");
    expect(licensing.stderr).toContain("91350100M000100Y4Z");
    expect(renewal.stderr).toContain("云G1000");
  });
});
