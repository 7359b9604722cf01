// The violation catalogue and the listing rules the service ships with. Written once into empty
// tables at start (like the measure catalogue); from then on they are data the credit office
// changes with setViolation / setListRule.
//
// Source: the work plan (2020年云南省交通运输信用体系建设工作要点, item 19): "将 1 年内违法超限运输
// 超过 3 次的货运车辆及驾驶人、被责令停业整顿的道路运输企业、隐瞒有关情况或提供虚假材料申请超限运输
// 行政许可等十项被界定为严重违法失信行为的责任主体列入黑名单进行公开公示", and the ten cases of the
// joint punishment memorandum on serious illegal overloading it refers to.
export const OVERLOAD_MEMO = "《关于对严重违法失信超限超载运输车辆相关责任主体实施联合惩戒的合作备忘录》";

export interface ViolationDefault { code: string; name: string; legalBasis: string }

export const DEFAULT_VIOLATIONS: ViolationDefault[] = [
  { code: "OVERLIMIT_TRANSPORT", name: "违法超限运输", legalBasis: `${OVERLOAD_MEMO}一（一）（二）（三）；《超限运输车辆行驶公路管理规定》` },
  { code: "SUSPENSION_ORDERED", name: "违法超限运输的货运车辆超过本单位货运车辆总数10%，被责令停业整顿", legalBasis: `${OVERLOAD_MEMO}一（三）` },
  { code: "ILLEGAL_MODIFICATION", name: "机动车维修经营者擅自改装机动车，情节严重，被吊销经营许可", legalBasis: `${OVERLOAD_MEMO}一（四）` },
  { code: "OVERLIMIT_INSTIGATION", name: "指使、强令车辆驾驶人超限运输货物", legalBasis: `${OVERLOAD_MEMO}一（五）` },
  { code: "OVERLIMIT_PERMIT_FRAUD", name: "隐瞒有关情况或者提供虚假材料申请超限运输行政许可，或者以欺骗、贿赂等不正当手段取得行政许可", legalBasis: `${OVERLOAD_MEMO}一（六）` },
  { code: "INSPECTION_REFUSAL", name: "无正当理由拒绝有关部门监督检查或者提供虚假情况", legalBasis: `${OVERLOAD_MEMO}一（七）` },
  { code: "CHECKPOINT_OBSTRUCTION", name: "堵塞交通、强行冲卡、暴力抗法、破坏相关设施设备，被公安机关依法给予行政处罚", legalBasis: `${OVERLOAD_MEMO}一（八）` },
  { code: "OVERLIMIT_MAJOR_ACCIDENT", name: "因违法超限超载造成重大责任事故且负同等责任以上", legalBasis: `${OVERLOAD_MEMO}一（九）` },
  { code: "VIOLENT_RESISTANCE_INJURY", name: "暴力抗法致人死亡或者伤害", legalBasis: `${OVERLOAD_MEMO}一（十）` },
];

export type PartyRoleName = "VEHICLE" | "DRIVER" | "OPERATOR" | "CARGO_SOURCE";

export interface ListRuleDefault {
  code: string;
  violation: string;
  /** The role of the subject listed; null: the record's own subject, whatever its kind. */
  role: PartyRoleName | null;
  kind: "COUNT" | "FLEET_SHARE";
  threshold: number;
  windowDays: number;
  list: "RED" | "BLACK" | "WATCH";
  reasonCode: string;
  entryMonths: number | null;
  basis: string;
  active: boolean;
}

const YEAR = 365;
const black = (code: string, violation: string, role: PartyRoleName | null, threshold: number, reasonCode: string, basis: string): ListRuleDefault => ({
  code, violation, role, kind: "COUNT", threshold, windowDays: YEAR, list: "BLACK", reasonCode, entryMonths: 12, basis, active: true,
});

export const DEFAULT_LIST_RULES: ListRuleDefault[] = [
  black("OVERLIMIT_VEHICLE", "OVERLIMIT_TRANSPORT", "VEHICLE", 3, "OVERLOAD_REPEATED", `${OVERLOAD_MEMO}一（一）：货运车辆1年内违法超限运输超过3次`),
  black("OVERLIMIT_DRIVER", "OVERLIMIT_TRANSPORT", "DRIVER", 3, "OVERLOAD_REPEATED", `${OVERLOAD_MEMO}一（二）：货运车辆驾驶人1年内违法超限运输超过3次`),
  {
    code: "OVERLIMIT_FLEET", violation: "OVERLIMIT_TRANSPORT", role: "OPERATOR", kind: "FLEET_SHARE", threshold: 10, windowDays: YEAR, list: "BLACK",
    reasonCode: "OVERLOAD_FLEET", entryMonths: 12, active: true,
    basis: `${OVERLOAD_MEMO}一（三）：道路运输企业1年内违法超限运输的货运车辆超过本单位货运车辆总数10%`,
  },
  black("SUSPENSION_ORDERED", "SUSPENSION_ORDERED", null, 0, "SUSPENSION_ORDERED", `${OVERLOAD_MEMO}一（三）：被道路运输管理机构责令停业整顿的道路运输企业`),
  black("ILLEGAL_MODIFICATION", "ILLEGAL_MODIFICATION", null, 0, "ILLEGAL_MODIFICATION", `${OVERLOAD_MEMO}一（四）`),
  black("OVERLIMIT_INSTIGATION", "OVERLIMIT_INSTIGATION", null, 2, "OVERLIMIT_INSTIGATION", `${OVERLOAD_MEMO}一（五）：1年内被给予3次以上行政处罚`),
  black("OVERLIMIT_PERMIT_FRAUD", "OVERLIMIT_PERMIT_FRAUD", null, 0, "OVERLIMIT_PERMIT_FRAUD", `${OVERLOAD_MEMO}一（六）`),
  black("INSPECTION_REFUSAL", "INSPECTION_REFUSAL", null, 0, "INSPECTION_REFUSAL", `${OVERLOAD_MEMO}一（七）`),
  black("CHECKPOINT_OBSTRUCTION", "CHECKPOINT_OBSTRUCTION", null, 0, "CHECKPOINT_OBSTRUCTION", `${OVERLOAD_MEMO}一（八）`),
  black("OVERLIMIT_MAJOR_ACCIDENT", "OVERLIMIT_MAJOR_ACCIDENT", null, 0, "OVERLIMIT_MAJOR_ACCIDENT", `${OVERLOAD_MEMO}一（九）`),
  black("VIOLENT_RESISTANCE_INJURY", "VIOLENT_RESISTANCE_INJURY", null, 0, "VIOLENT_RESISTANCE_INJURY", `${OVERLOAD_MEMO}一（十）`),
];
