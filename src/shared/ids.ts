// Row ids are UUIDs; an id from a caller is checked before it reaches SQL, where a malformed one
// would be a database error instead of the caller's NOT_FOUND or BAD_USER_INPUT.
import { AppError } from "./errors.js";
import { msg } from "./i18n/index.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (id: string): boolean => UUID.test(id);

/** `id`, when it is a UUID; else the caller's mistake, BAD_USER_INPUT naming the argument. */
export function requireUuid(id: string, argument: string): string {
  if (!isUuid(id)) throw new AppError("BAD_USER_INPUT", msg("error.notAnId", { argument }));
  return id;
}
