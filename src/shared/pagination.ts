// Opaque keyset cursors and the bounds of `first`, shared by every connection.
import { AppError } from "./errors.js";
import { isUuid } from "./ids.js";
import { msg } from "./i18n/index.js";

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

type Part = "string" | "number" | "uuid";
const fits = (v: unknown, part: Part) => (part === "uuid" ? typeof v === "string" && isUuid(v) : typeof v === part);

/** Decodes a cursor made by encodeCursor with the same shape; anything else is BAD_USER_INPUT. */
export function decodeCursor<T extends readonly Part[]>(
  cursor: string | null | undefined,
  shape: T,
  check: (key: unknown[]) => boolean = () => true,
): { [K in keyof T]: T[K] extends "number" ? number : string } | null {
  if (cursor == null) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    key = null;
  }
  if (!Array.isArray(key) || key.length !== shape.length || key.some((v, i) => !fits(v, shape[i]!)) || !check(key)) {
    throw new AppError("BAD_USER_INPUT", msg("error.cursor"));
  }
  return key as never;
}

export function checkPageSize(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new AppError("BAD_USER_INPUT", msg("error.first", { max, first }));
  }
  return first;
}

export interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Builds a page from `first + 1` fetched rows: the extra row only says whether there is more. */
export function toPage<T>(rows: T[], first: number, cursorOf: (row: T) => string): Page<T> {
  const nodes = rows.slice(0, first);
  const last = nodes.at(-1);
  return { nodes, pageInfo: { hasNextPage: rows.length > first, endCursor: last ? cursorOf(last) : null } };
}
