/**
 * Builds the subject of each kind from its index and per-kind ordinal: a valid, unique
 * identifier, a realistic Chinese name, its region and sector, and contact details. The caller
 * may pin any of these (the showcase does); everything else is drawn from the subject's stream.
 */
import { PREFECTURES, type Prefecture } from "../shared/regions.js";
import { plateOf, residentIdOf, rowId, usccOf, vesselIdOf, weighted } from "./codes.js";
import type { Ctx, Kind, SubjectDraft } from "./facts.js";
import {
  address, BUSINESSES, COMPANY_SUFFIXES, landline, mobile, personName, SOLE_TRADER_SUFFIX, TRADE_NAMES,
  VEHICLE_SLOTS, WATERS, type Business,
} from "./names.js";

const COUNTIES = new Map(PREFECTURES.flatMap((p) => p.counties.map((c) => [c.code, { prefecture: p, name: c.name }] as const)));
const PREFECTURE_BY_CODE = new Map(PREFECTURES.map((p) => [p.code, p]));

/** Rough shares of transport businesses: Kunming first, then the populous east and south. */
const PREFECTURE_WEIGHTS: Record<string, number> = {
  "5301": 20, "5303": 10, "5325": 8, "5306": 8, "5326": 6, "5329": 6, "5304": 4, "5323": 4,
  "5305": 4, "5308": 4, "5309": 4, "5331": 2, "5328": 2, "5307": 2, "5333": 1, "5334": 1,
};
const pickPrefecture = weighted(PREFECTURES.map((p) => [p, PREFECTURE_WEIGHTS[p.code]!] as const));
const pickBusiness = weighted(BUSINESSES);
const pickSuffix = weighted(COMPANY_SUFFIXES);
const pickWater = weighted(WATERS.map((w) => [w, w.weight] as const));
const pickPersonSector = weighted([
  ["ROAD_FREIGHT", 45], ["ROAD_PASSENGER", 30], ["DANGEROUS_GOODS", 10], ["WATERWAY", 6], ["DRIVING_SCHOOL", 5], ["VEHICLE_REPAIR", 4],
] as const);
const pickOrgCategory = weighted([["91", 80], ["92", 15], ["93", 4], ["52", 1]] as const);

function draft(ctx: Ctx, index: number, kind: Kind, identifier: string, county: string, fields: Partial<SubjectDraft>): SubjectDraft {
  const hit = COUNTIES.get(county);
  if (!hit) throw new RangeError(`unknown county ${county}`);
  return {
    index, id: rowId(index, 0, ctx.rng), kind, identifier, name: "", region: county,
    prefecture: hit.prefecture, countyName: hit.name, sector: "ROAD_FREIGHT", waterway: false,
    plateColor: null, legalRepresentative: null, phone: null, address: null,
    written: { record: 0, entry: 0, evaluation: 0, commitment: 0 },
    ...fields,
  };
}

const countyIn = (ctx: Ctx, p: Prefecture): string => ctx.rng.pick(p.counties).code;

export interface OrganizationPins {
  county?: string;
  name?: string;
  sector?: string;
  category?: "91" | "92" | "93" | "52";
}

export function organization(ctx: Ctx, index: number, ordinal: number, pins: OrganizationPins = {}): SubjectDraft {
  const { rng } = ctx;
  const county = pins.county ?? countyIn(ctx, pickPrefecture(rng));
  const { prefecture, name: countyName } = COUNTIES.get(county)!;
  const category = pins.category ?? pickOrgCategory(rng);
  let business: Business = pickBusiness(rng);
  const trade = rng.pick(TRADE_NAMES);
  let name: string;
  if (category === "52") {
    business = { words: "驾驶员培训", sector: "DRIVING_SCHOOL" };
    name = `${prefecture.name}${trade}机动车驾驶培训学校`;
  } else if (category === "93") {
    business = { words: "运输", sector: rng.chance(0.5) ? "ROAD_FREIGHT" : "ROAD_PASSENGER" };
    name = `${countyName}${trade}运输专业合作社`;
  } else if (category === "92") {
    name = `${countyName}${trade}${SOLE_TRADER_SUFFIX[business.sector]}`;
  } else {
    name = `${prefecture.shortName}${trade}${business.words}${pickSuffix(rng)}`;
  }
  const sector = pins.sector ?? business.sector;
  return draft(ctx, index, "ORGANIZATION", usccOf(ordinal, category, county), county, {
    name: pins.name ?? name,
    sector,
    waterway: sector === "WATERWAY",
    legalRepresentative: personName(rng),
    phone: rng.chance(0.7) ? landline(rng, prefecture) : mobile(rng),
    address: address(rng, prefecture, countyName),
  });
}

export function person(ctx: Ctx, index: number, ordinal: number, pins: { name?: string; sector?: string } = {}): SubjectDraft {
  const { rng } = ctx;
  const identifier = residentIdOf(ordinal);
  const county = identifier.slice(0, 6);
  const { prefecture, name: countyName } = COUNTIES.get(county)!;
  const sector = pins.sector ?? pickPersonSector(rng);
  return draft(ctx, index, "PERSON", identifier, county, {
    name: pins.name ?? personName(rng),
    sector,
    waterway: sector === "WATERWAY",
    phone: mobile(rng),
    address: address(rng, prefecture, countyName),
  });
}

// A vehicle's plate ordinal is dense within its plate space: per round of 20 slots, a space has
// SLOTS_PER_SPACE slots, and a slot is the SLOT_RANK-th of its space.
const SLOTS_PER_SPACE = new Map<string, number>();
const SLOT_RANK = VEHICLE_SLOTS.map((t) => {
  const rank = SLOTS_PER_SPACE.get(t.space) ?? 0;
  SLOTS_PER_SPACE.set(t.space, rank + 1);
  return rank;
});

export function vehicle(ctx: Ctx, index: number, ordinal: number, pins: { county?: string } = {}): SubjectDraft {
  const { rng } = ctx;
  const slot = ordinal % VEHICLE_SLOTS.length;
  const type = VEHICLE_SLOTS[slot]!;
  const spaceOrdinal = Math.floor(ordinal / VEHICLE_SLOTS.length) * SLOTS_PER_SPACE.get(type.space)! + SLOT_RANK[slot]!;
  const county = pins.county ?? countyIn(ctx, pickPrefecture(rng));
  const prefecture = COUNTIES.get(county)!.prefecture;
  const plate = plateOf(type.space, spaceOrdinal, prefecture.plateLetter);
  return draft(ctx, index, "VEHICLE", plate, county, {
    name: `${plate} ${rng.pick(type.names)}`,
    sector: type.sector,
    plateColor: type.color,
  });
}

export function vessel(ctx: Ctx, index: number, ordinal: number, pins: { county?: string; name?: string } = {}): SubjectDraft {
  const { rng } = ctx;
  const water = pickWater(rng);
  const county = pins.county ?? countyIn(ctx, PREFECTURE_BY_CODE.get(water.prefecture)!);
  const number = rng.chance(0.6) ? String(rng.int(1, 9999)).padStart(4, "0") : String(rng.int(1, 99));
  return draft(ctx, index, "VESSEL", vesselIdOf(ordinal), county, {
    name: pins.name ?? `${water.prefix}${rng.chance(0.7) ? "货" : "客"}${number}`,
    sector: "WATERWAY",
    waterway: true,
  });
}
