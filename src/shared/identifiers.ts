/**
 * Subject identifiers (README "Asking the register"): canonicalisation and validation of USCCs,
 * resident IDs, vehicle plates and vessel identification numbers, plus masking and region
 * helpers. A bad identifier is an IdentifierError naming the failed rule, never a silent miss.
 * Pure functions: no I/O, no clock except the optional `today` default.
 */
import { chinaDate } from "./clock.js";
import { AppError, IdentifierError } from "./errors.js";
import { msg } from "./i18n/index.js";

export type SubjectKind = "ORGANIZATION" | "PERSON" | "VEHICLE" | "VESSEL";
export type PlateColor = "BLUE" | "YELLOW" | "GREEN" | "YELLOW_GREEN" | "WHITE" | "BLACK";

const PLATE_COLORS: readonly PlateColor[] = ["BLUE", "YELLOW", "GREEN", "YELLOW_GREEN", "WHITE", "BLACK"];
const NEV_COLORS: readonly PlateColor[] = ["GREEN", "YELLOW_GREEN"];

/** GB 32100-2015 code alphabet; a symbol's value is its index. */
export const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

export const PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
const PLATE_AUTHORITY = /^[A-HJ-NP-Z]$/;
const PLATE_ORDINARY = /^(?:[A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{4}[挂学])$/;
const PLATE_SMALL_NEV = /^[DF][A-HJ-NP-Z0-9][0-9]{4}$/;
const PLATE_LARGE_NEV = /^[0-9]{5}[DF]$/;
const VESSEL_ID = /^CN[0-9]{11}$/;

/** Clerks paste from Word, PDFs and IME input, which often yields full-width ASCII. */
export function toHalfWidth(raw: string): string {
  return raw.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) =>
    ch === "\u3000" ? " " : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/**
 * Only ASCII a-z is upper-cased: String#toUpperCase maps "ı" to "I" and "ſ" to "S", which
 * would let look-alike characters slip into a canonical code instead of being rejected.
 */
export function normalizeIdentifier(raw: string): string {
  return toHalfWidth(raw)
    .replace(/\s+/g, "")
    .replace(/[a-z]/g, (ch) => ch.toUpperCase());
}

/** Positions in messages are 1-based and count code points, as a clerk reads them. */
const chars = (s: string): string[] => Array.from(s);
const show = (ch: string): string => JSON.stringify(ch);
const got = (ch: string): string => (/^[\x21-\x7e]$/.test(ch) ? ch : show(ch));

export function usccCheckChar(first17: string): string {
  const cs = chars(first17);
  if (cs.length !== 17 || cs.some((c) => !USCC_ALPHABET.includes(c))) {
    throw new RangeError("usccCheckChar needs 17 characters from USCC_ALPHABET");
  }
  const sum = cs.reduce((acc, c, i) => acc + USCC_ALPHABET.indexOf(c) * USCC_WEIGHTS[i]!, 0);
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function residentIdCheckChar(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) {
    throw new RangeError("residentIdCheckChar needs 17 digits");
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * RESIDENT_WEIGHTS[i]!;
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? "X" : String(c);
}

export function parseUscc(raw: string): string {
  const code = normalizeIdentifier(raw);
  const cs = chars(code);
  if (cs.length !== 18) {
    throw new IdentifierError("length", msg("identifier.uscc.length", { count: cs.length }));
  }
  // Position 18 is left to the check comparison: "should be 3, got Z" tells the clerk more.
  cs.slice(0, 17).forEach((c, i) => {
    if (USCC_ALPHABET.includes(c)) return;
    const hint = msg("IOSVZ".includes(c) ? "identifier.uscc.unused" : "identifier.uscc.allowed");
    throw new IdentifierError("character", msg("identifier.uscc.character", { char: show(c), position: i + 1, hint }));
  });
  const expected = usccCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    throw new IdentifierError("check", msg("identifier.uscc.check", { expected, got: got(cs[17]!) }));
  }
  return code;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Own calendar arithmetic: Date.UTC silently maps years 0-99 to 19xx and rolls over days. */
function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dim = m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
  return d <= dim;
}

/**
 * `today` is read in China Standard Time, so a person born today in China is not rejected
 * while UTC is still on yesterday.
 */
export function parseResidentId(raw: string, today: Date = new Date()): string {
  const id = normalizeIdentifier(raw);
  const cs = chars(id);
  if (cs.length !== 18) {
    const key = cs.length === 15 ? "identifier.resident.lengthOld" : "identifier.resident.length";
    throw new IdentifierError("length", msg(key, { count: cs.length }));
  }
  // As for USCCs, a wrong position 18 is reported by the check with the expected character.
  cs.slice(0, 17).forEach((c, i) => {
    if (/^[0-9]$/.test(c)) return;
    throw new IdentifierError("character", msg("identifier.resident.character", { char: show(c), position: i + 1 }));
  });
  const birth = id.slice(6, 14);
  const [y, m, d] = [Number(birth.slice(0, 4)), Number(birth.slice(4, 6)), Number(birth.slice(6, 8))];
  if (!isRealDate(y, m, d)) throw new IdentifierError("date", msg("identifier.resident.notReal", { birth }));
  if (birth < "19000101") throw new IdentifierError("date", msg("identifier.resident.before1900", { birth }));
  const todayKey = chinaDate(today).replaceAll("-", "");
  if (birth > todayKey) throw new IdentifierError("date", msg("identifier.resident.future", { birth }));
  const expected = residentIdCheckChar(id.slice(0, 17));
  if (id[17] !== expected) {
    throw new IdentifierError("check", msg("identifier.resident.check", { expected, got: got(cs[17]!) }));
  }
  return id;
}

const isNevBody = (body: string): boolean => PLATE_SMALL_NEV.test(body) || PLATE_LARGE_NEV.test(body);

export function parsePlate(raw: string, color?: PlateColor | null): string {
  const plate = normalizeIdentifier(raw);
  const cs = chars(plate);
  if (cs.length !== 7 && cs.length !== 8) {
    throw new IdentifierError("length", msg("identifier.plate.length", { count: cs.length }));
  }
  const [province, authority] = [cs[0]!, cs[1]!];
  if (!PLATE_PROVINCES.includes(province)) {
    throw new IdentifierError("character", msg("identifier.plate.province", { char: show(province) }));
  }
  if (!PLATE_AUTHORITY.test(authority)) {
    const hint = msg(authority === "I" || authority === "O" ? "identifier.plate.authorityIO" : "identifier.plate.authorityLetter");
    throw new IdentifierError("character", msg("identifier.plate.authority", { char: show(authority), hint }));
  }
  // I and O are confused with 1 and 0 on plates; name them rather than a vague format error.
  const io = cs.findIndex((c, i) => i >= 2 && (c === "I" || c === "O"));
  if (io >= 0) {
    throw new IdentifierError("character", msg("identifier.plate.io", { char: show(cs[io]!), position: io + 1 }));
  }
  const body = cs.slice(2).join("");
  const nev = cs.length === 8;
  if (!nev && !PLATE_ORDINARY.test(body)) {
    throw new IdentifierError("format", msg("identifier.plate.ordinary", { body: show(body) }));
  }
  if (nev && !isNevBody(body)) {
    throw new IdentifierError("format", msg("identifier.plate.nev", { body: show(body) }));
  }
  if (color != null) {
    if (!PLATE_COLORS.includes(color)) {
      throw new IdentifierError("color", msg("identifier.plate.colorUnknown", { colors: PLATE_COLORS.join(", "), color: show(String(color)) }));
    }
    if (nev && !NEV_COLORS.includes(color)) {
      throw new IdentifierError("color", msg("identifier.plate.colorNev", { plate, color }));
    }
    if (!nev && NEV_COLORS.includes(color)) {
      throw new IdentifierError("color", msg("identifier.plate.colorOrdinary", { plate, color }));
    }
  }
  return plate;
}

export function parseVesselId(raw: string): string {
  const id = normalizeIdentifier(raw);
  if (VESSEL_ID.test(id)) return id;
  const n = chars(id).length;
  const rule = n === 13 ? "format" : "length";
  throw new IdentifierError(rule, msg("identifier.vessel", { id: show(id), count: n }));
}

export function parseIdentifier(
  kind: SubjectKind,
  raw: string,
  opts: { plateColor?: PlateColor | null; today?: Date } = {},
): string {
  switch (kind) {
    case "ORGANIZATION":
      return parseUscc(raw);
    case "PERSON":
      return parseResidentId(raw, opts.today);
    case "VEHICLE":
      return parsePlate(raw, opts.plateColor);
    case "VESSEL":
      return parseVesselId(raw);
    default: {
      const unknown: never = kind;
      throw new AppError("BAD_USER_INPUT", msg("error.unknownKind", { kind: show(String(unknown)) }));
    }
  }
}

/** Shows enough to tell two people apart on screen without revealing the birth date. */
export function maskPersonId(id: string): string {
  const cs = chars(id);
  if (cs.length <= 10) return "*".repeat(cs.length);
  return cs.slice(0, 6).join("") + "*".repeat(cs.length - 10) + cs.slice(-4).join("");
}

export function regionOfUscc(uscc: string): string {
  return normalizeIdentifier(uscc).slice(2, 8);
}

export function regionOfResidentId(id: string): string {
  return normalizeIdentifier(id).slice(0, 6);
}
