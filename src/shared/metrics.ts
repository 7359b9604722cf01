// The service's Prometheus metrics (served at /metrics with the process defaults).
import { Counter, Gauge, Histogram } from "prom-client";

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

const auditAppends = new Counter({
  name: "creditgate_audit_appends_total",
  help: "statements that appended events to the audit trail (one group commit writes the events of many requests)",
});
let auditAppendsSoFar = 0;

/** The audit trail sent one statement appending events. */
export function countAuditAppend(): void {
  auditAppendsSoFar++;
  auditAppends.inc();
}

/** Statements that appended to the audit trail since the process started (creditgate_audit_appends_total). */
export function auditAppendStatements(): number {
  return auditAppendsSoFar;
}

const checkDecisions = new Counter({
  name: "creditgate_check_decisions_total",
  help: "check results by scenario and decision",
  labelNames: ["scenario", "decision"],
});

/** How many checks each decision decided, by scenario (INVALID: the ref was not a valid identifier). */
export function countDecisions(scenario: string, decisions: (string | null)[]): void {
  for (const d of decisions) checkDecisions.inc({ scenario, decision: d ?? "INVALID" });
}

/** Connections to PostgreSQL, read from pg_stat_activity when /metrics is scraped. */
export function poolGauges(read: () => Promise<{ open: number; active: number } | null>): void {
  let last: Promise<{ open: number; active: number } | null> | null = null;
  const sample = () => (last ??= read().catch(() => null).finally(() => setImmediate(() => { last = null; })));
  new Gauge({ name: "creditgate_database_connections", help: "connections of the service to PostgreSQL (all processes)",
    async collect() { const s = await sample(); if (s) this.set(s.open); } });
  new Gauge({ name: "creditgate_database_connections_active", help: "of which running a statement",
    async collect() { const s = await sample(); if (s) this.set(s.active); } });
}
