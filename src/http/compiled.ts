// The check runs compiled (graphql-jit): its documents are few and known (each calling system sends
// the same one, thousands of times a second, with up to 1,000 refs), and graphql-js walks a
// 1,000-ref answer's ~20,000 fields one by one. Every other document runs as Apollo would run it
// (graphql-js `execute`). The schema is the served one, so field permissions (graphql-shield) and
// the resolvers are the same; Apollo still parses, validates and limits the document before, and
// formats the errors after.
//
// Apollo Server 5 takes another executor only through its gateway interface: this module is that
// interface for a schema that never changes.
import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";
import { type DocumentNode, execute, type ExecutionResult, GraphQLError, type GraphQLSchema, Kind, type OperationDefinitionNode } from "graphql";
import { getVariableValues } from "graphql/execution/values.js";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";

/** Root fields whose documents are compiled: the check (and `__typename` beside it). */
const COMPILED_ROOT_FIELDS = new Set(["check", "__typename"]);

/** The operation `operationName` picks in `document` (the only one when unnamed), or null. */
function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((o) => o.name?.value === operationName) ?? null;
  return operations.length === 1 ? operations[0]! : null;
}

/** Whether the operation is a query asking the check only (no fragment at the root: it is read as written). */
export function isCheckOperation(operation: OperationDefinitionNode | null): boolean {
  return operation?.operation === "query"
    && operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && COMPILED_ROOT_FIELDS.has(s.name.value))
    && operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value === "check");
}

/**
 * graphql-jit's errors are frozen look-alikes of graphql-js's; the plugins after execution put
 * their messages into the caller's language, so each becomes a graphql-js error with the same
 * message, path, locations, extensions and original error.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const plain = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions });
  if (error.locations) (plain as { locations?: unknown }).locations = error.locations;
  return plain;
}

/** Compiled documents, by the parsed document Apollo keeps for each query text (its document store). */
type Compiled = CompiledQuery | ExecutionResult;

export function compiledExecutor(schema: GraphQLSchema): GatewayExecutor {
  const compiled = new WeakMap<DocumentNode, Map<string, Compiled>>();
  const compile = (document: DocumentNode, operationName: string | undefined): Compiled => {
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map()));
    let query = byName.get(operationName ?? "");
    if (!query) byName.set(operationName ?? "", (query = compileQuery(schema, document, operationName)));
    return query;
  };
  return async ({ document, request, context }) => {
    const operationName = request.operationName ?? undefined;
    const operation = operationOf(document, operationName);
    if (!isCheckOperation(operation)) {
      return execute({ schema, document, contextValue: context, variableValues: request.variables, operationName });
    }
    const query = compile(document, operationName);
    if (!isCompiledQuery(query)) return query;
    const result = await query.query(undefined, context, request.variables ?? {});
    if (!result.errors) return result;
    // No data at all: the variables were refused. graphql-js says why in the words (and with the
    // variable's node) Apollo turns into BAD_USER_INPUT; it is asked only then.
    if (!("data" in result)) {
      const coerced = getVariableValues(schema, operation!.variableDefinitions ?? [], request.variables ?? {});
      if (coerced.errors) return { errors: coerced.errors };
    }
    return { ...result, errors: result.errors.map((e) => asGraphQLError(e as GraphQLError)) };
  };
}

/** Apollo's gateway interface over one fixed schema, executing through `compiledExecutor`. */
export function compiledGateway(schema: GraphQLSchema): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => {};
    },
    async load() {
      return { executor: compiledExecutor(schema) };
    },
    async stop() {},
  };
}
