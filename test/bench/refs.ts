// The refs the benchmark asks about: a random sample of the register as a caller would send it
// (a person by its ID number, not the stored hash), plus valid refs that are not in it.
import type { Sql } from "postgres";
import { generateRegister, MAX_SUBJECTS, REGISTER_COLUMNS } from "../../src/seed/synthetic.js";
import type { SubjectKind } from "../../src/shared/identifiers.js";
import type { Protector } from "../../src/shared/protect.js";

export interface Ref {
  kind: SubjectKind;
  identifier: string;
}

export interface RefPool {
  refs: Ref[];
  found: number;
  missing: number;
}

const KIND = REGISTER_COLUMNS.subject.indexOf("kind");
const IDENTIFIER = REGISTER_COLUMNS.subject.indexOf("identifier");

/** A random permutation of `items` (Fisher–Yates). */
export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** `n` distinct refs of the pool, at random (n ≤ pool size). */
export function pick<T>(pool: readonly T[], n: number): T[] {
  const copy = pool.slice();
  const out: T[] = [];
  for (let i = 0; i < n && i < copy.length; i++) {
    const j = i + Math.floor(Math.random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    out.push(copy[i]!);
  }
  return out;
}

/**
 * `size` refs, a `missShare` of them valid but absent from the register: subjects the synthetic
 * generator would make after the register's last one (their codes are distinct from the
 * register's by construction), checked against the database all the same.
 */
export async function sampleRefs(
  sql: Sql, protector: Protector, opts: { size: number; missShare: number; registerSize: number; seed: number; today: string },
): Promise<RefPool> {
  const wantMissing = Math.round(opts.size * opts.missShare);
  const rows = await sql<{ kind: SubjectKind; identifier: string; identifier_sealed: string | null }[]>`
    select kind, identifier, identifier_sealed from subject order by random() limit ${opts.size - wantMissing}`;
  const found: Ref[] = rows.map((row) => {
    if (row.kind !== "PERSON") return { kind: row.kind, identifier: row.identifier };
    try {
      return { kind: row.kind, identifier: protector.open(row.identifier_sealed!) };
    } catch {
      throw new Error("the register's person IDs do not open with this DATA_KEY: it was seeded with another key (run without --reuse)");
    }
  });

  const candidates: Ref[] = [];
  const first = Math.min(opts.registerSize + 1_000, MAX_SUBJECTS - wantMissing * 3);
  for (const batch of generateRegister({ subjects: wantMissing * 3, startIndex: first, seed: opts.seed, today: opts.today })) {
    for (const line of batch.tsv.subject.split("\n")) {
      if (!line) continue;
      const fields = line.split("\t");
      candidates.push({ kind: fields[KIND] as SubjectKind, identifier: fields[IDENTIFIER]! });
    }
  }
  const keyOf = (r: Ref): string => (r.kind === "PERSON" ? protector.lookupKey(r.identifier) : r.identifier);
  const present = await sql<{ kind: string; identifier: string }[]>`
    select s.kind::text as kind, s.identifier from subject s
    join unnest(${candidates.map((r) => r.kind)}::text[], ${candidates.map(keyOf)}::text[]) as u(kind, identifier)
      on s.kind::text = u.kind and s.identifier = u.identifier`;
  const taken = new Set(present.map((r) => `${r.kind}\t${r.identifier}`));
  const missing = shuffle(candidates.filter((r) => !taken.has(`${r.kind}\t${keyOf(r)}`))).slice(0, wantMissing);
  return { refs: shuffle([...found, ...missing]), found: found.length, missing: missing.length };
}
