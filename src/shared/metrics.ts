// The service's Prometheus metrics (served at /metrics with the process defaults).
import { Counter, Histogram } from "prom-client";

export const requestDuration = new Histogram({
  name: "creditgate_graphql_request_duration_seconds",
  help: "GraphQL requests by operation and outcome",
  labelNames: ["operation", "outcome"],
  buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
});

export const databaseUnavailable = new Counter({
  name: "creditgate_database_unavailable_total",
  help: "requests answered SERVICE_UNAVAILABLE because the database could not answer",
});

const checkDecisions = new Counter({
  name: "creditgate_check_decisions_total",
  help: "check results by scenario and decision",
  labelNames: ["scenario", "decision"],
});

/** How many checks each decision decided, by scenario (INVALID: the ref was not a valid identifier). */
export function countDecisions(scenario: string, decisions: (string | null)[]): void {
  for (const d of decisions) checkDecisions.inc({ scenario, decision: d ?? "INVALID" });
}
