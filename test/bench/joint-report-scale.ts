// How long the quarterly joint report takes on a large register: fills a scratch database
// (its name must end in "test") with N subjects, list entries for some of them and N audited
// checks spread over the quarter, then builds the report a few times and logs the timings.
//   DATABASE_URL=postgres://…/creditgate_x_test node --import tsx test/bench/joint-report-scale.ts --subjects 1000000 --checks 1000000
import { SingleBar } from "cli-progress";
import { Command } from "commander";
import { sql } from "drizzle-orm";
import { pino } from "pino";
import { migrateDatabase, openDatabase } from "../../src/db/client.js";
import { CatalogueService } from "../../src/modules/catalogue/catalogue.service.js";
import { ensureDefaults } from "../../src/modules/catalogue/catalogue.store.js";
import { JointReportService, parseQuarter } from "../../src/modules/jointreport/jointreport.service.js";

const log = pino({ name: "joint-report-scale" });
const opts = new Command()
  .option("--subjects <n>", "subjects in the register", (v) => Number(v), 1_000_000)
  .option("--checks <n>", "audited check results in the quarter", (v) => Number(v), 1_000_000)
  .option("--quarter <q>", "the quarter", "2026-Q3")
  .option("--rounds <n>", "report builds timed", (v) => Number(v), 3)
  .parse()
  .opts<{ subjects: number; checks: number; quarter: string; rounds: number }>();

const url = process.env.DATABASE_URL;
if (!url || !new URL(url).pathname.endsWith("test")) throw new Error("set DATABASE_URL to a scratch database whose name ends in \"test\": it is emptied");
const handle = await openDatabase({ url, dataDir: "", poolSize: 4 });
await migrateDatabase(handle);
const db = handle.db;
const quarter = parseQuarter(opts.quarter);
const CHUNK = 100_000;

await db.execute(sql`truncate table joint_case, "grant", api_key, state_change, repair, objection, commitment, evaluation, list_entry, credit_record, subject, audit_event restart identity cascade`);
await ensureDefaults(db);
const bar = new SingleBar({ format: "{bar} {percentage}% | {value}/{total} {what}" });
const fill = async (what: string, total: number, insert: (from: number, to: number) => Promise<unknown>) => {
  const started = performance.now();
  bar.start(total, 0, { what });
  for (let from = 0; from < total; from += CHUNK) {
    await insert(from, Math.min(total, from + CHUNK) - 1);
    bar.update(Math.min(total, from + CHUNK), { what });
  }
  bar.stop();
  log.info({ what, rows: total, seconds: +((performance.now() - started) / 1000).toFixed(1) }, "filled");
};

// Subjects across the 16 prefectures; 5% blacklisted (half of them from inside the quarter), 1% red.
await fill("subjects", opts.subjects, (a, b) => db.execute(sql`
  insert into subject (id, kind, identifier, name, region)
  select md5('s' || i)::uuid, 'ORGANIZATION', 'X' || i, '测试运输有限公司' || i,
    (array['530102','530302','530402','530502','530602','530702','530802','530902','532301','532501','532601','532801','532901','533102','533301','533401'])[1 + i % 16]
  from generate_series(${a}::int, ${b}::int) i`));
await fill("list entries", Math.ceil(opts.subjects / 100) * 6, (a, b) => db.execute(sql`
  insert into list_entry (subject_id, list, reason_code, reason_text, authority, effective_from)
  select md5('s' || (i * 100 / 6))::uuid, case when i % 6 = 0 then 'RED'::list_type else 'BLACK'::list_type end,
    case when i % 6 = 0 then 'AAA_GRADE' else 'ILLEGAL_OPERATION' end, '测试事由', '云南省交通运输厅',
    case when i % 2 = 0 then ${quarter.start}::date + (i % 80) else date '2025-01-01' end
  from generate_series(${a}::int, ${b}::int) i where i * 100 / 6 < ${opts.subjects}`));
// One result per check event; a blacklisted subject's check is decided by its measure.
await fill("audited checks", opts.checks, (a, b) => db.execute(sql`
  insert into audit_event (seq, at, request_id, principal, role, operation, subject_ids, protected_fields, outcome, detail, prev_hash, hash)
  select i + 1, (${quarter.start}::date::timestamp at time zone 'Asia/Shanghai') + make_interval(secs => (i % 7776000)),
    'bench-' || i, 'key:00000000-0000-0000-0000-00000000000' || (i % 3), 'SYSTEM', 'check', array[md5('s' || (i % ${opts.subjects}))::uuid], '{}', 'OK',
    -- As the service writes it (JSON.stringify): the scenario first.
    '{"scenario":"' || (array['PROCUREMENT','LICENSING','BIDDING','ENFORCEMENT'])[1 + i % 4] || '","matter":null,"requestId":null,"dataVersion":"v1","results":'
      || json_build_array(json_build_object('kind', 'ORGANIZATION', 'ref', 'X' || (i % ${opts.subjects}),
        'decision', case when i % 17 = 0 then (array['DENY','REVIEW','DENY','REVIEW'])[1 + i % 4] else 'PASS' end,
        'subjectId', md5('s' || (i % ${opts.subjects}))::uuid,
        'measures', case when i % 17 = 0 then json_build_array((array['BLACK|*|PROHIBIT','BLACK|*|RESTRICT','BLACK|*|PROHIBIT','BLACK|*|INTENSIFY'])[1 + i % 4]) else '[]'::json end))::text || '}',
    repeat('0', 64), repeat('0', 64)
  from generate_series(${a}::int, ${b}::int) i`));
await db.execute(sql`analyze`);

const service = new JointReportService(db, new CatalogueService(db));
const admin = { role: "ADMIN" as const, id: "jwt:bench", name: "bench", region: null, keyId: null };
for (let round = 1; round <= opts.rounds; round++) {
  for (const region of [null, "5329"]) {
    const started = performance.now();
    const report = await service.report({ quarter: opts.quarter, region }, { today: "2026-11-01", principal: admin });
    log.info({
      round, region, subjects: opts.subjects, checks: opts.checks, ms: Math.round(performance.now() - started),
      measureChecks: report.measureTotals.checks, inForce: report.objectTotals.inForce,
    }, "joint report built");
  }
}
await handle.close();
