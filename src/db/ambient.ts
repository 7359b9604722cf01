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

/** How a coalesced read groups its keys into statements and matches rows back to them. */
export interface Coalesced<K, R> {
  /** Keys of one group go in one statement (e.g. the caller's reach and day). */
  group(key: K): string;
  /** Within a group: the key's identity, and the key a row answers. */
  id(key: K): string;
  rowId(row: R): string;
  /** The rows of a group's keys, in one statement. */
  read(db: Database, keys: K[]): Promise<R[]>;
}

/**
 * Reads that concurrent requests make in the same tick, sent as one statement per group: each
 * key gets its rows. Nothing is kept between ticks. Inside a unit of work the read is the unit's
 * own, on its transaction.
 */
export function coalescedRead<K, R>(spec: Coalesced<K, R>): (db: Database, keys: readonly K[]) => Promise<R[][]> {
  const answer = async (db: Database, keys: readonly K[]): Promise<R[][]> => {
    const groups = new Map<string, K[]>();
    for (const key of keys) {
      const group = groups.get(spec.group(key));
      if (group) group.push(key); else groups.set(spec.group(key), [key]);
    }
    const rows = new Map<string, R[]>();
    await Promise.all([...groups].map(async ([group, members]) => {
      for (const row of await spec.read(db, members)) {
        const id = `${group}\0${spec.rowId(row)}`;
        const same = rows.get(id);
        if (same) same.push(row); else rows.set(id, [row]);
      }
    }));
    return keys.map((key) => rows.get(`${spec.group(key)}\0${spec.id(key)}`) ?? []);
  };
  const loaders = new WeakMap<Database, DataLoader<K, R[]>>();
  return async (db, keys) => {
    const unit = current.getStore();
    if (unit) return answer(unit, keys);
    let loader = loaders.get(db);
    // The tick's statement belongs to no unit of work, whichever caller happened to start the batch.
    if (!loader) loaders.set(db, loader = new DataLoader((tick) => current.exit(() => answer(db, tick)), { cache: false, batchScheduleFn: (run) => setImmediate(run) }));
    const values = await loader.loadMany(keys);
    for (const v of values) if (v instanceof Error) throw v;
    return values as R[][];
  };
}
