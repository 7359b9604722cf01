// The benchmark's ceiling: a bare node:http server that runs the same SQL as the service for a
// request, with postgres.js and prepared statements, and answers with the rows as JSON. No
// GraphQL, no permissions, no decisions: only canonicalising the refs (as the SQL needs them)
// and one loop putting rows in the answer. With `--operation ceiling` it is the plain lookup
// ceiling instead: the same server running one prepared statement, subjects by (kind,
// identifier) with their ACTIVE list entries. Run by `npm run bench` as a child process:
//
//   node --import tsx test/bench/baseline.ts --database-url URL --data-key BASE64 --port N
//        [--operation check|lookup|ceiling] [--pool N] [--no-prepare]
//   POST /   { refs: [{ kind, identifier }], scenario }  → { checkedAt, results: [...], rows: [[...], ...] }
//   GET /readyz → 200 once the database answers;  GET /stats → { requests, statements }
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Command, Option } from "commander";
import { fillPlaceholders, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import postgres from "postgres";
import type { Prepare } from "../../src/db/client.js";
import { checkReader } from "../../src/modules/check/check.store.js";
import { chinaDate } from "../../src/shared/clock.js";
import { parseIdentifier, type SubjectKind } from "../../src/shared/identifiers.js";
import { createProtector } from "../../src/shared/protect.js";
import { type BaselineMode, CEILING_TEXT, ceilingParams, type KeyedRef, lookupStatements } from "./statements.js";

const opts = new Command()
  .name("baseline")
  .requiredOption("--database-url <url>", "the bench database")
  .requiredOption("--data-key <base64>", "the key its register is sealed with (for person lookup keys)")
  .requiredOption("--port <n>", "port on 127.0.0.1", Number)
  .addOption(new Option("--operation <op>", "what a request runs").choices(["check", "lookup", "ceiling"]).default("check"))
  .option("--pool <n>", "connections (the service's pool)", Number, 10)
  .option("--no-prepare", "without named prepared statements (as drizzle sends them)")
  .parse()
  .opts<{ databaseUrl: string; dataKey: string; port: number; operation: BaselineMode; pool: number; prepare: boolean }>();

const protector = createProtector(Buffer.from(opts.dataKey, "base64"));
const sql = postgres(opts.databaseUrl, { max: opts.pool, onnotice: () => {} });
const dialect = new PgDialect();

const stats = { requests: 0, statements: 0 };

/** The service's statements, rendered once and run prepared on the bare driver. */
const prepare: Prepare = <T>(query: SQL) => {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return async (values: Record<string, unknown>) => {
    stats.statements++;
    return (await sql.unsafe(text, fillPlaceholders(params, values) as never[], { prepare: opts.prepare })) as unknown as T[];
  };
};
const check = checkReader(prepare);

interface InRef {
  kind: SubjectKind;
  identifier: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function answer(input: { refs: InRef[]; scenario: string }): Promise<unknown> {
  const today = chinaDate();
  const now = new Date();
  const keyed: KeyedRef[] = [];
  const results: { kind: string; identifier: string; error: string | null }[] = [];
  for (const ref of input.refs) {
    try {
      const canonical = parseIdentifier(ref.kind, ref.identifier, { today: now });
      keyed.push({ kind: ref.kind, key: ref.kind === "PERSON" ? protector.lookupKey(canonical) : canonical });
      results.push({ kind: ref.kind, identifier: canonical, error: null });
    } catch (error) {
      results.push({ kind: ref.kind, identifier: ref.identifier, error: (error as Error).message });
    }
  }
  let rows: unknown[];
  if (opts.operation === "ceiling") {
    stats.statements++;
    rows = await sql.unsafe(CEILING_TEXT, ceilingParams(keyed) as unknown as never[], { prepare: opts.prepare });
  } else if (opts.operation === "check") {
    rows = [await check({ refs: keyed, scenario: input.scenario, today, sealed: false })]; // as the service runs it for the bench's document (no sealed field asked)
  } else {
    const statements = lookupStatements(keyed, today);
    stats.statements += statements.length;
    rows = await Promise.all(statements.map((s) => sql.unsafe(s.text, s.params as never[], { prepare: opts.prepare })));
  }
  return { checkedAt: now.toISOString(), scenario: input.scenario, results, rows };
}

const server = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/readyz") {
    sql`select 1`.then(() => send(res, 200, { status: "ready" }), (e: Error) => send(res, 503, { status: e.message }));
    return;
  }
  if (req.method === "GET" && req.url === "/stats") return send(res, 200, stats);
  if (req.method !== "POST") return send(res, 404, { error: "not found" });
  readBody(req)
    .then((text) => {
      stats.requests++;
      return answer(JSON.parse(text) as { refs: InRef[]; scenario: string });
    })
    .then((body) => send(res, 200, body), (error: Error) => send(res, 500, { error: error.message }));
});
server.keepAliveTimeout = 30_000;
server.listen(opts.port, "127.0.0.1");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    void sql.end({ timeout: 2 }).finally(() => process.exit(0));
  });
}
