// Programs some tests drive that npm does not install: Debian's Chromium (the browser tests) and
// poppler-utils (the credit file read back). On a machine without them those tests are skipped,
// saying so; `.ci/run` installs them and sets CREDITGATE_REQUIRE_TOOLS=1, so in CI a missing one fails.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => existsSync(path)) ?? "/usr/bin/chromium";

const onPath = (command: string) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;

/** Whether the tests that need `what` run: when it is installed, or always where CI requires it. */
export function runsWith(what: "chromium" | "poppler-utils"): boolean {
  const present = what === "chromium" ? existsSync(CHROMIUM) : onPath("pdftotext") && onPath("pdftoppm");
  if (present || process.env.CREDITGATE_REQUIRE_TOOLS === "1") return true;
  console.warn(`skipping the tests that need ${what}: it is not installed (apt-get install ${what === "chromium" ? "chromium fonts-noto-cjk" : "poppler-utils"}, or run bash .ci/run)`);
  return false;
}
