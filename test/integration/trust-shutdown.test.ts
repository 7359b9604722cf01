// Graceful shutdown as operators run it (issue 9, finding 8): in production mode SIGTERM and
// SIGINT finish the request in flight and exit 0, and under the README's `npm start` a SIGTERM
// to npm stops the service itself (no node left serving on the port).
import { execFileSync, spawn } from "node:child_process";
import { request } from "node:http";
import { connect, createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { asAdmin } from "../support/auth.js";
import { startServiceProcess } from "../support/processes.js";
import { TEST_DATA_KEY, TEST_JWT_SECRET } from "../support/server.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const database: Record<string, string> = process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : { DATABASE_URL: "", DATA_DIR: "memory://" };
const production = { ...database, NODE_ENV: "production", DATA_KEY: TEST_DATA_KEY, JWT_SECRET: TEST_JWT_SECRET, SEED_DEMO: "false", LOG_LEVEL: "warn" };

/**
 * A request the service has accepted (it answered `100 Continue`, so its headers are parsed and
 * it counts as in flight) whose body is sent only when `send()` is called.
 */
function heldRequest(url: string, query: string, headers: Record<string, string>) {
  const body = JSON.stringify({ query });
  const req = request(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), expect: "100-continue", ...headers },
  });
  const accepted = new Promise<void>((resolve, reject) => { req.once("continue", resolve).once("error", reject); });
  const response = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.once("response", (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (d) => { text += d; }).on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    }).once("error", reject);
  });
  req.flushHeaders();
  return { accepted, response, send: () => req.end(body) };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const listening = (port: number) => new Promise<boolean>((resolve) => {
  const socket = connect(port, "127.0.0.1");
  socket.once("connect", () => { socket.destroy(); resolve(true); }).once("error", () => resolve(false));
});

/** Every process below `pid` (Linux `ps`). */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  } catch { /* none */ }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("graceful shutdown in production mode", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`on ${signal} the service finishes the request in flight and exits 0`, async () => {
      const service = await startServiceProcess(production);
      const held = heldRequest(service.url, "{ me { role } }", await asAdmin());
      await held.accepted;
      const exit = service.stop(signal);
      held.send();
      expect(await held.response).toEqual({ status: 200, body: { data: { me: { role: "ADMIN" } } } });
      expect(await exit).toBe(0);
      expect(await listening(Number(new URL(service.url).port))).toBe(false);
    }, 60_000);
  }
});

describe("npm start", () => {
  it("a SIGTERM to npm drains the service and stops it: npm exits 0, no node is left, the port is closed", async () => {
    const port = await freePort();
    const npm = spawn("npm", ["start"], {
      cwd: root,
      env: { ...process.env, ...production, PORT: String(port), HOST: "127.0.0.1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    npm.stderr!.on("data", (d) => { stderr += String(d); });
    const exited = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
    let below: number[] = [];
    try {
      for (let i = 0; i < 600 && !(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)); i++) {
        if (npm.exitCode !== null) throw new Error(`npm start exited during start: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      below = descendants(npm.pid!);
      expect(below.length).toBeGreaterThan(0);

      const held = heldRequest(`http://127.0.0.1:${port}`, "{ me { role } }", await asAdmin());
      await held.accepted;
      npm.kill("SIGTERM");
      held.send();
      expect(await held.response).toEqual({ status: 200, body: { data: { me: { role: "ADMIN" } } } });
      expect(await exited).toBe(0);
      expect(below.filter(alive)).toEqual([]);
      expect(await listening(port)).toBe(false);
    } finally {
      // Whatever the outcome, leave no service behind.
      for (const pid of [npm.pid!, ...below]) if (alive(pid)) process.kill(pid, "SIGKILL");
    }
  }, 120_000);
});
