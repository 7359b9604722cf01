// Writes one audit event for every request that read subject data or wrote anything, before the
// client gets its answer: a read that cannot be audited is not served.
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from "@apollo/server";
import { type DocumentNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import type { Context } from "../../context.js";
import { isDatabaseUnavailable } from "../../db/client.js";
import { SERVICE_UNAVAILABLE_MESSAGE } from "../../shared/errors.js";
import { logger } from "../../logger.js";
import type { NewAuditEvent } from "./audit.chain.js";
import type { AuditWriter } from "./audit.service.js";

/** Root fields that read subject data, even when they found nothing (a miss is a read too). */
const SUBJECT_READS = new Set(["subject", "searchSubjects", "listEntries", "creditReport", "check"]);

/** Root field names (not aliases), through inline fragments and fragment spreads. */
export function rootFields(operation: OperationDefinitionNode, document: DocumentNode | undefined): string[] {
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
        const fragment = document?.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
        if (fragment?.kind === Kind.FRAGMENT_DEFINITION) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return [...names].sort();
}

type ResponseContext = GraphQLRequestContextWillSendResponse<Context>;

function responseErrors(response: ResponseContext["response"]) {
  return (response.body.kind === "single" ? response.body.singleResult : response.body.initialResult).errors ?? [];
}

/** "OK", or "ERROR:" and the sorted distinct codes of the errors the client receives. */
export function outcomeOf(errors: readonly { extensions?: Record<string, unknown> }[]): string {
  if (errors.length === 0) return "OK";
  const codes = new Set(errors.map((e) => (typeof e.extensions?.code === "string" ? e.extensions.code : "INTERNAL_SERVER_ERROR")));
  return `ERROR:${[...codes].sort().join(",")}`;
}

/** The request's audit event, or null when it neither read subject data nor wrote. */
export function auditEventOf(request: ResponseContext, at = new Date()): NewAuditEvent | null {
  const { operation, contextValue: ctx } = request;
  // No operation: the request did not parse or validate, so nothing was read or written.
  if (!operation) return null;
  const fields = rootFields(operation, request.document);
  const audited = operation.operation === "mutation" || ctx.audit.subjectIds.size > 0 || fields.some((f) => SUBJECT_READS.has(f));
  if (!audited) return null;
  return {
    at,
    requestId: ctx.requestId,
    principal: ctx.principal.id,
    role: ctx.principal.role,
    operation: operation.name?.value ?? fields.join(","),
    purpose: ctx.audit.purpose,
    subjectIds: [...ctx.audit.subjectIds].sort(),
    protectedFields: [...ctx.audit.protectedFields].sort(),
    grantId: ctx.audit.grantId,
    outcome: outcomeOf(responseErrors(request.response)),
    detail: ctx.audit.detail,
  };
}

export function createAuditPlugin(writer: AuditWriter): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        // Awaited by Apollo before the response is sent: the client is answered after its event is stored.
        async willSendResponse(request) {
          const event = auditEventOf(request);
          if (!event) return;
          try {
            await writer.append(event);
          } catch (err) {
            const requestId = request.contextValue.requestId;
            logger.error({ requestId, err }, "audit event could not be written; the answer is withheld");
            // An unreachable database is a 503 the caller may retry; anything else is our fault.
            const unavailable = isDatabaseUnavailable(err);
            if (unavailable) {
              request.response.http.status = 503;
              request.response.http.headers.set("retry-after", "2");
            }
            const failure = { errors: [unavailable
              ? { message: SERVICE_UNAVAILABLE_MESSAGE, extensions: { code: "SERVICE_UNAVAILABLE", requestId } }
              : { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR", requestId } }] };
            if (request.response.body.kind === "single") request.response.body.singleResult = failure;
            else request.response.body = { kind: "single", singleResult: failure };
          }
        },
      };
    },
  };
}
