// What the benchmark's servers cost: CPU and memory of a process, and of the whole machine, read
// from /proc (Linux). The servers are child processes (test/support/processes.ts), so their
// figures are their own and the load generator in the parent does not share their event loop.
import { readFileSync } from "node:fs";

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
