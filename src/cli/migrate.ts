// `npm run migrate`: applies drizzle/ migrations to the configured database.
import { loadConfig } from "../config.js";
import { migrateDatabase, openDatabase } from "../db/client.js";

const config = loadConfig();
const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  await migrateDatabase(handle);
  console.log(`migrations applied (${handle.driver})`);
} finally {
  await handle.close();
}
