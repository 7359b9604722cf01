// Node processes of the repository for tests and the benchmark (test/bench): the service, or any
// script, as a child process that counts as started once a path answers 200; and a TCP proxy in
// front of PostgreSQL that a test can cut and restore. One launcher for both, so a test and the
// benchmark start the service the same way.
import { type ChildProcess, spawn } from "node:child_process";
import { connect, createServer, type Server, type Socket } from "node:net";
import { fileURLToPath } from "node:url";

/** The repository's root: scripts are started from it. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const LOOPBACK = "127.0.0.1";

/** A TCP port free on the loopback address right now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.unref();
  await new Promise<void>((resolve, reject) => probe.once("error", reject).listen(0, LOOPBACK, resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export interface NodeProcess {
  name: string;
  pid: number;
  url: string;
  child: ChildProcess;
  /** The last lines it printed, for an error message. */
  tail(): string;
  /** Sends `signal` (SIGKILL after `graceMs` if it is still up) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
}

export interface NodeProcessOptions {
  name: string;
  /** `node` arguments: flags, the script (relative to the repository's root) and its own arguments. */
  args: string[];
  /** The whole environment of the process. */
  env: NodeJS.ProcessEnv;
  port: number;
  /** Answers 200 once the process serves. */
  readyPath: string;
  timeoutMs?: number;
}

const running = new Set<ChildProcess>();

/** Kills every process started here that still runs: the last resort when the parent exits. */
export function killAllProcesses(): void {
  for (const proc of running) proc.kill("SIGKILL");
}

/** Starts `node <args>` and waits until GET readyPath answers 200 (or the process dies, or time runs out). */
export async function startNodeProcess(opts: NodeProcessOptions): Promise<NodeProcess> {
  const child = spawn(process.execPath, opts.args, { cwd: ROOT, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) lines.push(line);
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      exitCode = code ?? (signal ? -1 : null);
      resolve(exitCode);
    });
  });
  const url = `http://${LOOPBACK}:${opts.port}`;
  const tail = (): string => lines.slice(-15).join("\n");
  const started: NodeProcess = {
    name: opts.name,
    pid: child.pid!,
    url,
    child,
    tail,
    exited,
    async stop(signal = "SIGTERM", graceMs = 8_000) {
      if (exitCode !== undefined) return exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`${opts.name} exited (code ${exitCode}) before it was ready:\n${tail()}`);
    try {
      const res = await fetch(`${url}${opts.readyPath}`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.ok) return started;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      await started.stop("SIGTERM", 1_000);
      throw new Error(`${opts.name} was not ready within ${(timeoutMs / 1000).toFixed(0)} s:\n${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type ServiceProcess = NodeProcess;

/**
 * The service (src/server.ts) on a free port, with `env` over this process's environment (an
 * empty value unsets a setting: the service then uses its default); `nodeArgs` go before it
 * (e.g. --cpu-prof). `built`: the compiled server.js `npm start` runs (src/cli/build.ts)
 * instead of the sources through tsx.
 */
export async function startServiceProcess(
  env: NodeJS.ProcessEnv, opts: { nodeArgs?: string[]; timeoutMs?: number; built?: string } = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  return startNodeProcess({
    name: "service",
    args: [...(opts.nodeArgs ?? []), ...(opts.built ? [opts.built] : ["--import", "tsx", "src/server.ts"])],
    env: { ...process.env, LOG_LEVEL: "warn", SEED_DEMO: "false", ...env, PORT: String(port), HOST: LOOPBACK },
    port,
    readyPath: "/readyz",
    timeoutMs: opts.timeoutMs,
  });
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an npm script as the README writes it (`npm run <script> -- <args>`), in the checkout, with `env` over the test's own. */
export async function runNpmScript(script: string, args: string[], env: Record<string, string>): Promise<CommandResult> {
  const child = spawn("npm", ["run", script, "--", ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: "warn", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => { stdout += String(d); });
  child.stderr!.on("data", (d) => { stderr += String(d); });
  const code = await new Promise<number | null>((resolve) => child.once("close", (c) => resolve(c)));
  return { code, stdout, stderr };
}

/** A TCP proxy to PostgreSQL: `cut()` drops every connection and refuses new ones; `restore()` undoes it. */
export async function databaseProxy(target: { host: string; port: number }) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const listen = async () => {
    if (server?.listening) return;
    server = createServer((client) => {
      const upstream = connect(target.port, target.host);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
      client.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
    });
    await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
  };
  await listen();
  return {
    port,
    async cut() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    },
    restore: listen,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}
