// A subject's rows are found by an index in every table that refers to subjects: a check reads a
// subject's entries, grades and commitments once per subject, and a table without such an index
// is scanned whole for each (on a 1,000,000-subject register, a one-ref check went from a
// fraction of a millisecond of PostgreSQL time to ~90 ms when the grades' only key led with the
// source system). The rule is read from the catalogue, so a new table that refers to subjects is
// held to it too.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../../src/db/client.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();

describe("subject-indexed reads", () => {
  it("every column referring to a subject leads an index of its table", async () => {
    const refs = rowsOf<{ tbl: string; col: string; indexed: boolean }>(await server.db.execute(sql`
      select c.conrelid::regclass::text as tbl, a.attname as col,
             exists (select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1]) as indexed
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.confrelid = 'subject'::regclass
      order by 1, 2`));
    // The tables the check reads by subject are among them (the rule is not empty).
    expect(refs.map((r) => r.tbl)).toEqual(expect.arrayContaining(["list_entry", "evaluation", "commitment"]));
    expect(refs.filter((r) => !r.indexed).map((r) => `${r.tbl}.${r.col}`)).toEqual([]);
  });
});
