// The permission matrix of README "Callers and what they see", generated from one table: every caller
// (each role, and a PROVIDER under each kind of grant) × each field group × a subject inside and
// outside the officer's jurisdiction gets exactly the answer the table gives.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { daysFromToday, fixtures, residentId } from "../support/fixtures.js";
import { asAdmin, asOfficer, type Headers, withKey } from "../support/auth.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();

type Place = "in" | "out";
type Group = "identity" | "personId" | "publicInfo" | "history" | "contacts" | "creditReport" | "audit" | "write";
type GrantCase = "valid" | "expired" | "revoked" | "otherProvider" | "otherSubject" | "reportOnly" | "noReport";
type Caller = "PUBLIC" | "PROVIDER" | "SYSTEM" | "OFFICER" | "ADMIN" | `PROVIDER+${GrantCase}`;

/** An answer that depends on where the subject is gets `{ in, out }`. */
type Answer = string | { in: string; out: string };

// The table. Answers: yes / no (shown or not), full / masked (a person's ID), value / FORBIDDEN
// (protected fields: the value, or null with FORBIDDEN), ok / FORBIDDEN / GRANT_INVALID
// (operations), all / own (audit events). Through a grant every group is read in creditReport.
const GROUPS: Group[] = ["identity", "personId", "publicInfo", "history", "contacts", "creditReport", "audit", "write"];
const MATRIX: Record<Caller, Answer[]> = {
  //                       identity  personId                      publicInfo  history                      contacts                           creditReport     audit        write
  PUBLIC:                  ["yes", "masked",                       "yes",      "no",                        "FORBIDDEN",                       "FORBIDDEN",     "FORBIDDEN", "FORBIDDEN"],
  PROVIDER:                ["yes", "masked",                       "yes",      "no",                        "FORBIDDEN",                       "GRANT_INVALID", "FORBIDDEN", "FORBIDDEN"],
  "PROVIDER+valid":        ["yes", "full",                         "yes",      "no",                        "value",                           "ok",            "FORBIDDEN", "FORBIDDEN"],
  "PROVIDER+reportOnly":   ["yes", "masked",                       "yes",      "no",                        "FORBIDDEN",                       "ok",            "FORBIDDEN", "FORBIDDEN"],
  "PROVIDER+noReport":     ["GRANT_INVALID", "GRANT_INVALID",      "GRANT_INVALID", "GRANT_INVALID",        "GRANT_INVALID",                   "GRANT_INVALID", "FORBIDDEN", "FORBIDDEN"],
  "PROVIDER+expired":      ["GRANT_INVALID", "GRANT_INVALID",      "GRANT_INVALID", "GRANT_INVALID",        "GRANT_INVALID",                   "GRANT_INVALID", "FORBIDDEN", "FORBIDDEN"],
  "PROVIDER+revoked":      ["GRANT_INVALID", "GRANT_INVALID",      "GRANT_INVALID", "GRANT_INVALID",        "GRANT_INVALID",                   "GRANT_INVALID", "FORBIDDEN", "FORBIDDEN"],
  "PROVIDER+otherProvider":["GRANT_INVALID", "GRANT_INVALID",      "GRANT_INVALID", "GRANT_INVALID",        "GRANT_INVALID",                   "GRANT_INVALID", "FORBIDDEN", "FORBIDDEN"],
  "PROVIDER+otherSubject": ["GRANT_INVALID", "GRANT_INVALID",      "GRANT_INVALID", "GRANT_INVALID",        "GRANT_INVALID",                   "GRANT_INVALID", "FORBIDDEN", "FORBIDDEN"],
  SYSTEM:                  ["yes", "full",                         "yes",      "no",                        "FORBIDDEN",                       "FORBIDDEN",     "FORBIDDEN", "FORBIDDEN"],
  OFFICER:                 ["yes", { in: "full", out: "masked" },  "yes",      { in: "yes", out: "no" },    { in: "value", out: "FORBIDDEN" }, "FORBIDDEN",     "own",       "FORBIDDEN"],
  ADMIN:                   ["yes", "full",                         "yes",      "yes",                       "value",                           "ok",            "all",       "ok"],
};

const OFFICER_REGION = "530100"; // Kunming
const COUNTY: Record<Place, string> = { in: "530102", out: "532901" }; // Kunming Wuhua / Dali

interface PlaceFixtures {
  org: { identifier: string; name: string; phone: string };
  person: { identifier: string };
  grants: Record<GrantCase, { org: string; person: string }>;
}

const places = {} as Record<Place, PlaceFixtures>;
const headers = {} as Record<"PUBLIC" | "PROVIDER" | "SYSTEM" | "OFFICER" | "ADMIN", Headers>;
let providerKeyId = "";
let otherProviderName = "";

beforeAll(async () => {
  const f = fixtures(server.db, server.protector);
  const provider = await withKey(server.db, "PROVIDER", "云南诚信评估有限公司");
  const otherProvider = await withKey(server.db, "PROVIDER", "另一家信用服务机构");
  providerKeyId = provider.id;
  otherProviderName = otherProvider.name;
  Object.assign(headers, {
    PUBLIC: {},
    PROVIDER: provider.headers,
    SYSTEM: (await withKey(server.db, "SYSTEM", "行政审批系统")).headers,
    OFFICER: await asOfficer(OFFICER_REGION, "officer-kunming"),
    ADMIN: await asAdmin("admin-matrix"),
  });
  const admin = headers.ADMIN;

  for (const place of ["in", "out"] as Place[]) {
    const county = COUNTY[place];
    const org = await f.subject({
      kind: "ORGANIZATION", name: `矩阵测试${place}运输有限公司`, region: county,
      legalRepresentative: "赵六", phone: `0871-6${place === "in" ? "1" : "2"}000000`, address: "云南省某地某路1号",
    });
    await f.entry(org.id, { list: "BLACK", reasonCode: "ACTIVE_ONE" });
    await f.entry(org.id, { list: "WATCH", reasonCode: "ENDED_ONE", status: "EXPIRED", effectiveUntil: daysFromToday(-10) });
    await f.record(org.id, { decisionNumber: `矩阵公开〔${place}〕1号` });
    await f.record(org.id, { decisionNumber: `矩阵未公开〔${place}〕2号`, publishedAt: null });
    await f.evaluation(org.id);
    await f.commitment(org.id);
    const person = await f.subject({ kind: "PERSON", name: `矩阵${place}`, identifier: residentId(county, "19800101") });
    await f.record(person.id, { decisionNumber: `矩阵个人〔${place}〕3号` });

    const grant = async (ref: { kind: string; identifier: string }, extra: Record<string, unknown> = {}) => {
      const input = { ref, providerKeyId, scopes: ["REPORT", "CONTACT", "PERSON_ID"], purpose: "贷款审查", validUntil: new Date(Date.now() + 86400_000).toISOString(), ...extra };
      const { data, errors } = await server.gql(`mutation ($input: GrantInput!) { grantAuthorization(input: $input) { id } }`, { input }, admin);
      expect(errors).toBeUndefined();
      return data!.grantAuthorization.id as string;
    };
    const both = async (extra: Record<string, unknown> = {}, after?: (id: string) => Promise<void>) => {
      const ids = {
        org: await grant({ kind: "ORGANIZATION", identifier: org.identifier }, extra),
        person: await grant({ kind: "PERSON", identifier: person.identifier }, extra),
      };
      if (after) { await after(ids.org); await after(ids.person); }
      return ids;
    };
    const valid = await both();
    const expire = async (id: string) => {
      await server.db.execute(sql`update "grant" set valid_until = now() - interval '1 day' where id = ${id}`);
    };
    const revoke = async (id: string) => {
      const { errors } = await server.gql(`mutation ($id: ID!) { revokeAuthorization(id: $id) { status } }`, { id }, admin);
      expect(errors).toBeUndefined();
    };
    places[place] = {
      org: { identifier: org.identifier, name: org.name, phone: org.phone! },
      person: { identifier: person.identifier },
      grants: {
        valid,
        expired: await both({}, expire),
        revoked: await both({}, revoke),
        otherProvider: await both({ providerKeyId: null, providerName: otherProviderName }),
        // The grant of the other place's subjects, presented for these.
        otherSubject: { org: "", person: "" },
        reportOnly: await both({ scopes: ["REPORT"] }),
        noReport: await both({ scopes: ["CONTACT", "PERSON_ID"] }),
      },
    };
  }
  places.in.grants.otherSubject = places.out.grants.valid;
  places.out.grants.otherSubject = places.in.grants.valid;
});

const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;
const ref = (kind: string, identifier: string) => ({ kind, identifier });

interface Seen { data: any; errors: { path?: (string | number)[]; extensions?: Record<string, any> }[] }

/** Reads a subject either directly or, for a PROVIDER under a grant, in its credit report. */
async function read(caller: Caller, place: Place, kind: "org" | "person", selection: string): Promise<Seen & { subject: any }> {
  const p = places[place];
  const subjectRef = kind === "org" ? ref("ORGANIZATION", p.org.identifier) : ref("PERSON", p.person.identifier);
  const [role, grantCase] = caller.split("+") as [keyof typeof headers, GrantCase | undefined];
  if (grantCase) {
    const { data, errors = [] } = await server.gql(
      `query ($ref: SubjectRef!, $grantId: ID!) { creditReport(ref: $ref, grantId: $grantId) { subject { ${selection} } } }`,
      { ref: subjectRef, grantId: p.grants[grantCase][kind] }, headers[role]);
    return { data, errors, subject: data?.creditReport?.subject ?? null };
  }
  const { data, errors = [] } = await server.gql(`query ($ref: SubjectRef!) { subject(ref: $ref) { ${selection} } }`, { ref: subjectRef }, headers[role]);
  return { data, errors, subject: data?.subject ?? null };
}

const codes = (seen: Seen) => [...new Set(seen.errors.map((e) => e.extensions?.code))].sort();

/** What the caller actually gets for a field group, in the table's words. */
async function observe(caller: Caller, group: Group, place: Place): Promise<string> {
  const p = places[place];
  const [role] = caller.split("+") as [keyof typeof headers];
  const grantInvalid = async (seen: Seen & { subject: any }) => (codes(seen).includes("GRANT_INVALID") && seen.subject === null ? "GRANT_INVALID" : null);
  switch (group) {
    case "identity": {
      const seen = await read(caller, place, "org", "kind name region identifier");
      return (await grantInvalid(seen)) ?? (seen.subject?.name === p.org.name && seen.subject.identifier === p.org.identifier ? "yes" : "no");
    }
    case "personId": {
      const seen = await read(caller, place, "person", "identifier");
      const id = seen.subject?.identifier;
      return (await grantInvalid(seen)) ?? (id === p.person.identifier ? "full" : id === masked(p.person.identifier) ? "masked" : `unexpected ${id}`);
    }
    case "publicInfo": {
      const seen = await read(caller, place, "org", "listEntries { reason } records { decisionNumber } evaluations { grade } commitments { matter }");
      const s = seen.subject;
      const all = s && s.listEntries.some((e: any) => e.reason === "ACTIVE_ONE") && s.records.some((r: any) => r.decisionNumber.startsWith("矩阵公开"))
        && s.evaluations.length === 1 && s.commitments.length === 1;
      return (await grantInvalid(seen)) ?? (all ? "yes" : "no");
    }
    case "history": {
      const seen = await read(caller, place, "org", "listEntries(includeInactive: true) { reason } records(includeUnpublished: true) { decisionNumber }");
      const s = seen.subject;
      const ended = s?.listEntries.some((e: any) => e.reason === "ENDED_ONE");
      const unpublished = s?.records.some((r: any) => r.decisionNumber.startsWith("矩阵未公开"));
      if (ended !== unpublished) return `inconsistent: entries ${ended}, records ${unpublished}`;
      return (await grantInvalid(seen)) ?? (ended ? "yes" : "no");
    }
    case "contacts": {
      const seen = await read(caller, place, "org", "name phone address legalRepresentative");
      const invalid = await grantInvalid(seen);
      if (invalid) return invalid;
      if (seen.subject?.phone === p.org.phone && seen.subject.legalRepresentative === "赵六" && seen.subject.address) return "value";
      const denied = seen.subject && seen.subject.name === p.org.name && seen.subject.phone === null
        && seen.errors.filter((e) => e.extensions?.code === "FORBIDDEN").length === 3;
      return denied ? "FORBIDDEN" : `unexpected ${JSON.stringify(seen)}`;
    }
    case "creditReport": {
      const grantCase = (caller.split("+")[1] ?? "valid") as GrantCase;
      const grantId = caller === "PROVIDER" ? "00000000-0000-4000-8000-000000000000" : p.grants[grantCase].org;
      const { data, errors = [] } = await server.gql(
        `query ($ref: SubjectRef!, $grantId: ID!) { creditReport(ref: $ref, grantId: $grantId) { grantId dataVersion subject { name } } }`,
        { ref: ref("ORGANIZATION", p.org.identifier), grantId }, headers[role]);
      if (data?.creditReport?.subject?.name === p.org.name) return "ok";
      return data?.creditReport == null && errors.length === 1 ? errors[0]!.extensions!.code : `unexpected ${JSON.stringify(errors)}`;
    }
    case "audit": {
      const { data, errors = [] } = await server.gql(`{ auditEvents(first: 100) { nodes { principal } } }`, {}, headers[role]);
      if (errors.length) return errors.map((e) => e.extensions?.code).join(",");
      const principals = new Set(data!.auditEvents.nodes.map((n: { principal: string }) => n.principal));
      return principals.size === 1 && principals.has("jwt:officer-kunming") ? "own" : principals.size > 1 ? "all" : `unexpected ${[...principals]}`;
    }
    case "write": {
      const input = { ref: ref("ORGANIZATION", p.org.identifier), providerKeyId, scopes: ["REPORT"], purpose: "核验", validUntil: new Date(Date.now() + 3600_000).toISOString() };
      const { data, errors = [] } = await server.gql(`mutation ($input: GrantInput!) { grantAuthorization(input: $input) { id } }`, { input }, headers[role]);
      return data?.grantAuthorization?.id ? "ok" : errors.map((e) => e.extensions?.code).join(",");
    }
  }
}

const cases = (Object.keys(MATRIX) as Caller[]).flatMap((caller) =>
  GROUPS.flatMap((group, i) => (["in", "out"] as Place[]).map((place) => {
    const answer = MATRIX[caller][i]!;
    return { caller, group, place, expected: typeof answer === "string" ? answer : answer[place] };
  })));

describe(`permission matrix (${cases.length} cases)`, () => {
  it.each(cases)("$caller · $group · subject $place jurisdiction → $expected", async ({ caller, group, place, expected }) => {
    expect(await observe(caller, group, place)).toBe(expected);
  });
});
