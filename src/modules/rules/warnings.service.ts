// 信用预警 (work plan item 10: "定期发布行业信用预警信息"): a feed an enforcement office works
// through — subjects one step before a listing rule, entries and commitments about to end, broken
// commitments, records overdue for publication — each with its rule and the facts behind it,
// most urgent first. OFFICER within its jurisdiction, ADMIN everywhere.
import { historyRegion } from "../../auth/policy.js";
import type { Database } from "../../db/client.js";
import { AppError } from "../../shared/errors.js";
import { msg } from "../../shared/i18n/index.js";
import { checkPageSize, decodeCursor, encodeCursor, type Page, toPage } from "../../shared/pagination.js";
import { checkRegion } from "../../shared/regions.js";
import type { Reader } from "../subject/subject.service.js";
import { commitmentWarnings, entriesEnding, nearListing, publicationOverdue, type WarningRow } from "./warnings.store.js";

export const WARNING_KINDS = ["NEAR_LISTING", "ENTRY_ENDING", "COMMITMENT_ENDING", "COMMITMENT_BROKEN", "PUBLICATION_OVERDUE"] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

/** How far ahead endings are warned of, unless the caller asks otherwise. */
export const DEFAULT_WITHIN_DAYS = 30;

export interface WarningsInput {
  region?: string | null; kind?: string | null; warningKind?: WarningKind | null; withinDays?: number | null; first?: number | null; after?: string | null;
}

export class WarningsService {
  constructor(private readonly db: Database, private readonly maxPageSize: number) {}

  async page(input: WarningsInput, reader: Reader): Promise<Page<WarningRow>> {
    const own = historyRegion(reader.principal);
    if (own === null) throw new AppError("FORBIDDEN", msg("forbidden.unpublished"));
    const first = checkPageSize(input.first ?? 50, this.maxPageSize);
    const withinDays = input.withinDays ?? DEFAULT_WITHIN_DAYS;
    if (!Number.isInteger(withinDays) || withinDays < 0 || withinDays > 366) throw new AppError("BAD_USER_INPUT", msg("input.calendarDays", { max: 366 }));
    const after = decodeCursor(input.after, ["string", "string", "string"] as const);
    const region = checkRegion(input.region);
    const scope = { today: reader.today, regionPrefixes: [own, region ?? ""].filter(Boolean), subjectKind: input.kind ?? null, withinDays };
    const wanted = (k: WarningKind) => !input.warningKind || input.warningKind === k;
    const rows = [
      ...(wanted("NEAR_LISTING") ? await nearListing(this.db, scope) : []),
      ...(wanted("ENTRY_ENDING") ? await entriesEnding(this.db, scope) : []),
      ...(wanted("COMMITMENT_ENDING") || wanted("COMMITMENT_BROKEN") ? await commitmentWarnings(this.db, scope) : []),
      ...(wanted("PUBLICATION_OVERDUE") ? await publicationOverdue(this.db, scope) : []),
    ].filter((w) => wanted(w.kind as WarningKind));
    const order = (w: WarningRow) => [w.due, w.kind, w.key] as const;
    rows.sort((a, b) => compare(order(a), order(b)));
    const rest = after ? rows.filter((w) => compare(order(w), after) > 0) : rows;
    return toPage(rest.slice(0, first + 1), first, (w) => encodeCursor([...order(w)]));
  }
}

function compare(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}
