// A transport permit's annual renewal (道路/水路运输经营许可年度审验): the operator and its whole
// fleet — vehicles on the road, vessels on the water — checked in one batch; the clerk sees which
// need review before the permit is renewed.
//
//   CREDITGATE_URL=http://127.0.0.1:4000/graphql CREDITGATE_API_KEY=cg_… \
//     node --import tsx src/client/examples/permit-renewal.ts 915301022165009367 云AKA543 云A12345
//   (refs starting with CN are vessels; a fleet of vessels is checked in WATER_TRANSPORT)
//
// An application imports the same names from "@creditgate/client". Exit codes: see ./cli.ts.
import { pathToFileURL } from "node:url";
import type { CheckClient, CheckResult, SubjectRef } from "../index.js";
import { clientFromEnv, main, partyName, undecided } from "./cli.js";

export interface Renewal {
  operator: CheckResult;
  /** Units that may be renewed as they are (PASS or FAST_TRACK). */
  clear: CheckResult[];
  /** Units that need a clerk's review (REVIEW), or may not be renewed (DENY). */
  needReview: CheckResult[];
  /** Units whose identifier is invalid: the fleet list must be corrected. */
  invalid: CheckResult[];
  /** The permit may be renewed without a person looking at it. */
  renewable: boolean;
}

export async function renewPermit(
  client: CheckClient,
  request: { operator: SubjectRef; fleet: SubjectRef[]; scenario: "ROAD_TRANSPORT" | "WATER_TRANSPORT"; permit: string },
): Promise<Renewal> {
  const [operator, ...fleet] = await client.check(request.scenario, [request.operator, ...request.fleet], { matter: request.permit });
  const clear: CheckResult[] = [];
  const needReview: CheckResult[] = [];
  const invalid: CheckResult[] = [];
  for (const unit of fleet) {
    if (unit.error) invalid.push(unit);
    else if (unit.decision === "PASS" || unit.decision === "FAST_TRACK") clear.push(unit);
    else needReview.push(unit);
  }
  const operatorClear = operator.decision === "PASS" || operator.decision === "FAST_TRACK";
  return { operator, clear, needReview, invalid, renewable: operatorClear && needReview.length === 0 && invalid.length === 0 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main(async () => {
    const [operator = "915301022165009367", ...units] = process.argv.slice(2);
    const fleet: SubjectRef[] = (units.length ? units : ["云AKA543"]).map((identifier) =>
      (/^cn/i.test(identifier) ? { kind: "VESSEL", identifier } : { kind: "VEHICLE", identifier }));
    const scenario = fleet.every((unit) => unit.kind === "VESSEL") ? "WATER_TRANSPORT" : "ROAD_TRANSPORT";
    const { client, outages } = clientFromEnv();
    const renewal = await renewPermit(client, { operator: { kind: "ORGANIZATION", identifier: operator }, fleet, scenario, permit: "经营许可证年度审验" });
    const line = (r: CheckResult) => `${r.ref.identifier} ${partyName(r)} ${r.decision ?? r.error?.code ?? ""}`.trim();
    console.log(`operator ${line(renewal.operator)}`);
    for (const unit of renewal.needReview) console.log(`needs review: ${line(unit)} — ${unit.reasons.map((r) => r.message).join("; ")}`);
    for (const unit of renewal.invalid) console.log(`invalid: ${line(unit)} — ${unit.error?.message}`);
    console.log(`${renewal.clear.length} of ${fleet.length} clear; ${renewal.renewable ? "renew (准予审验通过)" : "hold for review (待人工审查)"}`);
    const exit = undecided([renewal.operator, ...renewal.clear, ...renewal.needReview, ...renewal.invalid], outages);
    if (exit) throw exit;
  });
}
