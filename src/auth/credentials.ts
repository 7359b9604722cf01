// Turns a request's Authorization header into a Principal. No header: PUBLIC. An API key: the
// SYSTEM or PROVIDER it was made for. A JWT (jose): an OFFICER or ADMIN. Anything else that is
// presented — malformed, unknown, revoked, expired — is UNAUTHENTICATED, never PUBLIC.
import { createPublicKey, type KeyObject } from "node:crypto";
import { errors, jwtVerify } from "jose";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { AppError } from "../shared/errors.js";
import { type Message, msg } from "../shared/i18n/index.js";
import { type ApiKeyRow, isApiKeyShaped, type KeyRole, liveKeyFinder } from "./keys.js";
import { PUBLIC, type Principal } from "./principal.js";

const unauthenticated = (message: Message) => new AppError("UNAUTHENTICATED", message, { http: { status: 401 } });

type JwtKey = { key: KeyObject | Uint8Array; algorithms: string[] };
type JwtConfig = Pick<Config, "JWT_SECRET" | "JWT_PUBLIC_KEY" | "JWT_ISSUER" | "JWT_AUDIENCE" | "JWT_MAX_TTL">;

/** How far ahead of this clock an issuer's clock may be (a token's `iat` in the near future). */
const CLOCK_SKEW_SECONDS = 60;

function jwtKeyOf(config: Pick<Config, "JWT_SECRET" | "JWT_PUBLIC_KEY">): JwtKey | null {
  if (config.JWT_PUBLIC_KEY) return { key: createPublicKey(config.JWT_PUBLIC_KEY), algorithms: ["RS256", "ES256"] };
  if (config.JWT_SECRET) return { key: new TextEncoder().encode(config.JWT_SECRET), algorithms: ["HS256"] };
  return null;
}

function tokenProblem(error: unknown): Message {
  if (error instanceof errors.JWTExpired) return msg("auth.expired");
  if (error instanceof errors.JWSSignatureVerificationFailed) return msg("auth.signature");
  if (error instanceof errors.JWTClaimValidationFailed) return msg(error.reason === "missing" ? "auth.claimMissing" : "auth.claimInvalid", { claim: error.claim });
  if (error instanceof errors.JOSEAlgNotAllowed) return msg("auth.algorithm");
  return msg("auth.malformed");
}

export class Authenticator {
  private readonly jwt: JwtKey | null;
  private readonly findLiveKey: (key: string) => Promise<ApiKeyRow | null>;

  constructor(db: Database, private readonly config: JwtConfig) {
    this.jwt = jwtKeyOf(config);
    this.findLiveKey = liveKeyFinder(db);
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (authorization === undefined || authorization.trim() === "") return PUBLIC;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthenticated(msg("auth.header"));
    const credential = match[1]!;
    if (credential.split(".").length === 3) return this.fromToken(credential);
    if (!isApiKeyShaped(credential)) throw unauthenticated(msg("auth.shape"));
    const key = await this.findLiveKey(credential);
    if (!key) throw unauthenticated(msg("auth.unknownKey"));
    return { role: key.role as KeyRole, id: `key:${key.id}`, name: key.name, region: null, keyId: key.id };
  }

  private async fromToken(token: string): Promise<Principal> {
    if (!this.jwt) throw unauthenticated(msg("auth.noJwt"));
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.jwt.key, {
        algorithms: this.jwt.algorithms, requiredClaims: ["iat", "sub", "exp"],
        issuer: this.config.JWT_ISSUER, audience: this.config.JWT_AUDIENCE,
      }));
    } catch (error) {
      throw unauthenticated(tokenProblem(error));
    }
    // A token is good for JWT_MAX_TTL from its issue at most: a long-lived one is refused outright.
    const { iat, exp } = payload as { iat: number; exp: number };
    if (iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) throw unauthenticated(msg("auth.iatFuture"));
    if (exp - iat > this.config.JWT_MAX_TTL) {
      throw unauthenticated(msg("auth.lifetime", { lifetime: exp - iat, max: this.config.JWT_MAX_TTL }));
    }
    const { sub, role, region } = payload as { sub: string; role?: unknown; region?: unknown };
    if (role !== "OFFICER" && role !== "ADMIN") throw unauthenticated(msg("auth.role"));
    if (region !== undefined && (typeof region !== "string" || !/^\d{6}$/.test(region))) {
      throw unauthenticated(msg("auth.region"));
    }
    if (role === "OFFICER" && region === undefined) throw unauthenticated(msg("auth.officerRegion"));
    return { role, id: `jwt:${sub}`, name: sub, region: (region as string | undefined) ?? null, keyId: null };
  }
}
