// Composition root: configuration, database, schema, Apollo Server and the HTTP routes.
import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { unwrapResolverError } from "@apollo/server/errors";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { GraphQLFormattedError } from "graphql";
import { collectDefaultMetrics, register } from "prom-client";
import { Authenticator } from "./auth/credentials.js";
import { type Config, loadConfig, resolveDataKey } from "./config.js";
import { type Context, createContext } from "./context.js";
import { type DatabaseHandle, isReady, migrateDatabase, openDatabase } from "./db/client.js";
import { graphiqlAssets, graphiqlPage, wantsGraphiql } from "./graphiql.js";
import { logger } from "./logger.js";
import { ensureDefaults } from "./modules/catalogue/catalogue.store.js";
import { createAuditPlugin } from "./modules/audit/audit.plugin.js";
import { withPermissions } from "./permissions/index.js";
import { buildAppSchema } from "./schema.js";
import { createServices } from "./services.js";
import { AppError } from "./shared/errors.js";
import { createProtector } from "./shared/protect.js";

export interface RunningServer {
  url: string;
  handle: DatabaseHandle;
  close(): Promise<void>;
}

const isOurs = (error: unknown) => unwrapResolverError(error) instanceof AppError;

/**
 * Errors with a code of ours, and GraphQL's own parse/validation errors, go out as they are;
 * anything else reaches the client as INTERNAL_SERVER_ERROR without detail.
 */
function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (isOurs(error) || (code && code !== "INTERNAL_SERVER_ERROR")) return formatted;
  return { message: "Internal server error", path: formatted.path, locations: formatted.locations, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

/** Logs unexpected errors with the request id, and gives that id to the client to quote. */
const requestIdPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart({ contextValue }) {
    return {
      async didEncounterErrors({ errors }) {
        for (const error of errors) {
          if (!isOurs(error) && !error.extensions?.code) {
            logger.error({ requestId: contextValue.requestId, err: unwrapResolverError(error), path: error.path }, "unexpected error");
          }
        }
      },
      async willSendResponse({ response }) {
        if (response.body.kind !== "single") return;
        for (const error of response.body.singleResult.errors ?? []) {
          if (error.extensions?.code === "INTERNAL_SERVER_ERROR") (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
        }
      },
    };
  },
};

/** `X-Purpose`: why the caller asks, for the audit trail; percent-encoded UTF-8 allowed. */
function purposeOf(header: string | undefined): string | null {
  if (!header) return null;
  try {
    return decodeURIComponent(header).slice(0, 500);
  } catch {
    return header.slice(0, 500);
  }
}

/**
 * `permissions: false` serves the same resolvers without the graphql-shield layer: only for
 * measuring what the layer costs (npm run lookup-latency -- --without-permissions).
 */
export async function startServer(config: Config, opts: { permissions?: boolean } = {}): Promise<RunningServer> {
  const started = performance.now();
  logger.level = config.LOG_LEVEL;
  const protector = createProtector(resolveDataKey(config));
  const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DB_POOL_SIZE });
  await migrateDatabase(handle);
  await ensureDefaults(handle.db);
  if (config.SEED_DEMO) {
    const { seedDemoRegister } = await import("./seed/demo.js");
    await seedDemoRegister(handle, protector, logger);
  }

  const services = createServices(handle.db, config, protector);
  const app = express();
  const httpServer: Server = createServer(app);
  const apollo = new ApolloServer<Context>({
    schema: opts.permissions === false ? await buildAppSchema() : withPermissions(await buildAppSchema()),
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      requestIdPlugin,
      createAuditPlugin(services.audit.writer),
    ],
  });
  await apollo.start();
  const authenticator = new Authenticator(handle.db, config);

  collectDefaultMetrics();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => { res.json({ status: "ok" }); });
  app.get("/readyz", async (_req, res) => {
    const ready = await isReady(handle);
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not ready" });
  });
  app.get("/metrics", async (_req, res) => { res.type(register.contentType).send(await register.metrics()); });
  app.use(graphiqlAssets());
  app.get("/graphql", (req, res, next) => (wantsGraphiql(req) ? res.type("html").send(graphiqlPage()) : next()));
  app.use("/graphql", express.json({ limit: "1mb" }), expressMiddleware(apollo, {
    context: async ({ req }) => createContext({
      db: handle.db,
      services,
      principal: await authenticator.authenticate(req.header("authorization")),
      requestId: req.header("x-request-id") ?? randomUUID(),
      purpose: purposeOf(req.header("x-purpose")),
    }),
  }));

  // Listen only once every route is mounted: /readyz must not answer 404 during start.
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject).listen(config.PORT, config.HOST, resolve);
  }).catch(async (error) => {
    await apollo.stop();
    await services.audit.writer.close();
    await handle.close();
    throw error;
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}`;
  logger.info({ url, driver: handle.driver, startupMs: Math.round(performance.now() - started) }, "creditgate ready");
  return {
    url,
    handle,
    async close() {
      await apollo.stop();
      await services.audit.writer.close();
      await handle.close();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const server = await startServer(loadConfig()).catch((err) => {
    logger.fatal({ err }, "creditgate failed to start");
    process.exit(1);
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => { void server.close().then(() => process.exit(0)); });
  }
}
