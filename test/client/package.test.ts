// The check client as another team gets it: `npm pack` of the workspace, installed from the
// tarball into a scratch app outside the repository, and a check against the running service
// from plain JavaScript and from TypeScript compiled under the strictest flags.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withKey } from "../support/auth.js";
import { fixtures, uscc } from "../support/fixtures.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();
const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/**
 * The environment of a process outside the repository: without the npm_* variables of the
 * `npm test` that may have started this file, which would point npm back at the repository.
 */
const outsideEnv = (extra: Record<string, string> = {}) => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))),
  ...extra,
});

let scratch: string;
let app: string;
let tarball: string;
let packedFiles: string[];
let apiKey: string;
let blacklisted: string;
let redListed: string;
let unknown: string;

/** Sum of file sizes under `dir`, and the packages (folders with a package.json) in node_modules. */
async function installed(dir: string): Promise<{ bytes: number; packages: string[] }> {
  let bytes = 0;
  const packages: string[] = [];
  async function walk(path: string): Promise<void> {
    for (const entry of await readdir(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) bytes += (await stat(child)).size;
    }
  }
  async function packagesIn(modules: string): Promise<void> {
    for (const entry of await readdir(modules, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      const path = join(modules, entry.name);
      if (entry.name.startsWith("@")) {
        for (const scoped of await readdir(path)) {
          packages.push(`${entry.name}/${scoped}`);
          await packagesIn(join(path, scoped, "node_modules"));
        }
      } else {
        packages.push(entry.name);
        await packagesIn(join(path, "node_modules"));
      }
    }
  }
  await walk(dir);
  await packagesIn(dir);
  return { bytes, packages: packages.sort() };
}

beforeAll(async () => {
  const f = fixtures(server.db, server.protector);
  apiKey = (await withKey(server.db, "SYSTEM", "玉溪市政务服务审批系统")).key;
  const black = await f.subject({ kind: "ORGANIZATION", name: "玉溪失信运输有限公司" });
  await f.entry(black.id, { list: "BLACK", reasonCode: "ILLEGAL_OPERATION" });
  const red = await f.subject({ kind: "ORGANIZATION", name: "玉溪守信客运有限公司" });
  await f.entry(red.id, { list: "RED", reasonCode: "AAA_CREDIT", reasonText: "连续三年信用评价AAA" });
  blacklisted = black.identifier;
  redListed = red.identifier;
  unknown = uscc("530402");

  scratch = await mkdtemp(join(tmpdir(), "creditgate-client-"));
  expect(relative(root, scratch).startsWith("..")).toBe(true);
  // prepack builds the package from source first.
  const packed = await run(npm, ["pack", "-w", "@creditgate/client", "--pack-destination", scratch, "--json", "--silent"], {
    cwd: root, env: outsideEnv(), maxBuffer: 16 * 1024 * 1024,
  });
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as { filename: string; size: number; files: { path: string }[] }[];
  tarball = join(scratch, info!.filename);
  packedFiles = info!.files.map((file) => file.path).sort();
  console.log(`packed ${info!.filename}: ${(info!.size / 1024).toFixed(1)} kB, ${packedFiles.length} files`);

  app = join(scratch, "app");
  await mkdir(app);
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "licensing-system", version: "1.0.0", private: true, type: "module" }, null, 2));
  await run(npm, ["install", tarball, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: app, env: outsideEnv() });
}, 300_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("the packed client", () => {
  it("holds the built JavaScript and declarations only: no TypeScript source, no examples", () => {
    expect(packedFiles).toContain("dist/index.js");
    expect(packedFiles).toContain("dist/index.d.ts");
    expect(packedFiles).toContain("package.json");
    expect(packedFiles.filter((path) => path.endsWith(".ts") && !path.endsWith(".d.ts"))).toEqual([]);
    expect(packedFiles.filter((path) => path.includes("examples"))).toEqual([]);
  });

  it("installs as a handful of small packages, without the server or a GraphQL library", async () => {
    const { bytes, packages } = await installed(join(app, "node_modules"));
    const du = await run("du", ["-sk", "node_modules"], { cwd: app }).then(({ stdout }) => `${stdout.split(/\s/)[0]} kB on disk (du -sk)`, () => "du not available");
    console.log(`installed in the scratch app: ${(bytes / 1024).toFixed(0)} kB of files, ${du}; ${packages.length} packages: ${packages.join(", ")}`);
    expect(packages).toContain("@creditgate/client");
    for (const name of ["graphql", "@apollo/server", "express", "@electric-sql/pglite", "tsx", "react"]) expect(packages).not.toContain(name);
    expect(packages.length).toBeLessThanOrEqual(8);
    expect(bytes).toBeLessThan(1024 * 1024);
  });
});

describe("a check from the scratch app against the running service", () => {
  const env = () => outsideEnv({ CREDITGATE_URL: `${server.url}/graphql`, CREDITGATE_API_KEY: apiKey });

  it("plain JavaScript (node app.mjs): the decisions, dataVersion and checkedAt", async () => {
    await writeFile(join(app, "app.mjs"), `
import { createCheckClient, isUnavailable, Scenario } from "@creditgate/client";

const client = createCheckClient({ url: process.env.CREDITGATE_URL, apiKey: process.env.CREDITGATE_API_KEY });
const refs = process.argv.slice(2).map((identifier) => ({ kind: "ORGANIZATION", identifier }));
const report = await client.checkReport(Scenario.Licensing, refs, { matter: "道路货物运输经营许可", purpose: "行政许可审查", requestId: "JS-1" });
console.log(JSON.stringify({
  available: report.available, dataVersion: report.dataVersion, checkedAt: report.checkedAt,
  decisions: report.results.map((r) => [r.ref.identifier, r.decision, r.found, isUnavailable(r)]),
}));
`);
    const { stdout } = await run(process.execPath, ["app.mjs", blacklisted, redListed, unknown], { cwd: app, env: env() });
    const answer = JSON.parse(stdout);
    expect(answer).toMatchObject({ available: true, dataVersion: expect.stringMatching(/^v\d+$/) });
    expect(Number.isNaN(Date.parse(answer.checkedAt))).toBe(false);
    expect(answer.decisions).toEqual([
      [blacklisted, "REVIEW", true, false],
      [redListed, "FAST_TRACK", true, false],
      [unknown, "PASS", false, false],
    ]);
  });

  it("CommonJS: require() loads it on Node 20.19 and later", async () => {
    const { stdout } = await run(process.execPath, ["-e", `const c = require("@creditgate/client"); console.log(typeof c.createCheckClient, c.SERVICE_UNAVAILABLE)`], { cwd: app, env: outsideEnv() });
    expect(stdout.trim()).toBe("function SERVICE_UNAVAILABLE");
  });

  it("TypeScript under strict, exactOptionalPropertyTypes and noPropertyAccessFromIndexSignature (NodeNext), compiled and run", async () => {
    await writeFile(join(app, "tsconfig.json"), JSON.stringify({
      compilerOptions: {
        target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2023"],
        strict: true, exactOptionalPropertyTypes: true, noPropertyAccessFromIndexSignature: true, noUncheckedIndexedAccess: true,
        // The package's declarations are checked too, as an application that does not skip them would.
        skipLibCheck: false,
        types: ["node"], typeRoots: [join(root, "node_modules/@types")],
        outDir: "out",
      },
      files: ["app.ts"],
    }, null, 2));
    await writeFile(join(app, "app.ts"), `
import {
  type CheckReport, type CheckResult, CheckServiceError, createCheckClient, type Decision, isUnavailable, Scenario, type SubjectRef,
} from "@creditgate/client";

const client = createCheckClient({
  url: process.env["CREDITGATE_URL"] ?? "http://127.0.0.1:4000/graphql",
  apiKey: process.env["CREDITGATE_API_KEY"],
  headers: { "x-client-app": "licensing-system" },
});

function route(result: CheckResult): string {
  if (isUnavailable(result)) return \`MANUAL_REVIEW (\${result.reasons[0].code})\`;
  if (result.error) return \`RETURN_FOR_CORRECTION (\${result.error.code})\`;
  const decision: Decision | null = result.decision;
  return decision ?? "-";
}

const refs: SubjectRef[] = process.argv.slice(2).map((identifier) => ({ kind: "ORGANIZATION", identifier }));
try {
  const report: CheckReport = await client.checkReport(Scenario.Licensing, refs, { requestId: "TS-1" });
  const version: string | null = report.dataVersion;
  console.log(JSON.stringify({ available: report.available, version, routes: report.results.map(route) }));
} catch (error) {
  if (error instanceof CheckServiceError) console.error(error.code, error.status ?? "-", error.message);
  process.exitCode = 1;
}
`);
    const compiled = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: app, env: outsideEnv() }).catch((e) => e);
    expect(compiled.stdout ?? "").toBe("");
    const { stdout } = await run(process.execPath, ["out/app.js", blacklisted, "91350100M000100Y4Z", redListed], { cwd: app, env: env() });
    expect(JSON.parse(stdout)).toEqual({ available: true, version: expect.stringMatching(/^v\d+$/), routes: ["REVIEW", "RETURN_FOR_CORRECTION (INVALID_IDENTIFIER)", "FAST_TRACK"] });
  });
});
