// The benchmark's ceiling: a bare node:http server that runs the same SQL as the service for a
// request, with postgres.js and prepared statements, and answers with the rows as JSON. No
// GraphQL, no permissions, no decisions: only canonicalising the refs (as the SQL needs them)
// and one loop putting rows in the answer. Run by `npm run bench` as a child process.
//
//   env DATABASE_URL, DATA_KEY (base64), PORT, BENCH_OPERATION (check | lookup),
//       BENCH_POOL (default 10, the service's pool), BENCH_PREPARE (default true)
//   POST /   { refs: [{ kind, identifier }], scenario }  → { checkedAt, results: [...], rows: [[...], ...] }
//   GET /readyz → 200 once the database answers;  GET /stats → { requests, statements }
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import postgres from "postgres";
import { chinaDate } from "../shared/clock.js";
import { parseIdentifier, type SubjectKind } from "../shared/identifiers.js";
import { createProtector } from "../shared/protect.js";
import { type KeyedRef, type Operation, statementBuilder } from "./statements.js";

const env = process.env;
const url = env.DATABASE_URL;
if (!url || !env.DATA_KEY || !env.PORT) throw new Error("baseline: DATABASE_URL, DATA_KEY and PORT are required");
const operation = (env.BENCH_OPERATION ?? "check") as Operation;
const prepare = env.BENCH_PREPARE !== "false";
const protector = createProtector(Buffer.from(env.DATA_KEY, "base64"));
const build = statementBuilder(operation);
const sql = postgres(url, { max: Number(env.BENCH_POOL ?? 10), onnotice: () => {} });

const stats = { requests: 0, statements: 0 };

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
  const statements = build(keyed, input.scenario, today);
  stats.statements += statements.length;
  const rows = await Promise.all(statements.map((s) => sql.unsafe(s.text, s.params as never[], { prepare })));
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
server.listen(Number(env.PORT), "127.0.0.1");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    void sql.end({ timeout: 2 }).finally(() => process.exit(0));
  });
}
