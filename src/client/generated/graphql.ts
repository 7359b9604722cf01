/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '../document-type.js';
/** Why a ref was not decided. */
export const CheckErrorCode = {
  InvalidIdentifier: 'INVALID_IDENTIFIER'
} as const;

export type CheckErrorCode = typeof CheckErrorCode[keyof typeof CheckErrorCode];
export type CheckInput = {
  /** The matter checked for, e.g. a permit application number. */
  matter?: string | null | undefined;
  /** The caller's own id for this check, kept in the audit trail. */
  requestId?: string | null | undefined;
  scenario: Scenario;
  subjects: Array<SubjectRef>;
};

/** DENY > REVIEW > FAST_TRACK > PASS: the most severe reason decides. */
export const Decision = {
  Deny: 'DENY',
  FastTrack: 'FAST_TRACK',
  Pass: 'PASS',
  Review: 'REVIEW'
} as const;

export type Decision = typeof Decision[keyof typeof Decision];
/** RED 红名单, BLACK 黑名单, WATCH 重点关注名单 */
export const ListType = {
  Black: 'BLACK',
  Red: 'RED',
  Watch: 'WATCH'
} as const;

export type ListType = typeof ListType[keyof typeof ListType];
/** 号牌颜色 of a vehicle plate */
export const PlateColor = {
  Black: 'BLACK',
  Blue: 'BLUE',
  Green: 'GREEN',
  White: 'WHITE',
  Yellow: 'YELLOW',
  YellowGreen: 'YELLOW_GREEN'
} as const;

export type PlateColor = typeof PlateColor[keyof typeof PlateColor];
/** LIST_ENTRY: a list entry's measure (its own reason code is listEntry.reason); WATCH_ENTRY: a watch-list entry calling for review; LOWEST_GRADE: a sector's latest grade is its lowest; COMMITMENT: a commitment in force; COMMITMENT_BREACHED: a broken commitment. */
export const ReasonCode = {
  Commitment: 'COMMITMENT',
  CommitmentBreached: 'COMMITMENT_BREACHED',
  ListEntry: 'LIST_ENTRY',
  LowestGrade: 'LOWEST_GRADE',
  WatchEntry: 'WATCH_ENTRY'
} as const;

export type ReasonCode = typeof ReasonCode[keyof typeof ReasonCode];
/** A reason's effect: its catalogue measure's (PROHIBIT → DENY; RESTRICT, INTENSIFY → REVIEW; FAST_TRACK), or ATTENTION (→ REVIEW) for an adverse fact no measure covers. Never a decision: that is the result's. */
export const ReasonEffect = {
  Attention: 'ATTENTION',
  FastTrack: 'FAST_TRACK',
  Intensify: 'INTENSIFY',
  Prohibit: 'PROHIBIT',
  Restrict: 'RESTRICT'
} as const;

export type ReasonEffect = typeof ReasonEffect[keyof typeof ReasonEffect];
/** Where the check is made: 行政许可, 行政执法, 道路运政, 水路运政, 政府采购, 招标投标, 财政补贴, 招录聘用. */
export const Scenario = {
  Bidding: 'BIDDING',
  Enforcement: 'ENFORCEMENT',
  Hiring: 'HIRING',
  Licensing: 'LICENSING',
  Procurement: 'PROCUREMENT',
  RoadTransport: 'ROAD_TRANSPORT',
  Subsidy: 'SUBSIDY',
  WaterTransport: 'WATER_TRANSPORT'
} as const;

export type Scenario = typeof Scenario[keyof typeof Scenario];
/** 法人和其他组织 / 从业人员 / 车辆 / 船舶 */
export const SubjectKind = {
  Organization: 'ORGANIZATION',
  Person: 'PERSON',
  Vehicle: 'VEHICLE',
  Vessel: 'VESSEL'
} as const;

export type SubjectKind = typeof SubjectKind[keyof typeof SubjectKind];
/** A subject by its identifier: USCC, resident ID, plate, or vessel identification number. */
export type SubjectRef = {
  /** Lower case, spaces and full-width characters are accepted and canonicalised. */
  identifier: string;
  kind: SubjectKind;
  /** For a VEHICLE, when the caller knows the plate colour. */
  plateColor?: PlateColor | null | undefined;
};

/** 分级分类监管: 诚信 TRUSTWORTHY, 良好 GOOD, 一般 ORDINARY, 较差 POOR, 严重失信 SERIOUSLY_DISHONEST. */
export const SupervisionLevel = {
  Good: 'GOOD',
  Ordinary: 'ORDINARY',
  Poor: 'POOR',
  SeriouslyDishonest: 'SERIOUSLY_DISHONEST',
  Trustworthy: 'TRUSTWORTHY'
} as const;

export type SupervisionLevel = typeof SupervisionLevel[keyof typeof SupervisionLevel];
export type CheckQueryVariables = Exact<{
  input: CheckInput;
}>;


export type CheckQuery = { check: { checkedAt: string, scenario: Scenario, dataVersion: string, results: Array<{ found: boolean, decision: Decision | null, ref: { kind: SubjectKind, identifier: string }, error: { code: CheckErrorCode, message: string } | null, reasons: Array<{ code: ReasonCode, effect: ReasonEffect, message: string, listEntry: { id: string, list: ListType, reason: string, reasonText: string, effectiveFrom: string, effectiveUntil: string | null } | null }>, supervision: { level: SupervisionLevel, samplingMultiplier: number, interviewsPerYear: number, trainingsPerYear: number } | null, subject: { id: string, name: string, region: string } | null }> } };

export type CheckResultFieldsFragment = { found: boolean, decision: Decision | null, ref: { kind: SubjectKind, identifier: string }, error: { code: CheckErrorCode, message: string } | null, reasons: Array<{ code: ReasonCode, effect: ReasonEffect, message: string, listEntry: { id: string, list: ListType, reason: string, reasonText: string, effectiveFrom: string, effectiveUntil: string | null } | null }>, supervision: { level: SupervisionLevel, samplingMultiplier: number, interviewsPerYear: number, trainingsPerYear: number } | null, subject: { id: string, name: string, region: string } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const CheckResultFieldsFragmentDoc = new TypedDocumentString(`
    fragment CheckResultFields on CheckResult {
  ref {
    kind
    identifier
  }
  error {
    code
    message
  }
  found
  decision
  reasons {
    code
    effect
    message
    listEntry {
      id
      list
      reason
      reasonText
      effectiveFrom
      effectiveUntil
    }
  }
  supervision {
    level
    samplingMultiplier
    interviewsPerYear
    trainingsPerYear
  }
  subject {
    id
    name
    region
  }
}
    `, {"fragmentName":"CheckResultFields"}) as unknown as TypedDocumentString<CheckResultFieldsFragment, unknown>;
export const CheckDocument = new TypedDocumentString(`
    query Check($input: CheckInput!) {
  check(input: $input) {
    checkedAt
    scenario
    dataVersion
    results {
      ...CheckResultFields
    }
  }
}
    fragment CheckResultFields on CheckResult {
  ref {
    kind
    identifier
  }
  error {
    code
    message
  }
  found
  decision
  reasons {
    code
    effect
    message
    listEntry {
      id
      list
      reason
      reasonText
      effectiveFrom
      effectiveUntil
    }
  }
  supervision {
    level
    samplingMultiplier
    interviewsPerYear
    trainingsPerYear
  }
  subject {
    id
    name
    region
  }
}`) as unknown as TypedDocumentString<CheckQuery, CheckQueryVariables>;