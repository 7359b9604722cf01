// Thin resolvers for the audit trail: parse arguments, let the service decide who sees what.
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import { DateTimeScalar } from "../../shared/graphql.js";
import type { AuditEventRow } from "./audit.store.js";
import { Role } from "../me/me.types.js";
import { parseOutcome } from "./audit.outcome.js";
import { AuditEvent, AuditEventConnection, AuditOutcome } from "./audit.types.js";

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Query(() => AuditEventConnection, { nullable: true, description: "Audit events, newest first. ADMIN reads all; an OFFICER only its own." })
  auditEvents(
    @Arg("principal", () => String, { nullable: true }) principal: string | null,
    @Arg("role", () => Role, { nullable: true }) role: string | null,
    @Arg("operation", () => String, { nullable: true }) operation: string | null,
    @Arg("subjectId", () => ID, { nullable: true, description: "Events that touched this subject." }) subjectId: string | null,
    @Arg("since", () => DateTimeScalar, { nullable: true, description: "Events at or after this instant." }) since: Date | null,
    @Arg("until", () => DateTimeScalar, { nullable: true, description: "Events before this instant." }) until: Date | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.audit.service.page({ principal, role, operation, subjectId, since, until, first, after }, ctx.principal);
  }

  @FieldResolver(() => String)
  seq(@Root() event: AuditEventRow) {
    return String(event.seq);
  }

  /** The stored text is "OK" or "ERROR:<codes>" (it is hashed into the chain as it is); served split. */
  @FieldResolver(() => AuditOutcome)
  outcome(@Root() event: AuditEventRow) {
    return parseOutcome(event.outcome).outcome;
  }

  @FieldResolver(() => [String])
  errorCodes(@Root() event: AuditEventRow) {
    return parseOutcome(event.outcome).errorCodes;
  }
}
