// The demo register: on first start with an empty register, a few hundred reproducible subjects
// so that a newcomer has something to query (README lists its showcase subjects).
import type { DatabaseHandle } from "../db/client.js";
import type { Logger } from "../logger.js";
import { chinaDate } from "../shared/clock.js";
import type { Protector } from "../shared/protect.js";
import { loadRegister, registerIsEmpty } from "./load.js";
import { DEMO_SEED } from "./synthetic.js";

export const DEMO_SUBJECTS = 300;

export async function seedDemoRegister(handle: DatabaseHandle, protector: Protector, logger: Logger): Promise<void> {
  if (!(await registerIsEmpty(handle))) return;
  const counts = await loadRegister(handle, { subjects: DEMO_SUBJECTS, seed: DEMO_SEED, today: chinaDate(), protector });
  logger.info({ counts }, "seeded the demo register");
}
