// Limits on what one GraphQL document may ask: depth, aliases, directives and cost (graphql-armor
// measures them), tokens (counted here, before graphql's parser stops at the same number);
// introspection, which production keeps from anonymous callers and providers; and the suggestions
// ("Did you mean …") that would spell the schema out to them instead.
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import {
  type DocumentNode, type GraphQLFormattedError, type GraphQLSchema, Lexer, NoSchemaIntrospectionCustomRule, Source,
  TokenKind, validate,
} from "graphql";
import type { Config } from "../config.js";
import type { Context } from "../context.js";
import { AppError } from "../shared/errors.js";
import { msg } from "../shared/i18n/index.js";

export type QueryLimits = Pick<Config, "MAX_DEPTH" | "MAX_ALIASES" | "MAX_COST" | "MAX_DIRECTIVES" | "MAX_TOKENS" | "NODE_ENV">;
export type QueryLimit = "MAX_DEPTH" | "MAX_ALIASES" | "MAX_DIRECTIVES" | "MAX_COST" | "MAX_TOKENS";

/**
 * A document over a limit: HTTP 400, code QUERY_TOO_COMPLEX, and extensions naming the limit
 * (the setting's name), its maximum and what the document came to; the document never runs.
 */
export class QueryTooComplexError extends AppError {
  constructor(readonly limit: QueryLimit, readonly max: number, readonly found: number) {
    super("QUERY_TOO_COMPLEX", msg("error.queryTooComplex", { measured: msg(`error.measured.${limit}`), found, max, limit }),
      { limit, max, found, http: { status: 400 } });
  }
}

/**
 * Cost weights (graphql-armor's costLimit). A field with a selection (an object, a list of them:
 * a lookup, often a database round trip) costs OBJECT_COST, a scalar field SCALAR_COST, and a
 * field's cost includes its selection's times the literal `first`/`last` it is given. Nesting
 * adds no factor of its own (armor's default multiplies by 1.5 per level, so that a clerk's list
 * with each subject's entries, records, evaluations and commitments cost 8–10 000): depth has its
 * own limit, MAX_DEPTH. So the cost is about the number of values the answer may hold, objects
 * counted twice. With the default MAX_COST 5000: `listEntries(first: 50)` with each subject's
 * four lists and a handful of fields each costs about 2 350, `searchSubjects(first: 100)` with
 * the same about 4 000; nine `searchSubjects(first: 100)` under aliases, each with entries'
 * subjects' records, cost 9 900. Not counted (armor cannot know them): lists without `first`
 * (a subject's entries, records …; each is one subject's), a `first` given as a variable or left
 * to its default; MAX_PAGE_SIZE bounds those pages, MAX_ALIASES and MAX_DEPTH the rest.
 */
export const COST_WEIGHTS = { objectCost: 2, scalarCost: 1, depthCostFactor: 1 } as const;

type Measures = Record<Exclude<QueryLimit, "MAX_TOKENS">, number>;

/**
 * Armor measures; the decision and the error are ours. Its rules report a rejection as a
 * "Syntax Error: …" message only, which Apollo would code GRAPHQL_VALIDATION_FAILED; with no
 * maximum of their own they hand every measure to `onAccept`, and the limits are applied to it.
 */
function measurer() {
  const UNLIMITED = Number.MAX_SAFE_INTEGER;
  let found: Measures = { MAX_DEPTH: 0, MAX_ALIASES: 0, MAX_DIRECTIVES: 0, MAX_COST: 0 };
  // Once per operation of the document: the largest counts.
  const record = (limit: keyof Measures) => ({
    propagateOnRejection: false,
    onAccept: [(_context: unknown, details: { n: number }) => { found[limit] = Math.max(found[limit], details.n); }],
  });
  const { validationRules } = new ApolloArmor({
    maxDepth: { n: UNLIMITED, ...record("MAX_DEPTH") },
    maxAliases: { n: UNLIMITED, ...record("MAX_ALIASES") },
    maxDirectives: { n: UNLIMITED, ...record("MAX_DIRECTIVES") },
    costLimit: { maxCost: UNLIMITED, ...COST_WEIGHTS, ignoreIntrospection: true, ...record("MAX_COST") },
    // Tokens are counted below: armor's token plugin reports plain syntax errors as validation failures.
    maxTokens: { enabled: false },
    // Armor's rule covers field names only; withoutSuggestions (below) covers every message.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  const cache = new WeakMap<DocumentNode, Measures>();
  return (schema: GraphQLSchema, document: DocumentNode): Measures => {
    const known = cache.get(document);
    if (known) return known;
    found = { MAX_DEPTH: 0, MAX_ALIASES: 0, MAX_DIRECTIVES: 0, MAX_COST: 0 };
    // Synchronous: no other document is measured meanwhile.
    validate(schema, document, validationRules as Parameters<typeof validate>[2]);
    const measures = { ...found, MAX_COST: Math.ceil(found.MAX_COST) };
    cache.set(document, measures);
    return measures;
  };
}

/** Tokens as graphql's parser counts them (comments are not), or null if the text does not lex. */
function countTokens(text: string): number | null {
  const lexer = new Lexer(new Source(text));
  let n = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) n++;
  } catch {
    return null;
  }
  return n;
}

/** The refused document's errors (parse or validation) give way to the limit it is over. */
const DOCUMENT_ERRORS = new Set(["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"]);

/**
 * Rejections are errors of the request: HTTP 400, the document never runs. Depth, aliases,
 * directives and cost are checked once the operation is known: Apollo passes an error from that
 * hook to the client as it is (from validation it would recode it GRAPHQL_VALIDATION_FAILED).
 * Tokens: graphql's parser stops at MAX_TOKENS (parseOptions in server.ts) with a syntax error.
 * A document over a limit that also fails to parse or validate (too many tokens; the same
 * directive thirty times) is answered with the limit alone: it is what the caller must fix first.
 */
export function queryLimits(config: QueryLimits): { plugins: ApolloServerPlugin<Context>[]; validationRules: [] } {
  const measure = measurer();
  const limits: Measures = { MAX_DEPTH: config.MAX_DEPTH, MAX_ALIASES: config.MAX_ALIASES, MAX_DIRECTIVES: config.MAX_DIRECTIVES, MAX_COST: config.MAX_COST };
  const overLimit = (schema: GraphQLSchema, document: DocumentNode) => {
    const found = measure(schema, document);
    const limit = (Object.keys(limits) as (keyof Measures)[]).find((l) => found[l] > limits[l]);
    return limit && new QueryTooComplexError(limit, limits[limit], found[limit]);
  };
  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      let refusal: QueryTooComplexError | undefined;
      return {
        async didResolveSource({ source }) {
          // A token is at least one character: a shorter text cannot have too many.
          if (source.length <= config.MAX_TOKENS) return;
          const tokens = countTokens(source);
          if (tokens !== null && tokens > config.MAX_TOKENS) refusal = new QueryTooComplexError("MAX_TOKENS", config.MAX_TOKENS, tokens);
        },
        async validationDidStart({ schema, document }) {
          return async (errors) => {
            if (errors?.length && document) refusal ??= overLimit(schema, document);
          };
        },
        async didResolveOperation({ schema, document }) {
          const error = overLimit(schema, document);
          if (error) throw error;
        },
        async willSendResponse({ response, contextValue }) {
          if (!refusal || response.body.kind !== "single") return;
          const { errors } = response.body.singleResult;
          if (errors?.length && errors.every((e) => DOCUMENT_ERRORS.has(String(e.extensions?.code)))) {
            const { extensions: { http: _http, ...extensions } } = refusal;
            response.body.singleResult.errors = [{ message: refusal.messageIn(contextValue.language), extensions }];
          }
        },
      };
    },
  };
  return { plugins: [plugin], validationRules: [] };
}

/**
 * In production only systems, officers and the office may introspect (the public, providers and
 * partner platforms may not); in development everybody does. Apollo's own switch must be on (`introspection: true`), else
 * it refuses everyone in production before this policy is asked. graphql's rule finds `__schema`
 * and `__type` anywhere in the document: under aliases, in fragments and inline fragments.
 */
const INTROSPECTORS = new Set(["SYSTEM", "OFFICER", "ADMIN"]);

export function introspectionPolicy(config: Pick<Config, "NODE_ENV">): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, contextValue }) {
          if (config.NODE_ENV !== "production") return;
          if (INTROSPECTORS.has(contextValue.principal.role)) return;
          if (validate(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0) {
            throw new AppError("FORBIDDEN", msg("error.noIntrospection"), { http: { status: 403 } });
          }
        },
      };
    },
  };
}

/**
 * graphql-js ends validation and coercion messages with "Did you mean …?" (fields, arguments,
 * enum values, input fields, types): in production that would spell the schema out to callers
 * who may not introspect it, so every message loses it.
 */
export function withoutSuggestions(
  format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const out = format(formatted, error);
    const message = out.message.replace(/\s*Did you mean\b[\s\S]*$/, "");
    return message === out.message ? out : { ...out, message };
  };
}
