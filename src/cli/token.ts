// `npm run token -- --role OFFICER --region 530100 --sub zhang.wei [--hours 8]`: a development
// token signed with JWT_SECRET, so that one can try the officer's and the credit office's view.
// Production tokens come from the department's identity provider (RS256/ES256, JWT_PUBLIC_KEY).
import { Command, Option } from "commander";
import { SignJWT } from "jose";
import { loadConfig } from "../config.js";

const opts = new Command()
  .addOption(new Option("--role <role>").choices(["OFFICER", "ADMIN"]).makeOptionMandatory())
  .option("--region <code>", "6-digit division code (officers)")
  .requiredOption("--sub <id>", "who the token is for")
  .option("--hours <n>", "validity", (v) => Number(v), 8)
  .parse()
  .opts<{ role: string; region?: string; sub: string; hours: number }>();

const { JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE, JWT_MAX_TTL } = loadConfig();
if (!JWT_SECRET) {
  console.error("set JWT_SECRET (at least 32 characters), the same as the service's");
  process.exit(1);
}
if (!(opts.hours > 0) || opts.hours * 3600 > JWT_MAX_TTL) {
  console.error(`--hours must be more than 0 and at most ${JWT_MAX_TTL / 3600} (JWT_MAX_TTL): the service refuses longer-lived tokens`);
  process.exit(1);
}
// The service's JWT_ISSUER / JWT_AUDIENCE, so that the token is accepted where they are set.
const token = await new SignJWT({ role: opts.role, ...(opts.region ? { region: opts.region } : {}), ...(JWT_ISSUER ? { iss: JWT_ISSUER } : {}), ...(JWT_AUDIENCE ? { aud: JWT_AUDIENCE } : {}) })
  .setProtectedHeader({ alg: "HS256" })
  .setSubject(opts.sub)
  .setIssuedAt()
  .setExpirationTime(`${opts.hours}h`)
  .sign(new TextEncoder().encode(JWT_SECRET));
console.log(token);
