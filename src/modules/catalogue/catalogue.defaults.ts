// The default measure catalogue and supervision policy (README "Checking parties", graded
// supervision). Written once into an empty catalogue at start; from then on they are data the
// credit office changes with setMeasure / setSupervisionPolicy.
import { scenario } from "../../db/schema.js";
import type { MeasureRule, Policy } from "../check/check.rules.js";

/** 分级分类监管 levels, best first; the supervision policy maps each grade to one. */
export const SUPERVISION_LEVELS = ["TRUSTWORTHY", "GOOD", "ORDINARY", "POOR", "SERIOUSLY_DISHONEST"] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

/** The scenarios a check is made in: the database's enum. */
export const SCENARIOS = scenario.enumValues;
export type ScenarioName = (typeof SCENARIOS)[number];

const JOINT_PUNISHMENT = "《关于对交通运输领域严重失信主体实施联合惩戒的合作备忘录》";
const OVERLOAD_MEMO = "《关于对严重违法失信超限超载运输车辆相关责任主体实施联合惩戒的合作备忘录》";
const JOINT_INCENTIVE = "《关于对交通运输领域守信主体实施联合激励的合作备忘录》";
const GRADED_SUPERVISION = "《交通运输信用分级分类监管办法》";

const prohibited: ScenarioName[] = ["PROCUREMENT", "BIDDING", "SUBSIDY", "HIRING"];
const restricted: ScenarioName[] = ["LICENSING", "ROAD_TRANSPORT", "WATER_TRANSPORT"];

export const DEFAULT_MEASURES: (MeasureRule & { scenario: ScenarioName })[] = [
  ...prohibited.map((scenario) => ({ list: "BLACK" as const, reasonCode: "*", scenario, effect: "PROHIBIT" as const, legalBasis: JOINT_PUNISHMENT })),
  ...restricted.map((scenario) => ({ list: "BLACK" as const, reasonCode: "*", scenario, effect: "RESTRICT" as const, legalBasis: JOINT_PUNISHMENT })),
  ...restricted.map((scenario) => ({ list: "BLACK" as const, reasonCode: "OVERLOAD_REPEATED", scenario, effect: "RESTRICT" as const, legalBasis: OVERLOAD_MEMO })),
  { list: "BLACK", reasonCode: "*", scenario: "ENFORCEMENT", effect: "INTENSIFY", legalBasis: JOINT_PUNISHMENT },
  ...SCENARIOS.map((scenario) => ({ list: "WATCH" as const, reasonCode: "*", scenario, effect: "INTENSIFY" as const, legalBasis: GRADED_SUPERVISION })),
  ...SCENARIOS.map((scenario) => ({ list: "RED" as const, reasonCode: "*", scenario, effect: "FAST_TRACK" as const, legalBasis: JOINT_INCENTIVE })),
];

/** 1% / 10% / 50% / 80% sampling for trustworthy / ordinary / poor / blacklisted, as a multiplier of a 10% base. */
export const DEFAULT_POLICIES: Policy[] = [
  { grade: "AAA", rank: 4, level: "TRUSTWORTHY", samplingMultiplier: 0.1, interviewsPerYear: 0, trainingsPerYear: 0 },
  { grade: "AA", rank: 3, level: "GOOD", samplingMultiplier: 0.5, interviewsPerYear: 0, trainingsPerYear: 0 },
  { grade: "A", rank: 2, level: "ORDINARY", samplingMultiplier: 1, interviewsPerYear: 0, trainingsPerYear: 0 },
  { grade: "B", rank: 1, level: "POOR", samplingMultiplier: 5, interviewsPerYear: 1, trainingsPerYear: 1 },
  { grade: "NONE", rank: 2, level: "ORDINARY", samplingMultiplier: 1, interviewsPerYear: 0, trainingsPerYear: 0 },
  { grade: "BLACKLIST", rank: 0, level: "SERIOUSLY_DISHONEST", samplingMultiplier: 8, interviewsPerYear: 2, trainingsPerYear: 1 },
];

/** Publication periods (NDRC Order No. 58): how long a record stays public, by category, severity and field. */
export interface PeriodRule { category: string; severity: string; field: string; minMonths: number; maxMonths: number; basis: string }

const ORDER_58 = "《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展改革委令2023年第58号）";
const LONGER_FIELDS = ["安全生产", "消防安全", "特种设备", "食品药品"];

export const DEFAULT_PERIODS: PeriodRule[] = [
  { category: "*", severity: "*", field: "*", minMonths: 0, maxMonths: 36, basis: ORDER_58 },
  { category: "PENALTY", severity: "*", field: "*", minMonths: 3, maxMonths: 36, basis: ORDER_58 },
  ...LONGER_FIELDS.map((field) => ({ category: "PENALTY", severity: "*", field, minMonths: 12, maxMonths: 36, basis: ORDER_58 })),
  // List entries: the minimum before repair (and the longest they stay) by list.
  { category: "LIST_BLACK", severity: "*", field: "*", minMonths: 12, maxMonths: 36, basis: ORDER_58 },
  { category: "LIST_WATCH", severity: "*", field: "*", minMonths: 3, maxMonths: 12, basis: ORDER_58 },
];
