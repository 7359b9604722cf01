// Input refused at the edge: text PostgreSQL cannot store (a NUL, an unpaired surrogate) in the
// request body, the query string, the document's own string literals or the headers we keep,
// answered BAD_USER_INPUT before anything runs. `X-Purpose` is decoded here too: it may be
// percent-encoded UTF-8 or raw UTF-8.
import type { ApolloServerPlugin } from "@apollo/server";
import type { NextFunction, Request, Response } from "express";
import { type DocumentNode, Kind, visit } from "graphql";
import type { Context } from "../context.js";
import { AppError } from "../shared/errors.js";
import { type Message, msg } from "../shared/i18n/index.js";
import { isStorableText, truncateText, unstorablePath } from "../shared/text.js";

const MAX_PURPOSE = 500;

export const unstorable = (where: Message) => new AppError("BAD_USER_INPUT", msg("error.unstorable", { where }), { http: { status: 400 } });

/**
 * A header's text. Node hands header bytes over as latin1, so UTF-8 sent as it is arrives as
 * mojibake: bytes that form valid UTF-8 are read as UTF-8. Percent-encoded text is decoded; text
 * that only looks like it (a lone `%`) is kept as sent.
 */
export function headerText(raw: string): string {
  let text = raw;
  if (/[\u0080-\u00ff]/.test(text)) {
    const utf8 = Buffer.from(text, "latin1").toString("utf8");
    if (!utf8.includes("\ufffd")) text = utf8;
  }
  if (/%[0-9a-f]{2}/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch { /* not percent-encoding after all */ }
  }
  return text;
}

export interface RequestNotes {
  purpose: string | null;
}

/** What the audit trail keeps of the headers (`X-Request-Id` is taken as sent: see requestLog). */
export function requestNotes(req: Pick<Request, "header">): RequestNotes {
  const raw = req.header("x-purpose");
  if (!raw) return { purpose: null };
  const text = headerText(raw);
  if (!isStorableText(text)) throw unstorable(msg("error.unstorableWhere.purpose"));
  return { purpose: truncateText(text, MAX_PURPOSE) };
}

/** Express middleware before authentication: refuses unstorable text in body, query string and kept headers. */
export function refuseUnstorableInput(send: (res: Response, error: unknown) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    try {
      const inBody = unstorablePath(req.body);
      if (inBody !== null) throw unstorable(msg("error.unstorableWhere.body", { path: inBody }));
      const inQuery = unstorablePath(req.query);
      if (inQuery !== null) throw unstorable(msg("error.unstorableWhere.query", { path: inQuery }));
      res.locals.notes = requestNotes(req);
      next();
    } catch (error) {
      send(res, error);
    }
  };
}

/** The first string literal of a document (GraphQL escapes included) that cannot be stored. */
export function unstorableLiteral(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    [Kind.STRING](node) {
      if (found === null && !isStorableText(node.value)) found = `a string literal at line ${node.loc?.startToken.line ?? "?"}`;
    },
  });
  return found;
}

/** What `unstorableLiteral` found, by the parsed document Apollo keeps for each query text. */
const literalsOf = new WeakMap<DocumentNode, string | null>();

/** The document's own literals, once parsed (and once per document): variables and headers were checked before. */
export const documentLiterals: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, contextValue }) {
        let found = literalsOf.get(document);
        if (found === undefined) literalsOf.set(document, (found = unstorableLiteral(document)));
        if (found === null) return;
        contextValue.audit.refused = true;
        throw unstorable(msg("error.unstorableWhere.document", { path: found }));
      },
    };
  },
};
