import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEMO_SHOWCASE } from "../../src/seed/synthetic.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer({ demo: true });

describe("the demo register", () => {
  it("answers a demo organization's USCC with its name, region and active list entries", async () => {
    const org = DEMO_SHOWCASE.blacklistedOrg;
    const { data, errors } = await server.gql(
      `query ($ref: SubjectRef!) { subject(ref: $ref) { name region listEntries { list status reason } records { category } } }`,
      { ref: { kind: org.kind, identifier: org.identifier } },
    );
    expect(errors).toBeUndefined();
    expect(data!.subject).toMatchObject({ name: org.name, region: org.region });
    expect(data!.subject.listEntries).toContainEqual({ list: "BLACK", status: "ACTIVE", reason: "OVERLOAD_FLEET" });
    expect(data!.subject.records).toContainEqual({ category: "PENALTY" });
  });

  it("keeps its private person out of the public's reach", async () => {
    const { data } = await server.gql(`query ($ref: SubjectRef!) { subject(ref: $ref) { name } }`,
      { ref: { kind: "PERSON", identifier: DEMO_SHOWCASE.privatePerson.identifier } });
    expect(data!.subject).toBeNull();
  });

  it("has entries on every list across Yunnan's prefectures", async () => {
    const { data } = await server.gql(`{ listEntries(first: 100) { nodes { list subject { region } } } }`);
    const nodes = data!.listEntries.nodes as { list: string; subject: { region: string } }[];
    expect(new Set(nodes.map((n) => n.list))).toEqual(new Set(["RED", "BLACK", "WATCH"]));
    expect(new Set(nodes.map((n) => n.subject.region.slice(0, 4))).size).toBeGreaterThan(5);
  });

  it("is the one the README shows", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    for (const subject of Object.values(DEMO_SHOWCASE)) expect(readme).toContain(subject.identifier);
  });
});

describe("the demo register's listing rules", () => {
  const ENTRIES = `query ($ref: SubjectRef!) { subject(ref: $ref) { listEntries { list reason rule } } }`;
  const entriesOf = async (ref: { kind: string; identifier: string }) => {
    const { asAdmin } = await import("../support/auth.js");
    const { data, errors } = await server.gql(ENTRIES, { ref: { kind: ref.kind, identifier: ref.identifier } }, await asAdmin());
    expect(errors).toBeUndefined();
    return data!.subject.listEntries;
  };

  it("lists the vehicle with 4 over-limit penalties and its driver by the rules, warns of the one with 3, and lists 昆明滇运 by the fleet rule", async () => {
    const { RULES_SHOWCASE } = await import("../../src/seed/rules-showcase.js");
    const { ruleListedVehicle, ruleListedDriver, warnedVehicle } = RULES_SHOWCASE;
    expect(await entriesOf(ruleListedVehicle)).toEqual([{ list: "BLACK", reason: "OVERLOAD_REPEATED", rule: "OVERLIMIT_VEHICLE" }]);
    expect(await entriesOf(ruleListedDriver)).toEqual([{ list: "BLACK", reason: "OVERLOAD_REPEATED", rule: "OVERLIMIT_DRIVER" }]);
    expect(await entriesOf(warnedVehicle)).toEqual([]);
    expect(await entriesOf(DEMO_SHOWCASE.blacklistedOrg)).toContainEqual({ list: "BLACK", reason: "OVERLOAD_FLEET", rule: "OVERLIMIT_FLEET" });
    const { asAdmin } = await import("../support/auth.js");
    const { data } = await server.gql(`{ creditWarnings(warningKind: NEAR_LISTING) { nodes { rule subject { identifier } } } }`, {}, await asAdmin());
    expect(data!.creditWarnings.nodes).toContainEqual({ rule: "OVERLIMIT_VEHICLE", subject: { identifier: warnedVehicle.identifier } });
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    for (const subject of Object.values(RULES_SHOWCASE)) expect(readme).toContain(subject.identifier);
  });
});
