// `npm run migrate`: applies drizzle/ migrations to the configured database.
import { loadConfig } from "../config.js";
import { migrateDatabase } from "../db/client.js";
import { openForCommand } from "./open.js";

const config = loadConfig();
const handle = await openForCommand({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  await migrateDatabase(handle);
  console.log(`migrations applied (${handle.driver})`);
} finally {
  await handle.close();
}
