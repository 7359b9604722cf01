// The working-day calendar over HTTP: everyone may ask for a deadline; only the credit office
// may change the calendar, and a change is in the next answer.
import { and, eq, gte, lte } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvent, calendarDay } from "../../src/db/schema.js";
import { asAdmin, asOfficer, type Headers, withKey } from "../support/auth.js";
import { useTestServer } from "../support/server.js";

const server = useTestServer();

const AFTER = /* GraphQL */ `query ($date: Date!, $days: Int!) { workingDaysAfter(date: $date, days: $days) }`;
const YEAR = /* GraphQL */ `query ($year: Int!) { calendarCoverage(year: $year) calendarDays(year: $year) { day working note updatedAt } }`;
const SET = /* GraphQL */ `mutation ($input: CalendarDayInput!) { setCalendarDay(input: $input) { day working note } }`;

// A far-future year no holiday notice covers: 2099-02-27 is a Friday, 2099-03-02 the Monday after.
const FAR_YEAR = 2099;
const inFarYear = and(gte(calendarDay.day, `${FAR_YEAR}-01-01`), lte(calendarDay.day, `${FAR_YEAR}-12-31`));

const codes = (res: { errors?: { extensions?: Record<string, any> }[] }) => (res.errors ?? []).map((e) => e.extensions?.code);

let admin: Headers;
let system: Headers;

beforeAll(async () => {
  // The harness's reset leaves calendar_day alone; a shared database may hold an earlier run's entries.
  await server.db.delete(calendarDay).where(inFarYear);
  admin = await asAdmin();
  system = (await withKey(server.db, "SYSTEM", "licensing-system")).headers;
});

afterAll(async () => {
  await server.db.delete(calendarDay).where(inFarYear);
});

describe("workingDaysAfter", () => {
  it.each([
    ["2024-02-08", 7, "2024-02-23"], // across the 2024 Spring Festival
    ["2024-09-27", 7, "2024-10-12"], // across National Day 2024, ending on the worked Saturday
    ["2024-12-27", 7, "2025-01-08"], // across New Year 2025
    ["2024-02-12", 0, "2024-02-12"],
  ])("answers a public caller: %s + %i working days = %s", async (date, days, expected) => {
    const res = await server.gql(AFTER, { date, days });
    expect(res.errors).toBeUndefined();
    expect(res.data!.workingDaysAfter).toBe(expected);
  });

  it.each([
    [{ date: "2024-02-30", days: 7 }, "a date that does not exist"],
    [{ date: "2024/02/08", days: 7 }, "a date not written YYYY-MM-DD"],
    [{ date: "1800-01-02", days: 7 }, "a date centuries before any decision"],
    [{ date: "2024-02-08", days: -1 }, "a negative count"],
    [{ date: "2024-02-08", days: 366 }, "a count over a year"],
  ])("refuses %j with BAD_USER_INPUT (%s)", async (variables) => {
    const res = await server.gql(AFTER, variables);
    expect(res.data?.workingDaysAfter ?? null).toBeNull();
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
  });

  it("says where a year's working days come from", async () => {
    const official = await server.gql(YEAR, { year: 2024 });
    expect(official.errors).toBeUndefined();
    expect(official.data!.calendarCoverage).toBe("OFFICIAL");
    const unknown = await server.gql(YEAR, { year: FAR_YEAR });
    expect(unknown.data).toEqual({ calendarCoverage: "WEEKDAYS_ONLY", calendarDays: [] });
    expect(codes(await server.gql(YEAR, { year: 20_000 }))).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("setCalendarDay", () => {
  it("an ADMIN's day off changes the next answer, and taking it back restores it", async () => {
    const before = await server.gql(AFTER, { date: `${FAR_YEAR}-02-27`, days: 1 });
    expect(before.data!.workingDaysAfter).toBe(`${FAR_YEAR}-03-02`);

    const set = await server.gql(SET, { input: { day: `${FAR_YEAR}-03-02`, working: false, note: " 国务院办公厅关于2099年部分节假日安排的通知 " } }, admin);
    expect(set.errors).toBeUndefined();
    expect(set.data!.setCalendarDay).toEqual({ day: `${FAR_YEAR}-03-02`, working: false, note: "国务院办公厅关于2099年部分节假日安排的通知" });

    const after = await server.gql(AFTER, { date: `${FAR_YEAR}-02-27`, days: 1 });
    expect(after.data!.workingDaysAfter).toBe(`${FAR_YEAR}-03-03`);
    const year = await server.gql(YEAR, { year: FAR_YEAR });
    expect(year.data!.calendarCoverage).toBe("OFFICE");
    expect(year.data!.calendarDays).toMatchObject([{ day: `${FAR_YEAR}-03-02`, working: false }]);

    const back = await server.gql(SET, { input: { day: `${FAR_YEAR}-03-02`, working: true, note: "更正" } }, admin);
    expect(back.errors).toBeUndefined();
    expect((await server.gql(AFTER, { date: `${FAR_YEAR}-02-27`, days: 1 })).data!.workingDaysAfter).toBe(`${FAR_YEAR}-03-02`);
    const rows = await server.db.select().from(calendarDay).where(inFarYear);
    expect(rows).toMatchObject([{ day: `${FAR_YEAR}-03-02`, working: true, note: "更正", setBy: "jwt:admin-1" }]);
  });

  it("an ADMIN can declare a weekend day a working day (调休)", async () => {
    const saturday = `${FAR_YEAR}-03-07`;
    const res = await server.gql(SET, { input: { day: saturday, working: true, note: "调休上班" } }, admin);
    expect(res.errors).toBeUndefined();
    expect((await server.gql(AFTER, { date: `${FAR_YEAR}-03-06`, days: 1 })).data!.workingDaysAfter).toBe(saturday);
  });

  it("is audited with who made the change", async () => {
    await server.gql(SET, { input: { day: `${FAR_YEAR}-05-01`, working: false, note: "劳动节" } }, admin);
    const events = await server.db.select().from(auditEvent).where(eq(auditEvent.operation, "setCalendarDay"));
    expect(events.some((e) => e.principal === "jwt:admin-1" && e.role === "ADMIN" && e.outcome === "OK")).toBe(true);
  });

  it.each([
    [{ day: `${FAR_YEAR}-04-01`, working: false, note: "   " }, "an empty note"],
    [{ day: `${FAR_YEAR}-04-01`, working: false, note: "x".repeat(201) }, "a note over 200 characters"],
    [{ day: "2024-02-30", working: false, note: "不存在的日期" }, "a day that does not exist"],
  ])("refuses %j with BAD_USER_INPUT (%s)", async (input) => {
    const res = await server.gql(SET, { input }, admin);
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
  });

  it.each(["SYSTEM", "OFFICER", "PUBLIC"] as const)("a %s caller gets FORBIDDEN and the calendar does not change", async (role) => {
    const headers = role === "SYSTEM" ? system : role === "OFFICER" ? await asOfficer("530100") : {};
    const res = await server.gql(SET, { input: { day: `${FAR_YEAR}-06-01`, working: false, note: "未经授权" } }, headers);
    expect(res.data?.setCalendarDay ?? null).toBeNull();
    expect(codes(res)).toEqual(["FORBIDDEN"]);
    const rows = await server.db.select().from(calendarDay).where(eq(calendarDay.day, `${FAR_YEAR}-06-01`));
    expect(rows).toEqual([]);
  });
});
