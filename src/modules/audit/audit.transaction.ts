// Every mutation field runs in one transaction that ends with its audit event: a change is never
// committed without the event that records it, and an event that cannot be written rolls the
// change back (the caller is told). Services join the transaction through the ambient database
// they were given (db/ambient.ts). A refused mutation changes nothing; the request's event then
// records the refusal by group commit (audit.plugin.ts).
import { defaultFieldResolver, type GraphQLSchema } from "graphql";
import type { Context } from "../../context.js";
import { inUnitOfWork } from "../../db/ambient.js";
import type { Database } from "../../db/client.js";
import { eventOf } from "./audit.plugin.js";
import { appendEvents } from "./audit.store.js";

export function withAuditedMutations(schema: GraphQLSchema, db: Database): GraphQLSchema {
  const mutation = schema.getMutationType();
  for (const field of Object.values(mutation?.getFields() ?? {})) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args, ctx: Context, info) => {
      try {
        return await inUnitOfWork(db, async (tx) => {
          const result: unknown = await resolve(source, args, ctx, info);
          await appendEvents(tx, [eventOf(ctx, info.operation, (name) => info.fragments[name], "OK")]);
          ctx.audit.committed = new Set(ctx.audit.subjectIds);
          return result;
        });
      } catch (error) {
        ctx.audit.mutationFailed = true;
        throw error;
      }
    };
  }
  return schema;
}
