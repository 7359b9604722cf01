// A closed set is defined once — as a database enum (db/schema.ts) or a constant list of values —
// and everything else derives from it: the TypeScript union, and the GraphQL enum built here.

/** `{ A: "A", B: "B" }` of a list of values, the shape type-graphql's registerEnumType takes. */
export const enumOf = <const T extends readonly string[]>(values: T): { [K in T[number]]: K } =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };

/**
 * `{ WEEKDAYS_ONLY: "weekdays-only" }` of values that are not GraphQL names: the served names are
 * the values upper-cased with `_` for anything else, the values the resolvers return stay as they are.
 */
export const enumNamed = <const T extends readonly string[]>(values: T): Record<string, T[number]> =>
  Object.fromEntries(values.map((v) => [v.toUpperCase().replace(/[^A-Z0-9_]/g, "_"), v]));
