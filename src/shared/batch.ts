// Regrouping rows fetched in one statement into the order a DataLoader asked for them.

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
