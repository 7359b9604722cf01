// workingDaysBetween: the calendar module's own query, added in its folder alone.
import { describe, expect, it } from "vitest";
import { useTestServer } from "../support/server.js";

const server = useTestServer();
const BETWEEN = /* GraphQL */ `query ($from: Date!, $to: Date!) { workingDaysBetween(from: $from, to: $to) }`;

describe("workingDaysBetween", () => {
  it.each([
    ["2024-02-08", "2024-02-23", 7], // across the 2024 Spring Festival: the inverse of workingDaysAfter
    ["2024-09-27", "2024-10-12", 7], // National Day 2024, ending on the worked Saturday
    ["2024-12-27", "2025-01-08", 7], // New Year 2025
    ["2024-02-12", "2024-02-12", 0],
    ["2024-03-15", "2024-03-01", 0], // `to` before `from`
  ])("a public caller: from %s to %s → %i working days", async (from, to, days) => {
    const res = await server.gql(BETWEEN, { from, to });
    expect(res.errors).toBeUndefined();
    expect(res.data!.workingDaysBetween).toBe(days);
  });

  it("refuses a span of more than ten years with BAD_USER_INPUT", async () => {
    const res = await server.gql(BETWEEN, { from: "2000-01-01", to: "2026-01-01" });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
