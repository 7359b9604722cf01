// POST /graphql without express's router. The check sits in other systems' hot paths, and a
// one-party check spent a sixth of its CPU walking the router's layers and express's body parser
// (see the README's benchmark). A request that is plainly JSON — `application/json` in UTF-8,
// not compressed, its length given and within MAX_BODY — runs the very same handlers (security
// headers, request log, input checks, authentication, rate limit, Apollo) one after another,
// on express's own request and response objects; anything else (chunked, compressed, another
// charset, too large, another route) is left to express, which answers it as it always did.
import { IncomingMessage, type ServerOptions, ServerResponse } from "node:http";
import bytes from "bytes";
import type { Express, NextFunction, Request, Response } from "express";

type Handler = (req: Request, res: Response, next: NextFunction) => unknown;
type ErrorHandler = (error: { type?: string; status?: number }, req: Request, res: Response, next: NextFunction) => unknown;

const JSON_UTF8 = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** Whether the request is one the direct route takes: POST to `path`, plain JSON of a known length within `limit`. */
export function takesDirectly(req: IncomingMessage, path: string, limit: number): boolean {
  if (req.method !== "POST") return false;
  const url = req.url ?? "";
  const query = url.indexOf("?");
  if ((query < 0 ? url : url.slice(0, query)) !== path) return false;
  const { headers } = req;
  if (!JSON_UTF8.test(headers["content-type"] ?? "")) return false;
  const encoding = headers["content-encoding"];
  if (encoding !== undefined && encoding.toLowerCase() !== "identity") return false;
  if (headers["transfer-encoding"] !== undefined) return false;
  const length = Number(headers["content-length"]);
  return Number.isSafeInteger(length) && length >= 0 && length <= limit;
}

/**
 * The body as express.json() leaves it: parsed JSON (an object or an array: strict), `{}` when
 * empty; a body that is not JSON is the error body-parser would raise. Its length is the one
 * Content-Length gave, within the limit (node's parser reads no more).
 */
function readJson(): Handler {
  return (req, _res, next) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("error", next);
    req.once("end", () => {
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString("utf8");
      if (text.length === 0) {
        req.body = {};
        return next();
      }
      const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(text)?.[1];
      try {
        if (first !== "{" && first !== "[") throw new SyntaxError("not an object or an array");
        req.body = JSON.parse(text);
      } catch {
        return next(Object.assign(new Error("invalid JSON"), { type: "entity.parse.failed", status: 400 }));
      }
      next();
    });
  };
}

/**
 * The direct route: `(req, res) => boolean`, true when it took the request. `handlers` are the
 * route's express handlers after the body parser; `errors` answer what one of them passes on.
 */
export function directRoute(app: Express, opts: {
  path: string; maxBody: string; before: Handler[]; handlers: Handler[]; errors: ErrorHandler;
}): (req: IncomingMessage, res: ServerResponse) => boolean {
  const limit = bytes.parse(opts.maxBody) ?? 0;
  const chain = [...opts.before, readJson(), ...opts.handlers];
  return (rawReq, rawRes) => {
    if (!takesDirectly(rawReq, opts.path, limit)) return false;
    // What express's app.handle does before its router runs.
    const req = Object.setPrototypeOf(rawReq, app.request) as Request;
    const res = Object.setPrototypeOf(rawRes, app.response) as Response;
    (req as { res?: Response }).res = res;
    (res as { req?: Request }).req = req;
    res.locals ??= Object.create(null) as Record<string, unknown>;
    let at = 0;
    let failed = false;
    const next: NextFunction = (error?: unknown) => {
      if (error) {
        if (failed) return;
        failed = true;
        run(() => opts.errors(error as { type?: string }, req, res, () => {
          if (!res.headersSent) res.status(500).json({ errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
        }));
        return;
      }
      const handler = chain[at++];
      if (handler) run(() => handler(req, res, next));
    };
    const run = (call: () => unknown) => {
      try {
        const result = call();
        if (result instanceof Promise) result.catch(next);
      } catch (error) {
        next(error);
      }
    };
    next();
    return true;
  };
}

/**
 * Request and response classes for node:http whose objects are born with express's prototypes:
 * express (and the direct route) would otherwise give every request and response a new prototype
 * after it is made, which V8 pays for on every property read that follows.
 */
export function expressObjects(app: Express): Pick<ServerOptions, "IncomingMessage" | "ServerResponse"> {
  function Request(this: IncomingMessage, ...args: ConstructorParameters<typeof IncomingMessage>) {
    IncomingMessage.apply(this, args);
  }
  Request.prototype = app.request;
  function Response(this: ServerResponse, ...args: ConstructorParameters<typeof ServerResponse>) {
    ServerResponse.apply(this, args);
  }
  Response.prototype = app.response;
  return { IncomingMessage: Request as unknown as typeof IncomingMessage, ServerResponse: Response as unknown as typeof ServerResponse };
}
