import { DrizzleQueryError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { serializeError } from "../../src/logger.js";

describe("logging a failed query", () => {
  it("keeps the SQL and the database's message but never the parameters (they carry personal data)", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "subject_kind_identifier_key"'), { code: "23505" });
    const error = new DrizzleQueryError("insert into subject (identifier, phone) values ($1, $2)", ["530102197905051234", "13987654321"], cause);
    const logged = JSON.stringify(serializeError(error));
    expect(logged).toContain("insert into subject");
    expect(logged).toContain("23505");
    expect(logged).not.toContain("530102197905051234");
    expect(logged).not.toContain("13987654321");
  });
});
