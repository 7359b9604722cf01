// The window's words for the register's codes (Simplified Chinese), and the filters' choices.
import { zhCN } from "../shared/i18n/zh-CN.js";
import { PREFECTURES } from "../shared/regions.js";

export const LIST_NAMES: Record<string, string> = { RED: "守信联合激励名单（红名单）", BLACK: "失信联合惩戒名单（黑名单）", WATCH: "重点关注名单" };
export const LIST_SHORT: Record<string, string> = { RED: "红名单", BLACK: "黑名单", WATCH: "重点关注名单" };
export const KIND_NAMES: Record<string, string> = { ORGANIZATION: "法人和其他组织", PERSON: "从业人员", VEHICLE: "车辆", VESSEL: "船舶" };
export const CATEGORY_NAMES: Record<string, string> = {
  LICENSING: "行政许可", PENALTY: "行政处罚", ENFORCEMENT: "行政强制", CONFIRMATION: "行政确认", LEVY: "行政征收",
  PAYMENT: "行政给付", ADJUDICATION: "行政裁决", COMPENSATION: "行政补偿", REWARD: "行政奖励", INSPECTION: "行政检查",
};
export const COMMITMENT_KINDS: Record<string, string> = { LICENSING: "行政许可承诺", REPAIR: "信用修复承诺" };
export const COMMITMENT_STATUS: Record<string, string> = { VALID: "有效", FULFILLED: "已履行", BROKEN: "已违诺", WITHDRAWN: "已撤回" };
export const SEVERITY_NAMES: Record<string, string> = { ORDINARY: "一般", SERIOUS: "严重" };
/** 行业: the sectors of grades and of a subject's business, as the check's reasons name them. */
export const SECTOR_NAMES: Record<string, string> = zhCN.check.sector;
/** Why an entry left its list. */
export const ENDED_NAMES: Record<string, string> = { EXPIRED: "有效期届满", REPAIRED: "信用修复", REVOKED: "撤销认定" };
export const TARGET_NAMES: Record<string, string> = { RECORD: "行政处罚信息停止公示", ENTRY: "移出名单" };
export const PREFECTURE_OPTIONS = PREFECTURES.map((p) => ({ code: p.code, name: p.name, shortName: p.shortName }));
export const LIST_PATHS: Record<string, string> = { red: "RED", black: "BLACK", watch: "WATCH" };
