// How the window reads the register: one GraphQL document per page, run by the API's own Apollo
// server as the anonymous PUBLIC caller (the composition root builds the runner), so the pages meet
// the same schema, permissions, masking, limits and audit as any anonymous caller of /graphql.
import type { Request, Response } from "express";

export interface ApiError { message: string; code: string | undefined; path?: readonly (string | number)[] }
export interface ApiAnswer<T> { data: T | null; errors: ApiError[] }

export type PublicApi = <T>(req: Request, res: Response, query: string, variables?: Record<string, unknown>) => Promise<ApiAnswer<T>>;

/** The part of a GraphQL answer the pages use. */
export function toAnswer<T>(result: { data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown>; path?: readonly (string | number)[] }[] }): ApiAnswer<T> {
  return {
    data: (result.data as T | null | undefined) ?? null,
    errors: (result.errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code as string | undefined, path: e.path })),
  };
}
