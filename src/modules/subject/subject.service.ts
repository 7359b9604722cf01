// Rules for reading subjects: identifiers are validated and canonicalised before any lookup,
// private persons stay out of reach of the public, and a person's identifier is masked.
import type { Visibility } from "../../auth/principal.js";
import type { Database } from "../../db/client.js";
import { AppError } from "../../shared/errors.js";
import { maskPersonId, parseIdentifier, type PlateColor, type SubjectKind } from "../../shared/identifiers.js";
import { checkPageSize, decodeCursor, encodeCursor, type Page, toPage } from "../../shared/pagination.js";
import { isRegionPrefix } from "../../shared/regions.js";
import { findSubjectByIdentifier, searchSubjects, type SubjectRow } from "./subject.store.js";

export interface Reader {
  today: string;
  visibility: Visibility;
}

export interface SubjectRefInput {
  kind: SubjectKind;
  identifier: string;
  plateColor?: PlateColor | null;
}

export interface SearchInput {
  name: string;
  kind?: SubjectKind | null;
  region?: string | null;
  first?: number | null;
  after?: string | null;
}

const MAX_NAME_LENGTH = 100;

/** A region filter is a prefix of a 6-digit division code: 53 (Yunnan), 5301 (Kunming), 530102. */
export function checkRegion(region: string | null | undefined): string | null {
  if (region == null) return null;
  if (!isRegionPrefix(region)) {
    throw new AppError("BAD_USER_INPUT", `region must be 2 to 6 digits of an administrative division code, got "${region}"`);
  }
  return region;
}

export class SubjectService {
  constructor(private readonly db: Database, private readonly maxPageSize: number) {}

  async byRef(ref: SubjectRefInput, reader: Reader): Promise<SubjectRow | null> {
    const identifier = parseIdentifier(ref.kind, ref.identifier, { plateColor: ref.plateColor });
    const row = await findSubjectByIdentifier(this.db, ref.kind, identifier, this.reach(reader));
    // A known plate of another colour is another vehicle.
    if (row && ref.plateColor && row.plateColor && row.plateColor !== ref.plateColor) return null;
    return row;
  }

  async search(input: SearchInput, reader: Reader): Promise<Page<SubjectRow>> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
      throw new AppError("BAD_USER_INPUT", `name must be 1 to ${MAX_NAME_LENGTH} characters`);
    }
    const first = checkPageSize(input.first ?? 20, this.maxPageSize);
    const after = decodeCursor(input.after, ["number", "uuid"] as const);
    const rows = await searchSubjects(this.db, {
      name,
      kind: input.kind,
      region: checkRegion(input.region),
      first,
      after: after && { score: after[0], id: after[1] },
    }, this.reach(reader));
    return toPage(rows, first, (r) => encodeCursor([r.score, r.id]));
  }

  /** The identifier as this reader may see it: a person's is masked unless it may see it whole. */
  displayIdentifier(row: Pick<SubjectRow, "kind" | "identifier">, visibility: Visibility): string {
    return row.kind === "PERSON" && !visibility.fullPersonId ? maskPersonId(row.identifier) : row.identifier;
  }

  private reach(reader: Reader) {
    return { today: reader.today, privatePersons: reader.visibility.privatePersons };
  }
}
