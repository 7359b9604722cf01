// The service as `npm start` runs it: JavaScript compiled once (esbuild, file by file, as tsx
// would at every start), not TypeScript transpiled in the running process — tsx's loader thread
// and its cache took ~85 MB of the service's resident memory. A build is named by the hash of
// what it is made from, so an unchanged checkout reuses it, and it appears whole or not at all
// (written aside, then renamed), so processes starting at once never read half a build.
// `dist/current` points at the newest; older builds are removed, all but the last few.
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DIST = join(ROOT, "dist");
const KEPT_BUILDS = 3;

/** Files under `dir`, relative to the checkout, in a stable order. */
function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .sort();
}

/** Builds the service if this checkout's build is missing; returns the path of its server.js. */
export async function buildService(): Promise<string> {
  // The check client (src/client) is a package of its own with its own build.
  const sources = filesUnder("src").filter((f) => !f.startsWith("src/client/"));
  const code = sources.filter((f) => f.endsWith(".ts"));
  // What it reads at run time besides its code: the window's views and assets, the migrations.
  const migrations = filesUnder("drizzle");
  const assets = [...sources.filter((f) => !f.endsWith(".ts")), ...migrations];
  const hash = createHash("sha256");
  for (const f of [...sources, ...migrations, "tsconfig.json", "package-lock.json"]) hash.update(f).update("\0").update(readFileSync(join(ROOT, f)));
  const id = hash.digest("hex").slice(0, 16);
  const target = join(DIST, id);
  mkdirSync(DIST, { recursive: true });
  if (!existsSync(target)) {
    const aside = `${target}.${process.pid}.partial`;
    await build({
      absWorkingDir: ROOT, entryPoints: code, outdir: aside, outbase: ".", bundle: false,
      format: "esm", platform: "node", target: "node20", tsconfig: "tsconfig.json", logLevel: "warning",
    });
    for (const f of assets) cpSync(join(ROOT, f), join(aside, f));
    try {
      renameSync(aside, target);
    } catch (error) {
      rmSync(aside, { recursive: true, force: true });
      if (!existsSync(target)) throw error; // else another process finished the same build first
    }
  }
  const link = join(DIST, `current.${process.pid}.partial`);
  rmSync(link, { force: true });
  symlinkSync(id, link);
  renameSync(link, join(DIST, "current"));
  const older = readdirSync(DIST).filter((d) => /^[0-9a-f]{16}$/.test(d) && d !== id)
    .sort((a, b) => statSync(join(DIST, b)).mtimeMs - statSync(join(DIST, a)).mtimeMs);
  for (const d of older.slice(KEPT_BUILDS - 1)) rmSync(join(DIST, d), { recursive: true, force: true });
  return join(target, "src", "server.js");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const server = await buildService();
  console.error(`built ${relative(ROOT, server)}`);
}
