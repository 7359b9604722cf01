// Field-level permissions (graphql-shield), deny by default, folded from the modules' rules. A
// served field without a rule would be FORBIDDEN at request time; instead the service refuses to
// start and names it. Since every field has a rule, a field whose rule is `allow` decides nothing:
// it is left unwrapped (shield's async middleware on each of a 1,000-subject check's ~20,000
// resolved fields was a large share of its time); every other field runs its rule through shield.
import { type GraphQLSchema, isObjectType } from "graphql";
import { applyMiddleware, type IMiddlewareFieldMap } from "graphql-middleware";
import { allow, deny, type IRules, shield } from "graphql-shield";
import type { AnyModule, ShieldRule } from "../modules/manifest.js";
import { msg } from "../shared/i18n/index.js";
import { forbidden } from "./rules.js";

/** Types that belong to no module (shared/). */
const SHARED_TYPES: Record<string, ShieldRule> = { PageInfo: allow };

type TypeRules = Record<string, ShieldRule | Record<string, ShieldRule>>;

/** The one rule tree of every module; a field or type claimed twice is a mistake. */
export function ruleTreeOf(modules: readonly AnyModule[]): TypeRules {
  const tree: TypeRules = { ...SHARED_TYPES };
  const claim = (type: string, rules: ShieldRule | Record<string, ShieldRule>, owner: string) => {
    if (type === "Query" || type === "Mutation") {
      const fields = (tree[type] ??= {}) as Record<string, ShieldRule>;
      for (const [field, rule] of Object.entries(rules as Record<string, ShieldRule>)) {
        if (fields[field]) throw new Error(`permissions: ${type}.${field} has a rule twice (module ${owner})`);
        fields[field] = rule;
      }
      return;
    }
    if (tree[type]) throw new Error(`permissions: type ${type} has rules twice (module ${owner})`);
    tree[type] = rules;
  };
  for (const m of modules) {
    if (m.rules?.Query) claim("Query", m.rules.Query, m.name);
    if (m.rules?.Mutation) claim("Mutation", m.rules.Mutation, m.name);
    for (const [type, rules] of Object.entries(m.rules?.types ?? {})) claim(type, rules, m.name);
  }
  return tree;
}

const isRuleMap = (rules: unknown): rules is Record<string, ShieldRule> =>
  typeof rules === "object" && rules !== null && Object.getPrototypeOf(rules) === Object.prototype;

/** Fields of `schema` the tree has no rule for (they would be FORBIDDEN to everyone). */
export function uncoveredFields(schema: GraphQLSchema, tree: TypeRules): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    const rules = tree[type.name];
    if (rules && !isRuleMap(rules)) continue; // one rule for the whole type
    for (const field of Object.keys(type.getFields())) {
      if (!rules || (!rules[field] && !rules["*"])) missing.push(`${type.name}.${field}`);
    }
  }
  return missing;
}

export function withPermissions(schema: GraphQLSchema, modules: readonly AnyModule[]): GraphQLSchema {
  const tree = ruleTreeOf(modules);
  const missing = uncoveredFields(schema, tree);
  if (missing.length > 0) {
    throw new Error(`permissions: no rule for ${missing.join(", ")} — give each field a rule in its module's manifest`);
  }
  const generated = shield(tree as IRules, {
    fallbackRule: deny,
    fallbackError: () => forbidden(msg("forbidden.notPermitted")),
    // Resolvers throw our coded errors (INVALID_IDENTIFIER, GRANT_INVALID, …): let them through.
    allowExternalErrors: true,
    debug: false,
  }).generate(schema) as IMiddlewareFieldMap;
  return applyMiddleware(schema, withoutAllowed(generated, tree));
}

/** The rule a field is served under: its own, else its type's `*`, else its type's one rule. */
function ruleOf(tree: TypeRules, type: string, field: string): ShieldRule | undefined {
  const rules = tree[type];
  if (!rules) return undefined;
  if (!isRuleMap(rules)) return rules;
  return rules[field] ?? rules["*"];
}

/** Shield's middleware without the fields whose rule is `allow`: those resolve as they are. */
export function withoutAllowed(generated: IMiddlewareFieldMap, tree: TypeRules): IMiddlewareFieldMap {
  const out: IMiddlewareFieldMap = {};
  for (const [type, fields] of Object.entries(generated)) {
    const kept = Object.fromEntries(Object.entries(fields as Record<string, unknown>).filter(([field]) => ruleOf(tree, type, field) !== allow));
    if (Object.keys(kept).length) out[type] = kept as IMiddlewareFieldMap[string];
  }
  return out;
}
