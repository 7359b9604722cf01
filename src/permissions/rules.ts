// The rule builders modules declare their fields' permissions with. Every rule asks auth/policy;
// a denied field is null with a FORBIDDEN error and the rest of the answer still comes. Only
// nullable fields carry deciding rules: a denied non-null field would null its parent.
import { allow, rule } from "graphql-shield";
import { type Action, may, mayNot } from "../auth/policy.js";
import type { Context } from "../context.js";
import { AppError } from "../shared/errors.js";
import type { Message } from "../shared/i18n/index.js";

export { allow };

export const forbidden = (message: Message | string) => new AppError("FORBIDDEN", message);

/** One rule per field: a rule's name is its cache key within a request. */
export const mayDo = (action: Action, what: string) =>
  rule(`may-${action}-${what}`, { cache: "contextual" })((_parent, _args, ctx: Context) =>
    may(ctx.principal, action) || mayNot(ctx.principal.role, what));
