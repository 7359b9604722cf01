// The benchmark's servers run as child processes: their CPU and memory are their own (read from
// /proc), and the load generator in the parent does not share their event loop.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

export const LOOPBACK = "127.0.0.1";

/** A TCP port free on the loopback address right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, LOOPBACK, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

export interface ProcessUsage {
  /** Resident set size, MB (VmRSS). */
  rssMb: number;
  /** User + system CPU time since the process started, ms. */
  cpuMs: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** Memory and CPU time of a process from /proc (Linux); null when it is gone or /proc is absent. */
export function usageOf(pid: number): ProcessUsage | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime (14) + stime (15)
    return { rssMb: rssKb / 1024, cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** Busy and total CPU time of the whole machine so far, ms (from /proc/stat). */
export function machineCpu(): { busyMs: number; totalMs: number } | null {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.reduce((a, b) => a + b, 0);
    const idle = cpu[3]! + (cpu[4] ?? 0); // idle + iowait
    return { busyMs: ((total - idle) * 1000) / CLOCK_TICKS_PER_SECOND, totalMs: (total * 1000) / CLOCK_TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

export interface Child {
  name: string;
  pid: number;
  url: string;
  /** The last lines it printed, for an error message. */
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Kills every child still running, at once: the last resort on exit. */
export function killAllChildren(): void {
  for (const proc of running) proc.kill("SIGKILL");
}

export interface StartOptions {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  /** Path answered with 200 once the process serves. */
  readyPath: string;
  timeoutMs?: number;
  cwd?: string;
}

/** Starts `node <args>` and waits until GET readyPath answers 200 (or the process dies, or time runs out). */
export async function startChild(opts: StartOptions): Promise<Child> {
  const proc = spawn(process.execPath, opts.args, {
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(proc);
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) lines.push(line);
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  proc.stdout!.on("data", keep);
  proc.stderr!.on("data", keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    proc.once("exit", (code, signal) => {
      running.delete(proc);
      exitCode = code ?? (signal ? -1 : null);
      resolve(exitCode);
    });
  });
  const url = `http://${LOOPBACK}:${opts.port}`;
  const tail = (): string => lines.slice(-15).join("\n");
  const child: Child = {
    name: opts.name,
    pid: proc.pid!,
    url,
    tail,
    exited,
    async stop(graceMs = 8_000) {
      if (exitCode !== undefined) return;
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };

  const deadline = performance.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(`${opts.name} exited (code ${exitCode}) before it was ready:\n${tail()}`);
    }
    try {
      const res = await fetch(`${url}${opts.readyPath}`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      await child.stop(1_000);
      throw new Error(`${opts.name} was not ready within ${((opts.timeoutMs ?? 60_000) / 1000).toFixed(0)} s:\n${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
