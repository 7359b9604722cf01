// Budgets of requests per principal (an anonymous caller: per address), in memory or, with
// REDIS_URL, in Redis so that every API process draws on the same budget. Excess is HTTP 429
// with Retry-After and a GraphQL error LIMIT_EXCEEDED. Failed authentications draw on a tighter
// budget of the caller's address; once it is spent, credentials from there are not even looked up.
import type { NextFunction, Request, Response } from "express";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Principal } from "../auth/principal.js";
import type { Config } from "../config.js";
import { logger } from "../logger.js";
import { msg, render } from "../shared/i18n/index.js";

type Limits = Pick<Config, "RATE_LIMIT" | "RATE_LIMIT_PUBLIC" | "RATE_LIMIT_AUTH_FAILURES" | "RATE_WINDOW_SECONDS" | "REDIS_URL">;

export interface RateLimit {
  /** Before authentication: an address that spent its failure budget gets 429 for any credential. */
  failureGate(req: Request, res: Response, next: NextFunction): Promise<void>;
  /** Counts a failed authentication against the caller's address. */
  failed(req: Request): Promise<void>;
  middleware(req: Request, res: Response, next: NextFunction): Promise<void>;
  close(): Promise<void>;
}

function tooMany(res: Response, msBeforeNext: number, what: "error.tooManyRequests" | "error.tooManyFailures"): void {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  res.locals.outcome = "LIMIT_EXCEEDED";
  res.status(429).set("retry-after", String(seconds));
  // A route that answers people (the window's pages) says it in its own way.
  const refuse = res.locals.refuse as ((message: string) => void) | undefined;
  if (refuse) return refuse(render(msg(what, { seconds }), res.locals.language));
  res.json({
    errors: [{ message: render(msg(what, { seconds }), res.locals.language), extensions: { code: "LIMIT_EXCEEDED", retryAfterSeconds: seconds } }],
  });
}

export function rateLimit(config: Limits): RateLimit {
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false })
    : null;
  redis?.on("error", (err) => logger.warn({ err: { message: err.message } }, "rate-limit store unreachable; limiting in memory"));
  const make = (points: number, keyPrefix: string): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ points, duration: config.RATE_WINDOW_SECONDS, keyPrefix });
    // If Redis fails, each process falls back to its own budget rather than refusing everyone.
    return redis ? new RateLimiterRedis({ storeClient: redis, points, duration: config.RATE_WINDOW_SECONDS, keyPrefix, insuranceLimiter: memory }) : memory;
  };
  const identified = make(config.RATE_LIMIT, "cg-rate");
  const anonymous = make(config.RATE_LIMIT_PUBLIC, "cg-rate-public");
  const failures = make(config.RATE_LIMIT_AUTH_FAILURES, "cg-auth-failures");

  return {
    async failureGate(req, res, next) {
      if (!req.header("authorization")?.trim()) return next();
      try {
        const spent = await failures.get(`ip:${req.ip}`);
        if (spent && spent.consumedPoints >= config.RATE_LIMIT_AUTH_FAILURES) return tooMany(res, spent.msBeforeNext, "error.tooManyFailures");
        next();
      } catch (error) {
        next(error);
      }
    },
    async failed(req) {
      await failures.consume(`ip:${req.ip}`).catch((rejection) => {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
      });
    },
    async middleware(req, res, next) {
      const principal = res.locals.principal as Principal;
      const limiter = principal.role === "PUBLIC" ? anonymous : identified;
      const key = principal.role === "PUBLIC" ? `ip:${req.ip}` : principal.id;
      try {
        await limiter.consume(key);
        next();
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) return next(rejection);
        tooMany(res, rejection.msBeforeNext, "error.tooManyRequests");
      }
    },
    async close() {
      redis?.disconnect();
    },
  };
}
