/**
 * The showcase subjects: the first rows of every register generated from index 0, so the demo
 * register, the README and the tests can name a blacklisted company, a red-listed one, a private
 * person and so on. Identifiers and names are fixed; dates follow `today`, so the entries stay
 * active whenever the register is seeded.
 */
import { addYears, civil, plateOf, residentIdOf, usccOf, vesselIdOf } from "./codes.js";
import { addCommitment, addEntry, addEvaluation, addRecord, type Ctx, type Kind, type SubjectDraft, writeSubject } from "./facts.js";
import { OVERLOAD, violationsFor } from "./names.js";
import { organization, person, vehicle, vessel } from "./subjects.js";

export interface ShowcaseSubject {
  kind: Kind;
  identifier: string;
  name: string;
  region: string;
  plateColor?: string;
}

const showcasePlate = plateOf("ORDINARY", 0, "A");

export const DEMO_SHOWCASE = {
  /** BLACK (OVERLOAD_FLEET), active, on the basis of a published serious penalty. */
  blacklistedOrg: { kind: "ORGANIZATION", identifier: usccOf(0, "91", "530102"), name: "昆明滇运物流有限公司", region: "530102" },
  /** RED (AAA_GRADE), grade AAA last year, a VALID licensing commitment. */
  redOrg: { kind: "ORGANIZATION", identifier: usccOf(1, "91", "532901"), name: "大理苍洱客运有限责任公司", region: "532901" },
  /** WATCH (UNPAID_FINE), active, after a published penalty. */
  watchOrg: { kind: "ORGANIZATION", identifier: usccOf(2, "91", "530302"), name: "曲靖顺达汽车运输有限公司", region: "530302" },
  /** Freight driver, BLACK (OVERLOAD_REPEATED) on 4 published over-limit penalties within a year. */
  blacklistedDriver: { kind: "PERSON", identifier: residentIdOf(0), name: "李建国", region: residentIdOf(0).slice(0, 6) },
  /** Bus driver with no list entry and no record at all: invisible to PUBLIC and PROVIDER. */
  privatePerson: { kind: "PERSON", identifier: residentIdOf(1), name: "王秀兰", region: residentIdOf(1).slice(0, 6) },
  /** Kunming semi-trailer tractor, yellow plate, BLACK (OVERLOAD_REPEATED) on 4 published penalties. */
  blacklistedVehicle: { kind: "VEHICLE", identifier: showcasePlate, name: `${showcasePlate} 重型半挂牵引车`, region: "530111", plateColor: "YELLOW" },
  /** Lancang river cargo vessel with a published penalty and a published licensing record. */
  vesselWithRecord: { kind: "VESSEL", identifier: vesselIdOf(0), name: "澜沧江货0168", region: "532801" },
  /** A penalty decided about 20 days ago that its source system sent after the deadline (published late), and an expired watch-list entry. */
  latePublishedOrg: { kind: "ORGANIZATION", identifier: usccOf(3, "91", "532501"), name: "红河通衢危险货物运输有限公司", region: "532501" },
} as const satisfies Record<string, ShowcaseSubject>;

/** Four published over-limit penalties within one year before `entryFrom`; returns their ids. */
function overloadPenalties(ctx: Ctx, s: SubjectDraft, entryFrom: number): string[] {
  return [320, 250, 160, 70].map((back) => addRecord(ctx, s, { category: "PENALTY", day: entryFrom - back + 10, violation: OVERLOAD }));
}

const licensed = (ctx: Ctx, s: SubjectDraft, daysAgo: number): void => {
  addRecord(ctx, s, { category: "LICENSING", day: ctx.today - daysAgo });
};

type Writer = (ctx: Ctx, index: number) => SubjectDraft;

const WRITERS: readonly Writer[] = [
  (ctx, index) => {
    const { region, name } = DEMO_SHOWCASE.blacklistedOrg;
    const s = organization(ctx, index, 0, { county: region, name, sector: "ROAD_FREIGHT", category: "91" });
    licensed(ctx, s, 900);
    const from = ctx.today - 45;
    const penalty = addRecord(ctx, s, { category: "PENALTY", day: from - 15, violation: OVERLOAD, severity: "SERIOUS" });
    addEntry(ctx, s, { reason: "OVERLOAD_FLEET", basis: [penalty], from, until: addYears(from, 3) });
    addEvaluation(ctx, s, yearOf(ctx.today) - 1, "B");
    return s;
  },
  (ctx, index) => {
    const { region, name } = DEMO_SHOWCASE.redOrg;
    const s = organization(ctx, index, 1, { county: region, name, sector: "ROAD_PASSENGER", category: "91" });
    licensed(ctx, s, 400);
    const from = ctx.today - 100;
    addEntry(ctx, s, { reason: "AAA_GRADE", from, until: addYears(from, 2) });
    addEvaluation(ctx, s, yearOf(ctx.today) - 1, "AAA");
    addEvaluation(ctx, s, yearOf(ctx.today) - 2, "AA");
    addCommitment(ctx, s, { kind: "LICENSING", signed: ctx.today - 30, validUntil: addYears(ctx.today - 30, 3), status: "VALID" });
    return s;
  },
  (ctx, index) => {
    const { region, name } = DEMO_SHOWCASE.watchOrg;
    const s = organization(ctx, index, 2, { county: region, name, sector: "ROAD_FREIGHT", category: "91" });
    const violation = violationsFor("ORGANIZATION", "ROAD_FREIGHT")[1]!;
    const penalty = addRecord(ctx, s, { category: "PENALTY", day: ctx.today - 200, violation });
    const from = ctx.today - 150;
    addEntry(ctx, s, { reason: "UNPAID_FINE", basis: [penalty], from, until: addYears(from, 1) });
    addEvaluation(ctx, s, yearOf(ctx.today) - 1, "A");
    return s;
  },
  (ctx, index) => {
    const s = person(ctx, index, 0, { name: DEMO_SHOWCASE.blacklistedDriver.name, sector: "ROAD_FREIGHT" });
    licensed(ctx, s, 1000);
    const from = ctx.today - 60;
    addEntry(ctx, s, { reason: "OVERLOAD_REPEATED", basis: overloadPenalties(ctx, s, from), from, until: addYears(from, 2) });
    return s;
  },
  (ctx, index) => person(ctx, index, 1, { name: DEMO_SHOWCASE.privatePerson.name, sector: "ROAD_PASSENGER" }),
  (ctx, index) => {
    const s = vehicle(ctx, index, 0, { county: DEMO_SHOWCASE.blacklistedVehicle.region });
    licensed(ctx, s, 700);
    const from = ctx.today - 30;
    addEntry(ctx, s, { reason: "OVERLOAD_REPEATED", basis: overloadPenalties(ctx, s, from), from, until: addYears(from, 1) });
    return s;
  },
  (ctx, index) => {
    const { region, name } = DEMO_SHOWCASE.vesselWithRecord;
    const s = vessel(ctx, index, 0, { county: region, name });
    licensed(ctx, s, 800);
    addRecord(ctx, s, { category: "PENALTY", day: ctx.today - 90, violation: violationsFor("VESSEL", "WATERWAY")[1]! });
    return s;
  },
  (ctx, index) => {
    const { region, name } = DEMO_SHOWCASE.latePublishedOrg;
    const s = organization(ctx, index, 3, { county: region, name, sector: "DANGEROUS_GOODS", category: "91" });
    const violation = violationsFor("ORGANIZATION", "DANGEROUS_GOODS").find((v) => v.field === "安全生产")!;
    // About 20 days ago, and far enough back that it arrived (and was published) 2 working days after its deadline.
    let decided = ctx.today - 20;
    while (ctx.rules.workingDayAfter(decided, 9) > ctx.today) decided--;
    addRecord(ctx, s, { category: "PENALTY", day: decided, violation, lateBy: 2 });
    const from = ctx.today - 700;
    addEntry(ctx, s, { reason: "SAFETY_HAZARD", from, until: addYears(from, 1) });
    return s;
  },
];

/** How many indices the showcase occupies at the start of a register. */
export const SHOWCASE_SIZE = WRITERS.length;

/** Ordinals below this are the showcase's; generated subjects of every kind start here. */
export const RESERVED_ORDINALS = 16;

/** Writes the showcase subject at `index` (< SHOWCASE_SIZE) with its facts. */
export function writeShowcase(ctx: Ctx, index: number): void {
  writeSubject(ctx, WRITERS[index]!(ctx, index));
}

const yearOf = (day: number): number => civil(day)[0];
