// Rules for reading subjects: identifiers are validated and canonicalised before any lookup,
// a person is found by the keyed hash of the ID number, private persons stay out of reach of
// the public, and protected values are opened only to be served.
import { type SubjectInView, seesFullPersonId, seesPrivatePersons } from "../../auth/policy.js";
import type { Principal } from "../../auth/principal.js";
import type { Database } from "../../db/client.js";
import { AppError } from "../../shared/errors.js";
import { maskPersonId, parseIdentifier, type PlateColor, type SubjectKind } from "../../shared/identifiers.js";
import { checkPageSize, decodeCursor, encodeCursor, type Page, toPage } from "../../shared/pagination.js";
import type { Protector } from "../../shared/protect.js";
import { checkRegion } from "../../shared/regions.js";
import {
  countContaining, ensureSubjects, findSubjectByIdentifier, findSubjectsByIds, type NewSubject, BROAD_RANKS, type BroadRank, type SearchAfter, searchBroad, searchSimilar, type SubjectRow,
} from "./subject.store.js";
import { msg } from "../../shared/i18n/index.js";

export interface Reader {
  today: string;
  principal: Principal;
}

/** A subject as resolvers receive it: its row, and the grant scopes it is read under, if any. */
export type SubjectNode = SubjectRow & Pick<SubjectInView, "grantScopes">;

export type ProtectedField = "legalRepresentative" | "phone" | "address";

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

/** A pg_trgm similarity as a cursor carries it: 0, or within what a `real` holds, up to 1. */
const isSimilarity = (score: number) => score === 0 || (score >= 1e-6 && score <= 1);

/**
 * Terms of at most this many characters are broad: trigram similarity cannot rank them (a name
 * has no trigram in common with one character), and they are in a good part of any register.
 */
const BROAD_TERM_LENGTH = 3;
/** A longer term in more names than this (有限公司, 运输公司) is ranked as a broad one. */
const COMMON_TERM_MATCHES = 2_000;

/** A search cursor: [score, id] in similarity order, [rank, name, id] in a broad term's order. */
function decodeSearchCursor(cursor: string | null | undefined): SearchAfter | null {
  if (cursor == null) return null;
  try {
    const [rank, name, id] = decodeCursor(cursor, ["number", "string", "uuid"] as const, ([r]) => BROAD_RANKS.includes(r as BroadRank))!;
    return { rank: rank as BroadRank, name, id };
  } catch { /* not a broad term's cursor: a similarity one, or BAD_USER_INPUT below */ }
  const [score, id] = decodeCursor(cursor, ["number", "uuid"] as const, ([score]) => isSimilarity(score as number))!;
  return { score, id };
}

export class SubjectService {
  constructor(private readonly db: Database, private readonly maxPageSize: number, private readonly protector: Protector) {}

  /** `includePrivate`: a grant lets its provider read a person with no public information. */
  async byRef(ref: SubjectRefInput, reader: Reader, includePrivate = false): Promise<SubjectRow | null> {
    const identifier = parseIdentifier(ref.kind, ref.identifier, { plateColor: ref.plateColor });
    const key = ref.kind === "PERSON" ? this.protector.lookupKey(identifier) : identifier;
    const reach = { today: reader.today, privatePersons: includePrivate || seesPrivatePersons(reader.principal) };
    // The plate colour is validated against the plate, but never turns a registered vehicle
    // into "not in the register": a blacklisted truck must not pass on a mistyped colour.
    return findSubjectByIdentifier(this.db, ref.kind, key, reach);
  }

  async search(input: SearchInput, reader: Reader): Promise<Page<SubjectRow>> {
    const name = input.name.trim();
    if (name.includes("\u0000")) throw new AppError("BAD_USER_INPUT", msg("error.nameNul"));
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
      throw new AppError("BAD_USER_INPUT", msg("error.length", { field: "name", max: MAX_NAME_LENGTH }));
    }
    const first = checkPageSize(input.first ?? 20, this.maxPageSize);
    const search = { name, kind: input.kind, region: checkRegion(input.region), first };
    const reach = this.reach(reader);
    // The first page decides how the term is ranked; its cursor carries that to the next pages.
    const after = decodeSearchCursor(input.after);
    const broad = after ? "rank" in after : [...name].length <= BROAD_TERM_LENGTH
      || await countContaining(this.db, name, COMMON_TERM_MATCHES + 1) > COMMON_TERM_MATCHES;
    if (broad) {
      const rows = await searchBroad(this.db, search, reach, after && "rank" in after ? after : null);
      return toPage(rows, first, (r) => encodeCursor([r.rank, r.rank === 1 ? r.name : "", r.id]));
    }
    const rows = await searchSimilar(this.db, search, reach, after && "score" in after ? after : null);
    return toPage(rows, first, (r) => encodeCursor([r.score, r.id]));
  }

  /**
   * Refs of subjects by id, as this principal may see them (a person's ID masked unless it may see
   * it in full), private persons included: only ever the ref, never a name.
   */
  async refsByIds(ids: readonly string[], reader: Reader): Promise<Map<string, { kind: string; identifier: string }>> {
    const rows = ids.length ? await findSubjectsByIds(this.db, ids, { today: reader.today, privatePersons: true }) : [];
    return new Map(rows.map((s) => [s.id, { kind: s.kind, identifier: this.identifierFor(s, reader.principal).value }]));
  }

  /** The identifier as this principal may see it; `full` says a person's whole ID number was served. */
  /** Adds the subjects the register does not have yet (intake); every one's id by kind|identifier. In the caller's transaction `db`. */
  ensure(subjects: NewSubject[], db: Database = this.db): Promise<Map<string, string>> {
    return ensureSubjects(db, subjects);
  }

  identifierFor(subject: SubjectNode, principal: Principal): { value: string; full: boolean } {
    if (subject.kind !== "PERSON") return { value: subject.identifier, full: false };
    const id = this.protector.open(subject.identifierSealed ?? "");
    return seesFullPersonId(principal, subject) ? { value: id, full: true } : { value: maskPersonId(id), full: false };
  }

  /** A protected value, opened; whether it may be served is the permission layer's decision. */
  protectedValue(subject: SubjectNode, field: ProtectedField): string | null {
    return this.protector.open(subject[field]);
  }

  private reach(reader: Reader) {
    return { today: reader.today, privatePersons: seesPrivatePersons(reader.principal) };
  }
}
