// A licensing approval step (行政审批): before a permit is granted, the applicant is checked and
// the application routed — DENY: refuse; REVIEW: manual review queue; FAST_TRACK: 即时办理;
// PASS: the normal procedure.
//
//   CREDITGATE_URL=http://127.0.0.1:4000/graphql CREDITGATE_API_KEY=cg_… \
//     node --import tsx src/client/examples/licensing-approval.ts 915301022165009367 "道路货物运输经营许可"
//
// An application imports the same names from "@creditgate/client". Exit codes: see ./cli.ts.
import { pathToFileURL } from "node:url";
import type { CheckClient, CheckResult, SubjectRef } from "../index.js";
import { clientFromEnv, main, partyName, undecided } from "./cli.js";

/** RETURN_FOR_CORRECTION: the applicant's identifier is invalid; the form goes back (退回补正). */
export type Route = "REFUSE" | "MANUAL_REVIEW" | "FAST_TRACK" | "NORMAL" | "RETURN_FOR_CORRECTION";

export interface Approval {
  route: Route;
  /** What the clerk reads: each reason that counted, or why the identifier was refused. */
  explanation: string[];
  result: CheckResult;
}

export const ROUTE_NAMES: Record<Route, string> = {
  REFUSE: "不予许可",
  MANUAL_REVIEW: "转人工审查",
  FAST_TRACK: "即时办理",
  NORMAL: "按一般程序办理",
  RETURN_FOR_CORRECTION: "退回补正",
};

export async function approve(
  client: CheckClient,
  applicant: SubjectRef,
  application: { matter: string; requestId?: string },
): Promise<Approval> {
  const [result] = await client.check("LICENSING", [applicant], application);
  if (!result) throw new Error("the check returned no result for the applicant");
  if (result.error) return { route: "RETURN_FOR_CORRECTION", explanation: [result.error.message], result };
  const explanation = result.reasons.map((reason) => reason.message);
  switch (result.decision) {
    case "DENY": return { route: "REFUSE", explanation, result };
    case "FAST_TRACK": return { route: "FAST_TRACK", explanation, result };
    case "PASS": return { route: "NORMAL", explanation, result };
    // REVIEW, and anything this version does not know: a person decides.
    default: return { route: "MANUAL_REVIEW", explanation, result };
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main(async () => {
    const [identifier = "915301022165009367", matter = "道路货物运输经营许可"] = process.argv.slice(2);
    const { client, outages } = clientFromEnv();
    const approval = await approve(client, { kind: "ORGANIZATION", identifier }, { matter });
    console.log(`${identifier} ${partyName(approval.result)}: ${approval.route} ${ROUTE_NAMES[approval.route]}`);
    for (const line of approval.explanation) console.log(`  - ${line}`);
    const exit = undecided([approval.result], outages);
    if (exit) throw exit;
  });
}
