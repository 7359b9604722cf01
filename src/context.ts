// The per-request context: who is calling, "today", the services, the request's DataLoaders
// (one statement per batch of subjects, `= any($1)`, whatever the page size) and what the request
// read or changed, for its audit event.
import type { Principal } from "./auth/principal.js";
import { RequestAudit } from "./modules/audit/audit.request.js";
import type { Loaders, Services } from "./modules/index.js";
import { chinaDate } from "./shared/clock.js";
import { DEFAULT_LANGUAGE, type Language } from "./shared/i18n/index.js";

export interface Context {
  requestId: string;
  principal: Principal;
  /** The language of the answer's messages (Accept-Language; Chinese by default). */
  language: Language;
  /** The register's date for this request (China time), fixed for the whole request. */
  today: string;
  services: Services;
  loaders: Loaders;
  audit: RequestAudit;
}

export function createContext(opts: {
  services: Services;
  principal: Principal;
  requestId: string;
  language?: Language;
  purpose?: string | null;
  /** The modules' loaders for this request (modules/index.ts createLoaders). */
  loaders: (today: string, principal: Principal) => Loaders;
}): Context {
  const today = chinaDate();
  return {
    requestId: opts.requestId,
    principal: opts.principal,
    language: opts.language ?? DEFAULT_LANGUAGE,
    today,
    services: opts.services,
    loaders: opts.loaders(today, opts.principal),
    audit: new RequestAudit(opts.purpose ?? null),
  };
}
