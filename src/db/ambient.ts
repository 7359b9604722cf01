// The transaction a unit of work runs in, carried implicitly. Services are bound to the database
// once per process; while a mutation runs (see audit.transaction.ts), the database they were given
// resolves to the mutation's transaction, so everything the mutation writes — through any service
// or store, and their own nested transactions as savepoints — commits or rolls back together with
// its audit event.
import { AsyncLocalStorage } from "node:async_hooks";
import DataLoader from "dataloader";
import type { Database } from "./client.js";

const current = new AsyncLocalStorage<Database>();

/** `db`, or the transaction of the unit of work the caller runs in. */
export function ambientDatabase(db: Database): Database {
  return new Proxy(db, {
    get(target, property) {
      const active = current.getStore() ?? target;
      const value = Reflect.get(active, property, active) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(active) : value;
    },
  });
}

/** Runs `work` in one transaction that every ambient database inside it joins. */
export function inUnitOfWork<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction((tx) => {
    const unit = tx as unknown as Database;
    return current.run(unit, () => work(unit));
  });
}

type Values = Record<string, unknown>;
/** A drizzle query with `sql.placeholder`s: run as built, or prepared once under a name. */
interface Preparable<R> {
  execute(values?: Values): Promise<R>;
  prepare(name: string): { execute(values?: Values): Promise<R> };
}

/**
 * A hot read built once with `sql.placeholder`s and run prepared, so PostgreSQL parses and plans
 * it once per connection rather than on every request (drizzle sends its other queries
 * unprepared). Inside a unit of work the read must see the transaction's writes: there it is
 * built on the transaction and sent as usual.
 */
export function preparedRead<R>(name: string, build: (db: Database) => Preparable<R>): (db: Database, values: Values) => Promise<R> {
  const prepared = new WeakMap<Database, { execute(values?: Values): Promise<R> }>();
  return (db, values) => {
    const unit = current.getStore();
    if (unit) return build(unit).execute(values);
    let query = prepared.get(db);
    if (!query) prepared.set(db, query = build(db).prepare(name));
    return query.execute(values);
  };
}

/**
 * Reads that concurrent requests make in the same tick, sent as one statement: `read` gets every
 * key asked for in the tick (duplicates included) and answers each, in order. Nothing is kept
 * between ticks. Inside a unit of work the read is the unit's own, on its transaction.
 */
export function coalescedRead<V>(read: (db: Database, keys: readonly string[]) => Promise<V[]>): (db: Database, keys: readonly string[]) => Promise<V[]> {
  const loaders = new WeakMap<Database, DataLoader<string, V>>();
  return async (db, keys) => {
    const unit = current.getStore();
    if (unit) return read(unit, keys);
    let loader = loaders.get(db);
    if (!loader) loaders.set(db, loader = new DataLoader((tick) => read(db, tick), { cache: false, batchScheduleFn: (run) => setImmediate(run) }));
    const values = await loader.loadMany(keys);
    for (const v of values) if (v instanceof Error) throw v;
    return values as V[];
  };
}
