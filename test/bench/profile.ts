// Reads a V8 .cpuprofile (node --cpu-prof) and tells where the time went: self time by function
// and by package (node_modules/<package>, the project's src/, node's internals, GC).
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Busy time: everything but (idle). */
  busyMs: number;
  functions: ProfileLine[];
  packages: ProfileLine[];
}

export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "/node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return "node:internal";
  const src = url.indexOf("/src/");
  if (src >= 0) return `creditgate ${url.slice(src + 1).split("/").slice(0, 3).join("/")}`;
  return url;
}

/**
 * `window`: only samples taken between these instants, µs of the monotonic clock (V8's profile
 * timestamps and `process.hrtime` both read CLOCK_MONOTONIC on Linux), so start-up is left out.
 */
export function summariseProfile(file: string, top = 15, window?: { fromUs: number; toUs: number }): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Self time from the samples and their time deltas (more exact than hitCount × interval).
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0));
  }
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    total += us;
    if (functionName === "(idle)") {
      idle += us;
      continue;
    }
    const where = url ? `${url.replace(/^.*\/(node_modules|src)\//, "$1/")}:${lineNumber + 1}` : "";
    const name = `${functionName || "(anonymous)"}${where ? ` ${where}` : ""}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    const pkg = packageOf(url, functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }
  const busy = total - idle;
  const lines = (m: Map<string, number>): ProfileLine[] =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, selfMs: us / 1000, share: busy ? us / busy : 0 }));
  return { file, totalMs: total / 1000, busyMs: busy / 1000, functions: lines(functions), packages: lines(packages) };
}
