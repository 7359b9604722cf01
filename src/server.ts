// Composition root: configuration, database, schema, Apollo Server and the HTTP routes.
import "reflect-metadata";
import { realpathSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type NextFunction, type Request, type Response } from "express";
import type { GraphQLSchema } from "graphql";
import helmet from "helmet";
import { collectDefaultMetrics, register } from "prom-client";
import { Authenticator } from "./auth/credentials.js";
import { PUBLIC } from "./auth/principal.js";
import { type Config, loadConfig, resolveCheckpointKey, resolveDataKey } from "./config.js";
import { type Context, createContext } from "./context.js";
import { ambientDatabase } from "./db/ambient.js";
import { type Database, type DatabaseHandle, isDatabaseUnavailable, isReady, migrateDatabase, openDatabase, poolConnections } from "./db/client.js";
import { graphiqlRoutes } from "./graphiql.js";
import { compiledGateway } from "./http/compiled.js";
import { creditFileRoutes } from "./http/creditfile.js";
import { directRoute, expressObjects } from "./http/direct.js";
import { documentLiterals, refuseUnstorableInput, type RequestNotes } from "./http/input.js";
import { introspectionPolicy, queryLimits, withoutSuggestions } from "./http/limits.js";
import { formatError, metricsRoute, observabilityPlugin, requestLog, serviceUnavailable } from "./http/observability.js";
import { rateLimit } from "./http/rate-limit.js";
import { logger } from "./logger.js";
import { AuditCheckpointer } from "./modules/audit/audit.checkpoint.js";
import { createAuditPlugin } from "./modules/audit/audit.plugin.js";
import { withAuditedMutations } from "./modules/audit/audit.transaction.js";
import { auditedReads, createLoaders, createServices, modules } from "./modules/index.js";
import { jointReportRoutes } from "./modules/jointreport/jointreport.http.js";
import { exchangeGauges, exchangeRoutes } from "./modules/exchange/exchange.http.js";
import { startExchangeSchedule } from "./modules/exchange/exchange.schedule.js";
import type { AnyModule } from "./modules/manifest.js";
import { withPermissions } from "./permissions/index.js";
import { buildAppSchema } from "./schema.js";
import { AppError, INTERNAL_ERROR } from "./shared/errors.js";
import { DEFAULT_LANGUAGE, msg, render } from "./shared/i18n/index.js";
import { poolGauges } from "./shared/metrics.js";
import { createProtector } from "./shared/protect.js";
import { notFoundPage, type PublicApi, toAnswer, WINDOW_PURPOSE, windowRoutes } from "./web/index.js";

export interface RunningServer {
  url: string;
  /** Where /metrics is served: `url` unless METRICS_PORT gives it a port of its own. */
  metricsUrl: string;
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/** Errors before GraphQL runs (credentials, a database that cannot answer) in GraphQL's shape. */
function sendError(res: Response, error: unknown): void {
  const coded = error instanceof AppError ? error : new AppError("INTERNAL_SERVER_ERROR", INTERNAL_ERROR);
  const http = coded.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
  for (const [name, value] of http?.headers ?? []) res.set(name, value);
  const { http: _omit, ...extensions } = coded.extensions as Record<string, unknown>;
  res.locals.outcome = extensions.code;
  res.status(http?.status ?? 500).json({ errors: [{ message: coded.messageIn(res.locals.language ?? DEFAULT_LANGUAGE), extensions }] });
}

/** A body that is too large or not JSON: a 4xx GraphQL error, not an HTML page. */
function bodyErrors(error: { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction): void {
  if (error.type === "entity.too.large") {
    res.status(413).json({ errors: [{ message: render(msg("error.bodyTooLarge"), res.locals.language), extensions: { code: "BAD_REQUEST" } }] });
  } else if (error.type === "entity.parse.failed" || error.type === "encoding.unsupported" || error.type === "charset.unsupported") {
    res.status(400).json({ errors: [{ message: render(msg("error.bodyNotJson"), res.locals.language), extensions: { code: "BAD_REQUEST" } }] });
  } else {
    next(error);
  }
}

/**
 * The served schema: every module's resolvers, each mutation field committed with its audit event,
 * and the modules' permission rules — a served field without one stops the start, naming it.
 */
export async function servedSchema(db: Database, list: readonly AnyModule[]): Promise<GraphQLSchema> {
  return withPermissions(withAuditedMutations(await buildAppSchema(list), db), list);
}

export async function startServer(config: Config): Promise<RunningServer> {
  const started = performance.now();
  logger.level = config.LOG_LEVEL;
  const protector = createProtector(resolveDataKey(config));
  const handle = await openDatabase({
    url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DB_POOL_SIZE,
    connectTimeoutSeconds: config.DB_CONNECT_TIMEOUT_SECONDS, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
  });
  await migrateDatabase(handle);
  // Services join the transaction of the mutation they run in (db/ambient.ts); the audit writer never does.
  const services = createServices({ db: ambientDatabase(handle.db), ownDb: handle.db, prepare: handle.prepare, config, protector });
  await services.catalogue.ensureDefaults();
  await services.rules.ensureDefaults();
  await services.evaluation.ensureDefaults();
  if (config.SEED_DEMO) {
    const { seedDemoRegister } = await import("./seed/demo.js");
    await seedDemoRegister(handle, protector, logger);
  }
  const checkpointKey = resolveCheckpointKey(config);
  const checkpointer = checkpointKey && new AuditCheckpointer(handle.db, checkpointKey, logger).start(config.AUDIT_CHECKPOINT_INTERVAL_SECONDS);
  if (!checkpointKey && config.DATABASE_URL) {
    logger.warn("AUDIT_CHECKPOINT_KEY is not set: the audit chain is not anchored by signed checkpoints, so a chain cut short "
      + "with its head moved back, or rewritten with fresh hashes, cannot be detected (see README, Audit trail)");
  }
  const app = express();
  // Its request handler is set once the routes are (below): POST /graphql goes direct when it can.
  const httpServer: Server = createServer(expressObjects(app));
  const limits = queryLimits(config);
  const apollo = new ApolloServer<Context>({
    // The served schema, its check documents executed compiled (http/compiled.ts).
    gateway: compiledGateway(await servedSchema(handle.db, modules)),
    formatError: config.NODE_ENV === "production" ? withoutSuggestions(formatError) : formatError,
    includeStacktraceInErrorResponses: false,
    // Who may introspect is decided by introspectionPolicy (below), not by NODE_ENV alone.
    introspection: true,
    allowBatchedHttpRequests: false,
    // Signals are handled once, below: Apollo's own handler re-raises them (exit 143, not 0).
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: config.MAX_TOKENS },
    validationRules: limits.validationRules,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.SHUTDOWN_GRACE_MS }),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ...(limits.plugins as ApolloServerPlugin<Context>[]),
      introspectionPolicy(config),
      documentLiterals,
      createAuditPlugin(services.audit.writer, auditedReads()),
      observabilityPlugin,
    ],
  });
  await apollo.start();
  const authenticator = new Authenticator(handle.db, config);
  const limiter = rateLimit(config);

  // Once per process: several services in one process (tests) share the default registry.
  if (!register.getSingleMetric("process_cpu_user_seconds_total")) {
    collectDefaultMetrics();
    poolGauges(() => poolConnections(handle));
    exchangeGauges(() => services.exchange.gauges(), () => services.exchange.overdueJointReports());
  }
  app.disable("x-powered-by");
  // Answers are POSTed and never revalidated: hashing each body for an ETag (a 1,000-subject check is ~500 kB) buys nothing.
  app.set("etag", false);
  if (config.TRUST_PROXY !== undefined) app.set("trust proxy", config.TRUST_PROXY);
  // An API's answers are never a page to frame or a script to run; GraphiQL sets its own policy.
  const securityHeaders = helmet({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } }, frameguard: { action: "deny" } });
  app.use(securityHeaders);
  app.get("/healthz", (_req, res) => { res.json({ status: "ok" }); });
  app.get("/readyz", async (_req, res) => {
    const ready = await isReady(handle);
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not ready" });
  });
  const metricsServer = config.METRICS_PORT === undefined ? null : createServer(express().use(helmet()).get("/metrics", metricsRoute(config)));
  if (!metricsServer) app.get("/metrics", metricsRoute(config));
  if (config.GRAPHIQL) app.use(graphiqlRoutes());
  const authenticate = async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.principal = await authenticator.authenticate(req.header("authorization"));
      next();
    } catch (error) {
      if (error instanceof AppError && error.extensions.code === "UNAUTHENTICATED") await limiter.failed(req).catch(() => {});
      sendError(res, isDatabaseUnavailable(error) ? serviceUnavailable() : error);
    }
  };
  const contextOf = (res: Response) => createContext({
    services,
    loaders: (today, principal) => createLoaders({ db: handle.db, today, principal }),
    principal: res.locals.principal,
    requestId: res.locals.requestId,
    language: res.locals.language,
    purpose: (res.locals.notes as RequestNotes).purpose,
  });
  const graphqlHandlers = [refuseUnstorableInput(sendError), limiter.failureGate, authenticate, limiter.middleware, expressMiddleware(apollo, {
    context: async ({ res }) => {
      res.locals.graphql = true;
      return contextOf(res);
    },
  })];
  app.use("/graphql", requestLog, express.json({ limit: config.MAX_BODY }), ...graphqlHandlers);
  const direct = directRoute(app, { path: "/graphql", maxBody: config.MAX_BODY, before: [securityHeaders, requestLog], handlers: graphqlHandlers, errors: bodyErrors });
  app.use(creditFileRoutes({
    guard: [requestLog, refuseUnstorableInput(sendError), limiter.failureGate, authenticate, limiter.middleware],
    execute: async (res, query, variables) => {
      const response = await apollo.executeOperation({ query, variables }, { contextValue: contextOf(res) });
      return response.body.kind === "single" ? response.body.singleResult : { errors: [{ message: "unexpected incremental result" }] };
    },
    verify: async (code, requestId) => {
      const verification = await services.creditFile.verify(code);
      await services.audit.writer.append({
        at: new Date(), requestId, principal: PUBLIC.id, role: PUBLIC.role, operation: "verifyCreditFile", purpose: null,
        subjectIds: verification.subjectId ? [verification.subjectId] : [], protectedFields: [], grantId: null, outcome: "OK",
        detail: JSON.stringify({ code: verification.code, status: verification.status, changed: verification.changed }),
      });
      return verification;
    },
  }));
  app.use("/reports", jointReportRoutes({
    guard: [requestLog, refuseUnstorableInput(sendError), limiter.failureGate, authenticate, limiter.middleware],
    service: () => services.jointreport,
    audit: (res, detail) => services.audit.writer.append({
      at: new Date(), requestId: res.locals.requestId, principal: res.locals.principal.id, role: res.locals.principal.role, operation: "jointMeasuresReport",
      purpose: null, subjectIds: [], protectedFields: [], grantId: null, outcome: "OK", detail: JSON.stringify({ document: detail }),
    }),
    sendError,
  }));
  app.use(requestLog, exchangeRoutes({
    service: services.exchange,
    authenticate: (req) => authenticator.authenticate(req.header("authorization")),
    audit: (event) => services.audit.writer.append(event),
    sendError: (res, error) => sendError(res, isDatabaseUnavailable(error) ? serviceUnavailable() : error),
  }));
  app.use(bodyErrors);
  // The public window's pages (信用交通·云南), reading through /graphql above as PUBLIC.
  if (config.WINDOW) {
    const asPublic: PublicApi = async (_req, res, query, variables) => {
      const contextValue = await createContext({
        services,
        loaders: (today, principal) => createLoaders({ db: handle.db, today, principal }),
        principal: res.locals.principal,
        requestId: res.locals.requestId,
        language: res.locals.language,
        purpose: WINDOW_PURPOSE,
      });
      const response = await apollo.executeOperation({ query, variables }, { contextValue });
      return toAnswer(response.body.kind === "single" ? response.body.singleResult : {});
    };
    app.use(requestLog, async (_req, res, next) => {
      res.locals.principal = await authenticator.authenticate(undefined);
      next();
    }, windowRoutes(asPublic, limiter.middleware));
  }
  app.use((req: Request, res: Response) => {
    if (config.WINDOW && req.method === "GET" && (req.headers.accept ?? "").includes("text/html") && !req.path.startsWith("/graphql")) notFoundPage(req, res);
    else res.status(404).type("text").send("not found\n");
  });

  httpServer.on("request", (req, res) => {
    if (!direct(req, res)) app(req, res);
  });
  // Listen only once every route is mounted: /readyz must not answer 404 during start.
  const listen = (server: Server, port: number) => new Promise<void>((resolve, reject) => {
    server.once("error", reject).listen(port, config.HOST, resolve);
  });
  await Promise.all([listen(httpServer, config.PORT), metricsServer && listen(metricsServer, config.METRICS_PORT!)]).catch(async (error) => {
    metricsServer?.close();
    await apollo.stop();
    await services.audit.writer.close();
    await checkpointer?.close();
    await limiter.close();
    await handle.close();
    throw error;
  });
  // The monthly exchange with partner platforms (a job queue on PostgreSQL, in-process on PGlite).
  const exchangeSchedule = await startExchangeSchedule(config, services.exchange);
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}`;
  services.creditFile.listeningAt(url);
  const metricsUrl = metricsServer ? `http://${config.HOST}:${(metricsServer.address() as AddressInfo).port}` : url;
  logger.info({ url, metricsUrl, driver: handle.driver, exchangeSchedule: exchangeSchedule.kind, startupMs: Math.round(performance.now() - started) }, "creditgate ready");
  return {
    url,
    metricsUrl,
    handle,
    /** Stops accepting, lets in-flight requests finish (SHUTDOWN_GRACE_MS at most), closes the pool. */
    async close() {
      metricsServer?.closeAllConnections();
      metricsServer?.close();
      await exchangeSchedule.close();
      await apollo.stop();
      await services.audit.writer.close();
      await checkpointer?.close(); // signs the head the last events left
      await limiter.close();
      await handle.close();
    },
  };
}

// `npm start` runs dist/current/src/server.js: node names the module by its real path.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const server = await startServer(loadConfig()).catch((err) => {
    // An embedded database held by another process: its message says who and what to do.
    logger.fatal(err?.code === "DATABASE_LOCKED" ? { reason: err.message } : { err }, "creditgate failed to start");
    process.exit(1);
  });
  // A Ctrl-C under `npm start` arrives twice (from the terminal and forwarded by npm): the
  // first signal starts the drain, later ones change nothing.
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "shutting down: finishing in-flight requests");
      server.close().then(() => process.exit(0), (err) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      });
    });
  }
}
