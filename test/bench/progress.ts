// Progress of a benchmark phase: a bar on a terminal, plain lines otherwise (CI logs, pipes).
import { SingleBar } from "cli-progress";

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

export interface Progress {
  /** `done` out of the phase's total; `note` is shown beside the bar (or on the next plain line). */
  update(done: number, note?: string): void;
  /** Ends the phase; `summary` is printed on a line of its own. */
  stop(summary?: string): void;
}

const tty = (): boolean => process.stdout.isTTY === true;

/** A phase of `total` units (subjects, seconds, …), shown as `label`. */
export function progress(label: string, total: number, unit: string): Progress {
  const started = performance.now();
  if (tty()) {
    const bar = new SingleBar({
      format: `${label.padEnd(14)} {bar} {percentage}% | {value}/{total} ${unit} | {note}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    });
    bar.start(total, 0, { note: "" });
    return {
      update: (done, note = "") => bar.update(Math.min(done, total), { note }),
      stop(summary) {
        bar.stop();
        if (summary) console.log(`${label}: ${summary}`);
      },
    };
  }
  console.log(`${label}: started (${fmt(total)} ${unit})`);
  let lastLine = performance.now();
  return {
    update(done, note) {
      const now = performance.now();
      if (now - lastLine < 5_000) return;
      lastLine = now;
      const seconds = (now - started) / 1000;
      console.log(`${label}: ${fmt(done)}/${fmt(total)} ${unit} after ${seconds.toFixed(0)} s${note ? ` | ${note}` : ""}`);
    },
    stop(summary) {
      if (summary) console.log(`${label}: ${summary}`);
    },
  };
}

/** A one-line step without a measurable amount (ANALYZE, starting a process, …). */
export async function step<T>(label: string, work: () => Promise<T>, describe?: (value: T) => string): Promise<T> {
  const started = performance.now();
  if (tty()) process.stdout.write(`${label} …`);
  const value = await work();
  const took = ((performance.now() - started) / 1000).toFixed(1);
  const detail = describe ? `${describe(value)}, ` : "";
  if (tty()) process.stdout.write(`\r${label}: ${detail}${took} s\n`);
  else console.log(`${label}: ${detail}${took} s`);
  return value;
}
