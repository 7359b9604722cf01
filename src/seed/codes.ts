/**
 * Deterministic building blocks of the synthetic register: a seeded PRNG, UUID-shaped ids,
 * day arithmetic, and identifiers derived from a dense per-kind ordinal. Every identifier
 * function is injective in its ordinal, so a register of any size has no duplicate codes,
 * and the same ordinal always gives the same code whatever the seed or the date.
 */
import { residentIdCheckChar, usccCheckChar, USCC_ALPHABET } from "../shared/identifiers.js";
import { PREFECTURES } from "../shared/regions.js";

/** A bijective 32-bit mixer (lowbias32): seeds each subject's own stream from (seed, index). */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** mulberry32: small, fast, good enough for synthetic data. */
export class Rng {
  constructor(private s: number) {}
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  u32(): number {
    return (this.next() * 4294967296) >>> 0;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** Knuth's Poisson draw; means here are below 2, so it takes a few steps. */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = this.next(); p > limit; p *= this.next()) k++;
    return k;
  }
}

/** A picker over weighted items, built once. */
export function weighted<T>(items: readonly (readonly [T, number])[]): (rng: Rng) => T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let running = 0;
  const cumulative = items.map(([, weight]) => (running += weight) / total);
  return (rng) => {
    const r = rng.next();
    for (let i = 0; i < cumulative.length; i++) if (r < cumulative[i]!) return items[i]![0];
    return items[items.length - 1]![0];
  };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const hex32 = (x: number): string => HEX[x >>> 24]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;

/**
 * A version-4-shaped UUID that is unique by construction: the first 32 bits are the subject
 * index, the next byte the row's tag within its subject, the rest random. Ids ascend with the
 * index (like UUIDv7), so bulk loads append to the right edge of the primary-key B-trees instead
 * of touching random pages, and a subject's rows sit next to each other.
 */
export function rowId(index: number, tag: number, rng: Rng): string {
  const b = rng.u32();
  const c = rng.u32();
  const d = rng.u32();
  return `${hex32(index >>> 0)}-${HEX[tag & 255]}${HEX[b >>> 24]}-4${hex32(b).slice(3, 6)}-${HEX[0x80 | ((b >>> 8) & 0x3f)]}${HEX[b & 255]}-${hex32(c)}${hex32(d).slice(0, 4)}`;
}

// Days are counted from 1970-01-01 (Howard Hinnant's civil calendar algorithms): no Date objects
// in the hot loop, and no time-zone surprises.
export function dayNumber(isoDate: string): number {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`expected a date YYYY-MM-DD, got ${JSON.stringify(isoDate)}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = daysFromCivil(y, mo, d);
  if (formatDay(day) !== isoDate) throw new RangeError(`not a calendar date: ${isoDate}`);
  return day;
}

function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month, day] of a day number. */
export function civil(day: number): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** The same calendar day `years` later (29 February becomes 28 February). */
export function addYears(day: number, years: number): number {
  const [y, m, d] = civil(day);
  return daysFromCivil(y + years, m, m === 2 && d === 29 ? 28 : d);
}

const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function formatDay(day: number): string {
  const [y, m, d] = civil(day);
  return `${y}-${p2(m)}-${p2(d)}`;
}

/** A timestamptz in China Standard Time on that day, within `hours` (default: office hours). */
export function formatInstant(day: number, rng: Rng, hours: readonly [number, number] = [8, 17]): string {
  return `${formatDay(day)} ${p2(rng.int(hours[0], hours[1]))}:${p2(rng.int(0, 59))}:${p2(rng.int(0, 59))}+08`;
}

/** A bijection of [0, size) onto itself: o → (o·a + b) mod size, with gcd(a, size) = 1. */
function permutation(size: number, a: number, b: number): (o: number) => number {
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  if (gcd(a, size) !== 1) throw new Error(`permutation multiplier ${a} shares a factor with ${size}`);
  return (o) => {
    if (!(o >= 0 && o < size)) throw new RangeError(`ordinal ${o} exceeds the code space of ${size}`);
    return (o * a + b) % size;
  };
}

const PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"; // 24: no I, O
const PLATE_ALNUM = "0123456789" + PLATE_LETTERS; // 34
const DIGITS = "0123456789";

/** Digits of `value` in the mixed radix of the given alphabets (last alphabet varies fastest). */
function spell(value: number, alphabets: readonly string[]): string {
  let out = "";
  for (let i = alphabets.length - 1; i >= 0; i--) {
    const a = alphabets[i]!;
    out = a[value % a.length]! + out;
    value = Math.floor(value / a.length);
  }
  return out;
}

/** A code space made of several shapes (e.g. "LDDDD"); a value picks the shape, then spells it. */
function shapedSpace(shapes: readonly string[]): { size: number; spell: (v: number) => string } {
  const alphabets = shapes.map((s) => Array.from(s, (ch) => (ch === "L" ? PLATE_LETTERS : DIGITS)));
  const sizes = alphabets.map((as) => as.reduce((n, a) => n * a.length, 1));
  const size = sizes.reduce((a, b) => a + b, 0);
  return {
    size,
    spell(v) {
      for (let i = 0; i < sizes.length; i++) {
        if (v < sizes[i]!) return spell(v, alphabets[i]!);
        v -= sizes[i]!;
      }
      throw new RangeError("value outside the shaped space");
    },
  };
}

/** GB 11714 check character of an 8-character organization code body. */
function orgCodeCheck(body: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body[i]!, 36) * weights[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

const oldOrgCodes = permutation(100_000_000, 7_368_787, 21_650_093);
const newOrgCodes = permutation(31 ** 6, 1_000_003, 4_812_317);
const USCC_DIGITS = Array.from({ length: 6 }, () => USCC_ALPHABET);

/**
 * USCC of the organization with this ordinal: category ("91", "92", …) + registering county +
 * a GB 11714 organization code (older numeric ones and the newer "MA…" ones) + check.
 */
export function usccOf(ordinal: number, category: string, county: string): string {
  const half = Math.floor(ordinal / 2);
  const body = ordinal % 2 === 0
    ? String(oldOrgCodes(half)).padStart(8, "0")
    : "MA" + spell(newOrgCodes(half), USCC_DIGITS);
  const first17 = category + county + body + orgCodeCheck(body);
  return first17 + usccCheckChar(first17);
}

const PERSON_COUNTIES = PREFECTURES.flatMap((p) => p.counties.map((k) => k.code));
const BIRTH_FIRST = daysFromCivil(1960, 1, 1);
const BIRTH_DAYS = daysFromCivil(2003, 12, 31) - BIRTH_FIRST + 1;
const residentIds = permutation(PERSON_COUNTIES.length * BIRTH_DAYS * 1000, 1_000_003, 123_456_789);

/** Resident ID of the person with this ordinal: a Yunnan county, a birth date 1960–2003, a sequence. */
export function residentIdOf(ordinal: number): string {
  let v = residentIds(ordinal);
  const county = PERSON_COUNTIES[v % PERSON_COUNTIES.length]!;
  v = Math.floor(v / PERSON_COUNTIES.length);
  const [y, m, d] = civil(BIRTH_FIRST + (v % BIRTH_DAYS));
  const sequence = String(Math.floor(v / BIRTH_DAYS)).padStart(3, "0");
  const first17 = `${county}${y}${p2(m)}${p2(d)}${sequence}`;
  return first17 + residentIdCheckChar(first17);
}

/** The four plate number spaces; an ordinal is dense within its space. */
export type PlateSpace = "ORDINARY" | "TRAILER" | "NEV_SMALL" | "NEV_LARGE";

const ordinary = shapedSpace(["DDDDD", "LDDDD", "DLDDD", "DDLDD", "DDDLD", "DDDDL", "LLDDD", "DLLDD", "DDDLL", "LDLDD", "DLDLD"]);
const trailer = shapedSpace(["DDDD", "LDDD", "DLDD", "DDLD", "DDDL", "LLDD", "LDLD", "DLLD"]);
const plateBodies: Record<PlateSpace, (o: number) => string> = {
  ORDINARY: ((perm) => (o: number) => ordinary.spell(perm(o)))(permutation(ordinary.size, 1_000_003, 9_876_543)),
  TRAILER: ((perm) => (o: number) => `${trailer.spell(perm(o))}挂`)(permutation(trailer.size, 100_003, 54_321)),
  // Small new-energy: D (battery) or F (hybrid), a letter or digit, then 4 digits.
  NEV_SMALL: ((perm) => (o: number) => spell(perm(o), ["DF", PLATE_ALNUM, DIGITS, DIGITS, DIGITS, DIGITS]))(
    permutation(2 * 34 * 10_000, 100_003, 77_777),
  ),
  // Large new-energy: 5 digits, then D or F.
  NEV_LARGE: ((perm) => (o: number) => spell(perm(o), [DIGITS, DIGITS, DIGITS, DIGITS, DIGITS, "DF"]))(
    permutation(200_000, 100_003, 12_345),
  ),
};

/** Plate number "云" + prefecture letter + body; unique because the body is unique in its space. */
export function plateOf(space: PlateSpace, ordinal: number, letter: string): string {
  return `云${letter}${plateBodies[space](ordinal)}`;
}

const vesselSerials = permutation(10_000_000, 1_000_003, 3_141_592);

/** Vessel identification number: CN + a year (1995–2024) + a 7-digit serial. */
export function vesselIdOf(ordinal: number): string {
  const year = 1995 + (ordinal % 30);
  return `CN${year}${String(vesselSerials(Math.floor(ordinal / 30))).padStart(7, "0")}`;
}
