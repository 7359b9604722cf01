// Regrouping rows fetched in one statement into the order a DataLoader asked for them.
import DataLoader from "dataloader";

/** The rows of each key, in key order (an empty array for a key with none). */
export function groupByKey<R>(keys: readonly string[], rows: readonly R[], keyOf: (row: R) => string): R[][] {
  const groups = new Map<string, R[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k)!);
}

/** The one row of each key, or null, in key order. */
export function oneByKey<R>(keys: readonly string[], rows: readonly R[], keyOf: (row: R) => string): (R | null)[] {
  const byKey = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => byKey.get(k) ?? null);
}

/** A per-request loader of each subject's rows, fetched for a whole batch of subjects at once. */
export const bySubject = <R extends { subjectId: string }>(fetch: (ids: readonly string[]) => Promise<R[]>) =>
  new DataLoader<string, R[]>(async (ids) => groupByKey(ids, await fetch(ids), (r) => r.subjectId));
