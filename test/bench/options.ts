// The benchmark's command line (commander): what `npm run bench -- …` accepts.
import { Command, InvalidArgumentError, Option } from "commander";
import { createHash } from "node:crypto";
import type { Operation } from "./statements.js";

/** Bench data is synthetic; a fixed key lets `--reuse` open what an earlier run sealed. */
export const BENCH_DATA_KEY = createHash("sha256").update("creditgate benchmark data key: synthetic data only").digest("base64");

export const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/creditgate_bench";

export type CaseId = "one" | "one-enforcement" | "batch100" | "batch1000" | "batch1000-alone";

export interface Options {
  subjects: number;
  duration: number;
  warmup: number;
  rounds: number;
  connections: number;
  batchConnections: number;
  databaseUrl: string;
  dataKey: string;
  reuse: boolean;
  allowReset: boolean;
  operation: Operation;
  enforcement: boolean;
  baselinePrepare: boolean;
  profile?: CaseId;
  /** Only these cases (all when unset). */
  cases?: CaseId[];
  overload: boolean;
  /** searchSubjects latency by kind of term instead of the comparison (search.ts). */
  search: boolean;
  overloadFactor: number;
  overloadConnections: number;
  capacityDuration: number;
  /** The limited service's budget: requests per window, "capacity" (measured req/s × window), or unset (the service's default). */
  rateLimit?: number | "capacity";
  rateWindow?: number;
  /** True when --duration was given (the overload run is longer by default than a comparison run). */
  durationGiven: boolean;
}

/** The overload run's length when --duration is not given. */
export const OVERLOAD_DEFAULT_DURATION_S = 60;

const wholeNumber = (min: number) => (raw: string): number => {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number >= ${min}`);
  return n;
};

const positiveNumber = (raw: string): number => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a number > 0");
  return n;
};

const budget = (raw: string): number | "capacity" => (raw === "capacity" ? raw : wholeNumber(1)(raw));

export function parseOptions(argv: string[] = process.argv): Options {
  const program = new Command()
    .name("bench")
    .description(
      "Benchmark the service's check against a bare node:http + postgres.js baseline on a seeded PostgreSQL register; " +
        "with --overload, drive the service at a multiple of its measured capacity instead.",
    )
    .option("--subjects <n>", "subjects in the register", wholeNumber(1), 100_000)
    .option("--duration <s>", `seconds per measurement (--overload: of the overload run, default ${OVERLOAD_DEFAULT_DURATION_S})`, wholeNumber(1), 10)
    .option("--warmup <s>", "unmeasured seconds per server and case before the rounds", wholeNumber(0), 2)
    .option("--rounds <n>", "interleaved rounds per server and case (means are reported)", wholeNumber(1), 3)
    .option("--connections <c>", "connections for one-subject checks (--overload: for the capacity run)", wholeNumber(1), 20)
    .option("--batch-connections <c>", "connections for 100- and 1,000-subject checks", wholeNumber(1), 4)
    .option("--database-url <url>", "PostgreSQL (loopback only; created if missing)", DEFAULT_DATABASE_URL)
    .option("--data-key <base64>", "DATA_KEY the register is sealed with (default: the bench's own fixed key, for synthetic data only)", BENCH_DATA_KEY)
    .option("--reuse", "skip seeding when the register already has exactly --subjects subjects (implied by --overload)", false)
    .option("--allow-reset", "empty a non-empty register even when the database's name does not contain \"bench\"", false)
    .option("--no-enforcement", "skip the ENFORCEMENT run of the one-subject check")
    .option("--no-baseline-prepare", "baseline without named prepared statements (as drizzle sends them)")
    .addOption(new Option("--profile <case>", "afterwards, profile the service (node --cpu-prof) during one more run of this case")
      .choices(["one", "one-enforcement", "batch100", "batch1000", "batch1000-alone"]))
    .addOption(new Option("--cases <ids...>", "measure only these cases (default: all)")
      .choices(["one", "one-enforcement", "batch100", "batch1000", "batch1000-alone"]))
    .addOption(new Option("--operation <op>", "what to measure: check, or the subject(ref) lookup").choices(["check", "lookup"]).default("check"))
    .option(
      "--overload",
      "overload run instead of the comparison: measure the one-subject check's capacity, then offer --overload-factor times it, " +
        "once to the service with its rate limiter and once with the limit raised",
      false,
    )
    .option("--search", "measure searchSubjects latency by kind of term (1-3 characters, common words, whole names) instead of the comparison", false)
    .option("--overload-factor <x>", "offered rate as a multiple of the measured capacity", positiveNumber, 2)
    .option("--overload-connections <c>", "connections of the overload run (enough to offer the rate)", wholeNumber(1), 200)
    .option("--capacity-duration <s>", "seconds of the max-rate run that measures the capacity", wholeNumber(1), 10)
    .option("--rate-limit <n|capacity>", "budget of the limited service per window (default: the service's own, RATE_LIMIT unset)", budget)
    .option("--rate-window <s>", "RATE_WINDOW_SECONDS of the limited service (default: the service's own)", wholeNumber(1))
    .parse(argv);
  const opts = program.opts<Omit<Options, "durationGiven">>();
  return { ...opts, durationGiven: program.getOptionValueSource("duration") !== "default" };
}
