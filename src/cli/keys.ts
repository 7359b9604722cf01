// `npm run keys -- create --role SYSTEM|PROVIDER|PARTNER --name "<caller>"` prints a new API key
// once; `npm run keys -- list` and `npm run keys -- revoke <id or name>` manage them. They write
// the database directly: on PostgreSQL also while the service runs; an embedded database that
// the running service holds refuses them (manage keys through its createApiKey, revokeApiKey
// and apiKeys operations then).
import { Command, Option } from "commander";
import { createApiKey, KEY_ROLES, type KeyRole, listApiKeys, revokeApiKey } from "../auth/keys.js";
import { loadConfig } from "../config.js";
import { type Database, migrateDatabase } from "../db/client.js";
import { openForCommand } from "./open.js";

async function withDatabase(work: (db: Database) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const handle = await openForCommand({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrateDatabase(handle);
    await work(handle.db);
  } finally {
    await handle.close();
  }
}

const program = new Command().name("keys").description("API keys of SYSTEM, PROVIDER and PARTNER callers");

program.command("create")
  .addOption(new Option("--role <role>", "the caller's role").choices(KEY_ROLES).makeOptionMandatory())
  .requiredOption("--name <name>", "who the caller is, e.g. 昆明市交通运输局行政审批系统")
  .action((opts: { role: KeyRole; name: string }) => withDatabase(async (db) => {
    const { key, row } = await createApiKey(db, opts.role, opts.name.trim());
    console.log(`created ${row.role} key ${row.id} for "${row.name}".`);
    console.log("The key is shown once; store it now (only its hash is kept):");
    console.log(key);
  }));

program.command("list").action(() => withDatabase(async (db) => {
  for (const k of await listApiKeys(db)) {
    const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active";
    console.log([k.id, k.role.padEnd(8), `${k.prefix}…`, state.padEnd(32), k.name].join("  "));
  }
}));

program.command("revoke").argument("<idOrName>", "the key's id, or the name it was created with")
  .action((idOrName: string) => withDatabase(async (db) => {
    const revoked = await revokeApiKey(db, idOrName);
    if (revoked.length === 0) {
      console.error(`no active key with id or name "${idOrName}"`);
      process.exitCode = 1;
    }
    for (const k of revoked) console.log(`revoked ${k.role} key ${k.id} ("${k.name}"); it is refused from the next request on`);
  }));

await program.parseAsync();
