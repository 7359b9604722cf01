// A roadside check (路面执法检查): an enforcement officer checks the driver, the vehicle and the
// operator in one call and learns what to do about each, and how hard to inspect them.
//
//   CREDITGATE_URL=http://127.0.0.1:4000/graphql CREDITGATE_TOKEN=<officer JWT> \
//     node --import tsx src/client/examples/roadside-check.ts 532923198802151536 云AKA543 915301022165009367
//
// An application imports the same names from "@creditgate/client". Exit codes: see ./cli.ts.
import { pathToFileURL } from "node:url";
import type { CheckClient, CheckResult, Decision, SubjectRef } from "../index.js";
import { clientFromEnv, main, partyName, undecided } from "./cli.js";

export type Party = "driver" | "vehicle" | "operator";

export interface PartyCheck {
  party: Party;
  /** null when the identifier was invalid (see `result.error`). */
  decision: Decision | null;
  /** Supervision level from the grade policy, raised by a blacklist entry, e.g. SERIOUSLY_DISHONEST. */
  level: string | null;
  /** Multiplier of the 双随机 sampling rate: above 1 means inspect more often. */
  samplingMultiplier: number | null;
  result: CheckResult;
}

export interface RoadsideCheck {
  parties: PartyCheck[];
  /** Any party not plainly clear: the officer inspects the vehicle and its papers in full. */
  inspectClosely: boolean;
}

export async function roadsideCheck(
  client: CheckClient,
  parties: Record<Party, SubjectRef>,
  options: { requestId?: string } = {},
): Promise<RoadsideCheck> {
  const order: Party[] = ["driver", "vehicle", "operator"];
  const results = await client.check("ENFORCEMENT", order.map((party) => parties[party]), { matter: "路面执法检查", ...options });
  const checks = results.map((result, i): PartyCheck => ({
    party: order[i]!,
    decision: result.decision,
    level: result.supervision?.level ?? null,
    samplingMultiplier: result.supervision?.samplingMultiplier ?? null,
    result,
  }));
  const inspectClosely = checks.some((c) =>
    (c.decision !== "PASS" && c.decision !== "FAST_TRACK") || (c.samplingMultiplier ?? 1) > 1);
  return { parties: checks, inspectClosely };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main(async () => {
    const [driver = "532923198802151536", plate = "云AKA543", operator = "915301022165009367"] = process.argv.slice(2);
    const { client, outages } = clientFromEnv();
    const check = await roadsideCheck(client, {
      driver: { kind: "PERSON", identifier: driver },
      vehicle: { kind: "VEHICLE", identifier: plate },
      operator: { kind: "ORGANIZATION", identifier: operator },
    });
    for (const c of check.parties) {
      const name = c.result.error ? `invalid: ${c.result.error.message}` : partyName(c.result);
      console.log(`${c.party.padEnd(8)} ${name}: ${c.decision ?? "-"}, supervision ${c.level ?? "-"} ×${c.samplingMultiplier ?? "-"}`);
      for (const reason of c.result.reasons) console.log(`           - ${reason.message}`);
    }
    console.log(check.inspectClosely ? "inspect closely (重点检查)" : "routine check (常规检查)");
    const exit = undecided(check.parties.map((c) => c.result), outages);
    if (exit) throw exit;
  });
}
