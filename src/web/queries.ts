// The GraphQL documents the window's pages send, one per page, and the shapes they answer with.

export interface PageInfo { hasNextPage: boolean; endCursor: string | null }
export interface Count { list: string; prefecture: string; prefectureName: string | null; count: number }
export interface MonthCount { month: string; category?: string; target?: string; count: number }
export interface Entry {
  list: string; reason: string; reasonText: string; authority: string; effectiveFrom: string; effectiveUntil: string | null;
  /** The published records it stands on: only the subject page asks. */
  basis?: { decisionNumber: string; decisionDate: string; authority: string }[];
}
export interface SubjectSummary { kind: string; identifier: string; name: string; region: string; regionName: string | null; listEntries: Entry[] }
export interface ListEntryNode extends Entry { id: string; subject: SubjectSummary }
export interface RecordNode {
  id: string; category: string; decisionNumber: string; content: string; decisionDate: string; authority: string; severity: string;
  legalBasis: string | null; publishedAt: string | null; publicationEnds: string | null; subject: SubjectSummary | null;
}
export interface CommitmentNode { id: string; kind: string; matter: string; content: string; signedAt: string; validUntil: string | null; status: string; subject: SubjectSummary | null }
export interface EvaluationNode { sector: string; year: number; grade: string; evaluator: string; subject: SubjectSummary | null }

const SUBJECT_SUMMARY = `kind identifier name region regionName listEntries { list reason reasonText authority effectiveFrom effectiveUntil }`;

export interface Home {
  listEntryCounts: Count[]; publicationsByMonth: MonthCount[];
  listEntries: { nodes: ListEntryNode[] }; publishedRecords: { nodes: RecordNode[] };
}
export const HOME = `query WindowHome($months: Int) {
  listEntryCounts { list prefecture prefectureName count }
  publicationsByMonth(months: $months) { month category count }
  listEntries(first: 8) { nodes { id list reason reasonText authority effectiveFrom effectiveUntil subject { kind identifier name region regionName } } }
  publishedRecords(first: 8) { nodes { id category decisionNumber decisionDate authority publishedAt subject { kind identifier name } } }
}`;

export interface Search { searchSubjects: { nodes: SubjectSummary[]; pageInfo: PageInfo } }
export const SEARCH = `query WindowSearch($name: String!, $kind: SubjectKind, $region: String, $first: Int, $after: String) {
  searchSubjects(name: $name, kind: $kind, region: $region, first: $first, after: $after) {
    nodes { ${SUBJECT_SUMMARY} } pageInfo { hasNextPage endCursor }
  }
}`;

/** One aliased lookup per kind the text could be an identifier of. */
export const byIdentifier = (kinds: string[]) => `query WindowLookup($identifier: String!) {
  ${kinds.map((k) => `${k.toLowerCase()}: subject(ref: { kind: ${k}, identifier: $identifier }) { ${SUBJECT_SUMMARY} }`).join("\n  ")}
}`;

export interface SubjectFile {
  subject: (SubjectSummary & {
    sectors: string[];
    records: RecordNode[];
    evaluations: EvaluationNode[];
    commitments: CommitmentNode[];
  }) | null;
}
export const SUBJECT = `query WindowSubject($kind: SubjectKind!, $identifier: String!) {
  subject(ref: { kind: $kind, identifier: $identifier }) {
    kind identifier name region regionName sectors
    listEntries { list reason reasonText authority effectiveFrom effectiveUntil basis { decisionNumber decisionDate authority } }
    records { id category decisionNumber content decisionDate authority severity legalBasis publishedAt publicationEnds }
    evaluations { sector year grade evaluator }
    commitments { id kind matter content signedAt validUntil status }
  }
}`;

export interface EndedEntry { id: string; list: string; status: string; endedAt: string; subject: { kind: string; identifier: string } }
export interface ListPage { listEntries: { nodes: ListEntryNode[]; ended: EndedEntry[]; pageInfo: PageInfo } }
export const LIST = `query WindowList($list: ListType, $region: String, $reason: String, $changedSince: DateTime, $first: Int, $after: String) {
  listEntries(list: $list, region: $region, reason: $reason, changedSince: $changedSince, first: $first, after: $after) {
    nodes { id list reason reasonText authority effectiveFrom effectiveUntil subject { kind identifier name region regionName } }
    ended { id list status endedAt subject { kind identifier } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export interface Records { publishedRecords: { nodes: RecordNode[]; pageInfo: PageInfo } }
export const RECORDS = `query WindowRecords($category: RecordCategory, $authority: String, $region: String, $from: Date, $to: Date, $first: Int, $after: String) {
  publishedRecords(category: $category, authority: $authority, region: $region, from: $from, to: $to, first: $first, after: $after) {
    nodes { id category decisionNumber content decisionDate authority severity legalBasis publishedAt publicationEnds subject { kind identifier name regionName } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export interface Commitments { commitments: { nodes: CommitmentNode[]; pageInfo: PageInfo } }
export const COMMITMENTS = `query WindowCommitments($matter: String, $status: CommitmentStatus, $kind: CommitmentKind, $region: String, $first: Int, $after: String) {
  commitments(matter: $matter, status: $status, kind: $kind, region: $region, first: $first, after: $after) {
    nodes { id kind matter content signedAt validUntil status subject { kind identifier name regionName } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export interface Repairs {
  publicationPeriods: { category: string; field: string; severity: string; minMonths: number; maxMonths: number; basis: string }[];
  repairsByMonth: MonthCount[];
}
export const REPAIRS = `query WindowRepairs($months: Int) {
  publicationPeriods { category field severity minMonths maxMonths basis }
  repairsByMonth(months: $months) { month target count }
}`;

export interface Evaluations { evaluations: { nodes: EvaluationNode[]; pageInfo: PageInfo } }
export const EVALUATIONS = `query WindowEvaluations($sector: String, $year: Int, $grade: String, $region: String, $first: Int, $after: String) {
  evaluations(sector: $sector, year: $year, grade: $grade, region: $region, first: $first, after: $after) {
    nodes { sector year grade evaluator subject { kind identifier name regionName } }
    pageInfo { hasNextPage endCursor }
  }
}`;
