// What every request leaves in the audit trail. A mutation field commits its event in its own
// transaction (audit.transaction.ts): the change and its event stand or fall together. Every
// other request that read subject data — and every refused mutation — gets one event, written by
// group commit before the client is answered: a read that cannot be audited is not served.
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from "@apollo/server";
import { type DocumentNode, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import type { Context } from "../../context.js";
import { isDatabaseUnavailable } from "../../db/client.js";
import { SERVICE_UNAVAILABLE_MESSAGE } from "../../shared/errors.js";
import { logger } from "../../logger.js";
import type { NewAuditEvent } from "./audit.chain.js";
import type { AuditWriter } from "./audit.service.js";

type Fragments = (name: string) => FragmentDefinitionNode | undefined;

export const fragmentsOf = (document: DocumentNode | undefined): Fragments => (name) => {
  const found = document?.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name);
  return found?.kind === Kind.FRAGMENT_DEFINITION ? found : undefined;
};

/** Root field names (not aliases), through inline fragments and fragment spreads. */
export function rootFields(operation: OperationDefinitionNode, fragments: Fragments): string[] {
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith("__")) names.add(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return [...names].sort();
}

/** "OK", or "ERROR:" and the sorted distinct codes of the errors the client receives. */
export function outcomeOf(errors: readonly { extensions?: Record<string, unknown> }[]): string {
  if (errors.length === 0) return "OK";
  const codes = new Set(errors.map((e) => (typeof e.extensions?.code === "string" ? e.extensions.code : "INTERNAL_SERVER_ERROR")));
  return `ERROR:${[...codes].sort().join(",")}`;
}

/** The event of a request (or of one mutation field of it) as it stands in its context. */
export function eventOf(ctx: Context, operation: OperationDefinitionNode, fragments: Fragments, outcome: string, at = new Date()): NewAuditEvent {
  return {
    at,
    requestId: ctx.requestId,
    principal: ctx.principal.id,
    role: ctx.principal.role,
    operation: operation.name?.value ?? rootFields(operation, fragments).join(","),
    purpose: ctx.audit.purpose,
    subjectIds: [...ctx.audit.subjectIds].sort(),
    protectedFields: [...ctx.audit.protectedFields].sort(),
    grantId: ctx.audit.grantId,
    outcome,
    detail: ctx.audit.detail,
  };
}

type ResponseContext = GraphQLRequestContextWillSendResponse<Context>;

function responseErrors(response: ResponseContext["response"]) {
  return (response.body.kind === "single" ? response.body.singleResult : response.body.initialResult).errors ?? [];
}

/**
 * The request's group-committed event, or null: when it neither read subject data nor wrote, or
 * when its mutation fields all committed their own events and nothing was read after them.
 */
export function auditEventOf(request: ResponseContext, reads: ReadonlySet<string>, at = new Date()): NewAuditEvent | null {
  const { operation, contextValue: ctx } = request;
  // No operation: the request did not parse or validate, so nothing was read or written.
  if (!operation || ctx.audit.refused) return null;
  const fragments = fragmentsOf(request.document);
  const { committed } = ctx.audit;
  if (committed && !ctx.audit.mutationFailed && [...ctx.audit.subjectIds].every((id) => committed.has(id))) return null;
  const audited = operation.operation === "mutation" || ctx.audit.subjectIds.size > 0 || rootFields(operation, fragments).some((f) => reads.has(f));
  if (!audited) return null;
  return eventOf(ctx, operation, fragments, outcomeOf(responseErrors(request.response)), at);
}

/**
 * The answer a client gets instead of data whose audit event could not be written. The request
 * log and the HTTP status (503 and Retry-After for SERVICE_UNAVAILABLE) come from the
 * observability plugin, which waits for this.
 */
function withheld(request: ResponseContext, err: unknown): void {
  const requestId = request.contextValue.requestId;
  logger.error({ requestId, err }, "audit event could not be written; the answer is withheld");
  // An unreachable database is a 503 the caller may retry; anything else is our fault.
  const error = isDatabaseUnavailable(err)
    ? { message: SERVICE_UNAVAILABLE_MESSAGE, extensions: { code: "SERVICE_UNAVAILABLE", requestId } }
    : { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR", requestId } };
  request.response.body = { kind: "single", singleResult: { errors: [error] } };
}

/**
 * Listed before the observability plugin: Apollo calls every plugin's `willSendResponse` at once,
 * and the request's log line must tell the outcome the client gets, so the audit write is left in
 * `ctx.audit.stored` for it to wait on.
 */
/** `reads`: root fields that read subject data, audited even when they found nothing (a miss is a read too). */
export function createAuditPlugin(writer: AuditWriter, reads: ReadonlySet<string>): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        // Awaited by Apollo before the response is sent: the client is answered after its event is stored.
        willSendResponse(request) {
          const event = auditEventOf(request, reads);
          if (!event) return Promise.resolve();
          const stored = writer.append(event).catch((err: unknown) => withheld(request, err));
          request.contextValue.audit.stored = stored;
          return stored;
        },
      };
    },
  };
}
