// What a domain module hands the composition root: its resolvers, the permission rules of the
// fields it serves, which of its reads are audited, its per-request loaders and a factory for its
// service. A module is one folder; its index.ts exports one manifest; the root folds over the list
// in modules/index.ts and needs nothing else from the module.
import type { allow, IRule } from "graphql-shield";
import type { Principal } from "../auth/principal.js";
import type { Config } from "../config.js";
import type { Database, Prepare } from "../db/client.js";
import type { Protector } from "../shared/protect.js";

/** A graphql-shield rule (or a logic rule such as `allow`). */
export type ShieldRule = IRule | typeof allow;

/** What every service factory may use; other modules' services come by name beside it. */
export interface ServiceDeps {
  /** The database, joined to the transaction of the mutation a call runs in. */
  db: Database;
  /** The database outside any request's transaction: for work of its own (group commit). */
  ownDb: Database;
  prepare: Prepare;
  config: Config;
  protector: Protector;
}

/** What a module's per-request loaders are built from. */
export interface LoaderDeps {
  db: Database;
  /** The register's date for the request (China time). */
  today: string;
  principal: Principal;
}

/**
 * Rules of the fields a module serves: its root fields, and each object type it defines (a type
 * rule, or one per field). The composition root refuses to start while any served field has none.
 */
export interface ModuleRules {
  Query?: Record<string, ShieldRule>;
  Mutation?: Record<string, ShieldRule>;
  types?: Record<string, ShieldRule | Record<string, ShieldRule>>;
}

export interface ModuleManifest<Name extends string = string, Service = unknown, Loaders = unknown, Needs = unknown> {
  name: Name;
  /** type-graphql resolver classes. */
  resolvers?: readonly Function[];
  rules?: ModuleRules;
  /** Root query fields that read subject data: audited even when they find nothing. */
  auditedReads?: readonly string[];
  /** Names of the modules whose services this one's factory takes; they come first in the list. */
  needs?: readonly string[];
  service?: (deps: ServiceDeps & Needs) => Service;
  loaders?: (deps: LoaderDeps) => Loaders;
}

/** Typed identity: keeps a manifest's literal name and its service's and loaders' types. */
export function defineModule<const Name extends string, Service = never, Loaders = never, Needs = unknown>(
  manifest: ModuleManifest<Name, Service, Loaders, Needs>,
): ModuleManifest<Name, Service, Loaders, Needs> {
  return manifest;
}

export type AnyModule = ModuleManifest<string, any, any, any>;

type ServiceOf<M> = M extends ModuleManifest<string, infer S, any, any> ? ([S] extends [never] ? never : S) : never;
type LoadersOf<M> = M extends ModuleManifest<string, any, infer L, any> ? ([L] extends [never] ? never : L) : never;

/** `{ [module name]: its service }` of the modules that have one. */
export type ServicesOf<Ms extends readonly AnyModule[]> = {
  [M in Ms[number] as ServiceOf<M> extends never ? never : M["name"]]: ServiceOf<M>;
};

/** `{ [module name]: its loaders }` of the modules that have some. */
export type LoadersOfModules<Ms extends readonly AnyModule[]> = {
  [M in Ms[number] as LoadersOf<M> extends never ? never : M["name"]]: LoadersOf<M>;
};
