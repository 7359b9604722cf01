// `npm run keys -- create --role SYSTEM|PROVIDER --name "<caller>"` prints a new API key once;
// `npm run keys -- list` and `npm run keys -- revoke <id or name>` manage them.
import { Command, Option } from "commander";
import { createApiKey, KEY_ROLES, type KeyRole, listApiKeys, revokeApiKey } from "../auth/keys.js";
import { loadConfig } from "../config.js";
import { migrateDatabase, openDatabase } from "../db/client.js";

const config = loadConfig();
const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
await migrateDatabase(handle);
const program = new Command().name("keys").description("API keys of SYSTEM and PROVIDER callers");

program.command("create")
  .addOption(new Option("--role <role>", "the caller's role").choices(KEY_ROLES).makeOptionMandatory())
  .requiredOption("--name <name>", "who the caller is, e.g. 昆明市交通运输局行政审批系统")
  .action(async (opts: { role: KeyRole; name: string }) => {
    const { key, row } = await createApiKey(handle.db, opts.role, opts.name.trim());
    console.log(`created ${row.role} key ${row.id} for "${row.name}".`);
    console.log("The key is shown once; store it now (only its hash is kept):");
    console.log(key);
  });

program.command("list").action(async () => {
  for (const k of await listApiKeys(handle.db)) {
    const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active";
    console.log([k.id, k.role.padEnd(8), `${k.prefix}…`, state.padEnd(32), k.name].join("  "));
  }
});

program.command("revoke").argument("<idOrName>", "the key's id, or the name it was created with")
  .action(async (idOrName: string) => {
    const revoked = await revokeApiKey(handle.db, idOrName);
    if (revoked.length === 0) {
      console.error(`no active key with id or name "${idOrName}"`);
      process.exitCode = 1;
    }
    for (const k of revoked) console.log(`revoked ${k.role} key ${k.id} ("${k.name}"); it is refused from the next request on`);
  });

try {
  await program.parseAsync();
} finally {
  await handle.close();
}
