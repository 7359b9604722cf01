// The demo register: on first start with an empty register, a few hundred reproducible subjects
// so that a newcomer has something to query (README lists its showcase subjects).
import type { DatabaseHandle } from "../db/client.js";
import type { Logger } from "../logger.js";
import { chinaDate } from "../shared/clock.js";
import type { Protector } from "../shared/protect.js";
import { loadRegister, registerIsEmpty } from "./load.js";
import { seedRuleShowcase } from "./rules-showcase.js";
import { DEMO_SEED } from "./synthetic.js";

export const DEMO_SUBJECTS = 300;

export async function seedDemoRegister(handle: DatabaseHandle, protector: Protector, logger: Logger): Promise<void> {
  if (!(await registerIsEmpty(handle))) return;
  const today = chinaDate();
  const counts = await loadRegister(handle, { subjects: DEMO_SUBJECTS, seed: DEMO_SEED, today, protector });
  // Through the service's intake, so that the listing rules act on it (README, Listing rules).
  const rules = await seedRuleShowcase(handle, protector, today);
  logger.info({ counts, rules }, "seeded the demo register");
}
