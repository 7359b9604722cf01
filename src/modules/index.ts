// The one list of domain modules. The composition root (server.ts), the schema, the permissions,
// the audit of reads and the request context fold over it; adding a module adds one line here.
// A module's service may take the services of modules listed before it (its `needs`).
import { apiKeyModule } from "./apikey/index.js";
import { auditModule } from "./audit/index.js";
import { calendarModule } from "./calendar/index.js";
import { catalogueModule } from "./catalogue/index.js";
import { checkModule } from "./check/index.js";
import { commitmentModule } from "./commitment/index.js";
import { creditFileModule } from "./creditfile/index.js";
import { disclosureModule } from "./disclosure/index.js";
import { evaluationModule } from "./evaluation/index.js";
import { exchangeModule } from "./exchange/index.js";
import { grantModule } from "./grant/index.js";
import { historyModule } from "./history/index.js";
import { jointReportModule } from "./jointreport/index.js";
import { listModule } from "./list/index.js";
import type { AnyModule, LoaderDeps, LoadersOfModules, ServiceDeps, ServicesOf } from "./manifest.js";
import { meModule } from "./me/index.js";
import { objectionModule } from "./objection/index.js";
import { recordModule } from "./record/index.js";
import { repairModule } from "./repair/index.js";
import { reportModule } from "./report/index.js";
import { rulesModule } from "./rules/index.js";
import { subjectModule } from "./subject/index.js";

export const modules = [
  subjectModule, calendarModule, catalogueModule, rulesModule, recordModule, listModule, evaluationModule, commitmentModule,
  apiKeyModule, grantModule, reportModule, auditModule, checkModule, objectionModule, repairModule, historyModule, meModule,
  jointReportModule,
  exchangeModule,
  creditFileModule,
  disclosureModule,
] as const;

export type Services = ServicesOf<typeof modules>;
export type Loaders = LoadersOfModules<typeof modules>;

/** Every module's service, each given the services it names in `needs`. */
export function createServices(deps: ServiceDeps, list: readonly AnyModule[] = modules): Services {
  const built: Record<string, unknown> = {};
  for (const m of list) {
    for (const need of m.needs ?? []) {
      if (!(need in built)) throw new Error(`module ${m.name} needs the ${need} service: list ${need} before it`);
    }
    if (m.service) built[m.name] = m.service({ ...deps, ...built });
  }
  return built as Services;
}

/** The request's loaders, by module: `ctx.loaders.list.active`. */
export function createLoaders(deps: LoaderDeps, list: readonly AnyModule[] = modules): Loaders {
  let Lazy = lazyLoaders.get(list);
  if (!Lazy) lazyLoaders.set(list, (Lazy = lazyLoadersOf(list)));
  return new Lazy(deps) as unknown as Loaders;
}

/**
 * A request makes a module's loaders when it first asks for them: a one-party check uses none of
 * the twenty modules' loaders, and making them all was a measurable part of its CPU.
 */
const DEPS = Symbol("loader deps");
const lazyLoaders = new WeakMap<readonly AnyModule[], new (deps: LoaderDeps) => object>();

function lazyLoadersOf(list: readonly AnyModule[]): new (deps: LoaderDeps) => object {
  class Lazy {
    readonly [DEPS]: LoaderDeps;
    constructor(deps: LoaderDeps) {
      this[DEPS] = deps;
    }
  }
  for (const m of list) {
    const make = m.loaders;
    if (!make) continue;
    Object.defineProperty(Lazy.prototype, m.name, {
      enumerable: true,
      get(this: Lazy) {
        const made = make(this[DEPS]);
        Object.defineProperty(this, m.name, { value: made, enumerable: true });
        return made;
      },
    });
  }
  return Lazy;
}

/** Root query fields whose reads are audited even when they find nothing. */
export const auditedReads = (list: readonly AnyModule[] = modules): ReadonlySet<string> =>
  new Set(list.flatMap((m) => m.auditedReads ?? []));
