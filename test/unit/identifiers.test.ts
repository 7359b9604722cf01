/**
 * Rules of README "Asking the register": every identifier kind is canonicalised, and every way it
 * can be wrong is rejected with an IdentifierError that names the rule and helps the clerk.
 */
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { GraphQLError } from "graphql";
import { AppError, IdentifierError } from "../../src/shared/errors.js";
import {
  USCC_ALPHABET,
  maskPersonId,
  normalizeIdentifier,
  parseIdentifier,
  parsePlate,
  parseResidentId,
  parseUscc,
  parseVesselId,
  regionOfResidentId,
  regionOfUscc,
  residentIdCheckChar,
  toHalfWidth,
  usccCheckChar,
  type PlateColor,
} from "../../src/shared/identifiers.js";

type Rule = IdentifierError["rule"];

/** parseResidentId reads `today` as a date in China Standard Time. */
const TODAY = new Date(Date.UTC(2024, 5, 1, 4)); // noon in China

function failure(fn: () => unknown): IdentifierError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IdentifierError);
    return e as IdentifierError;
  }
  throw new Error("expected an IdentifierError, but the identifier was accepted");
}

function outcome(fn: () => string): string | IdentifierError {
  try {
    return fn();
  } catch (e) {
    if (e instanceof IdentifierError) return e;
    throw e;
  }
}

describe("canonicalisation", () => {
  it.each([
    ["full-width digits and letters become ASCII", "９１Ａｂ", "91Ab"],
    ["the ideographic space becomes a space", "a\u3000b", "a b"],
    ["full-width punctuation becomes ASCII", "！～", "!~"],
    ["Chinese characters are untouched", "云Ａ挂", "云A挂"],
  ])("toHalfWidth: %s", (_rule, raw, expected) => {
    expect(toHalfWidth(raw)).toBe(expected);
  });

  it.each([
    ["lower case is upper-cased", "9144030071526726xg", "9144030071526726XG"],
    ["spaces around and inside are removed", "  9144 0300\t7152\n6726 XG ", "9144030071526726XG"],
    ["the ideographic space is removed", "\u30009144030071526726XG\u3000", "9144030071526726XG"],
    ["full-width input becomes half-width upper case", " ９１３５０１００ｍ０００１００Ｙ４３ ", "91350100M000100Y43"],
    ["look-alike letters are not folded into ASCII", "ı ſ", "ıſ"],
  ])("normalizeIdentifier: %s", (_rule, raw, expected) => {
    expect(normalizeIdentifier(raw)).toBe(expected);
  });
});

describe("USCC (统一社会信用代码)", () => {
  it.each([
    ["9144030071526726XG", "9144030071526726XG"],
    ["91110000710926094P", "91110000710926094P"],
    ["91310000631696382C", "91310000631696382C"],
    ["91530100MA6K000A0A", "91530100MA6K000A0A"],
    ["12530000015123456X", "12530000015123456X"],
    ["9144030071526726xg", "9144030071526726XG"],
    [" ９１３５０１００Ｍ０００１００Ｙ４３ ", "91350100M000100Y43"],
    ["9144 0300 7152 6726 XG", "9144030071526726XG"],
    ["\u30009111 0000\u3000710926094p", "91110000710926094P"],
  ])("a valid USCC %j is accepted in canonical form %s", (raw, canonical) => {
    expect(parseUscc(raw)).toBe(canonical);
  });

  it.each<[string, string, Rule, string]>([
    ["shorter than 18 characters", "9144030071526726X", "length", "USCC must be 18 characters, got 17"],
    ["longer than 18 characters", "9144030071526726XG1", "length", "USCC must be 18 characters, got 19"],
    ["empty", "   ", "length", "USCC must be 18 characters, got 0"],
    ["containing I", "91350100I000100Y43", "character", 'USCC has invalid character "I" at position 9 (I, O, S, V, Z are not used)'],
    ["containing O", "9O350100M000100Y43", "character", 'USCC has invalid character "O" at position 2 (I, O, S, V, Z are not used)'],
    ["containing S", "S1350100M000100Y43", "character", 'USCC has invalid character "S" at position 1 (I, O, S, V, Z are not used)'],
    ["containing V", "91350100M00010VY43", "character", 'USCC has invalid character "V" at position 15 (I, O, S, V, Z are not used)'],
    ["containing Z", "91350100M000100Z43", "character", 'USCC has invalid character "Z" at position 16 (I, O, S, V, Z are not used)'],
    ["containing punctuation", "9135-100M000100Y43", "character", 'USCC has invalid character "-" at position 5'],
    ["whose check character is Z (not in the alphabet)", "91350100M000100Y4Z", "check", "USCC check character should be 3, got Z"],
    ["whose check character is wrong", "9144030071526726X0", "check", "USCC check character should be G, got 0"],
    ["with two swapped characters", "9144030071526762XG", "check", "USCC check character should be"],
  ])("a USCC %s is rejected with rule %s", (_why, raw, rule, message) => {
    const err = failure(() => parseUscc(raw));
    expect(err.rule).toBe(rule);
    expect(err.message).toContain(message);
  });

  it("a USCC whose check character is wrong is rejected and the expected character is named", () => {
    const err = failure(() => parseUscc("91350100M000100Y4Z"));
    expect(err.rule).toBe("check");
    expect(err.message).toMatch(/should be 3\b/);
  });

  it("the check character is the symbol whose value makes the weighted sum divisible by 31", () => {
    expect(usccCheckChar("9144030071526726X")).toBe("G");
    expect(usccCheckChar("91350100M000100Y4")).toBe("3");
    expect(() => usccCheckChar("9135010")).toThrow(RangeError);
  });

  it("the region is the 6-digit division code at positions 3-8", () => {
    expect(regionOfUscc("91530100MA6K000A0A")).toBe("530100");
  });
});

describe("resident ID (居民身份证号码)", () => {
  it.each([
    ["11010519491231002X", "11010519491231002X"],
    ["530102199001011231", "530102199001011231"],
    ["530102200002290012", "530102200002290012"], // 29 February of a leap year
    ["532501190001010016", "532501190001010016"], // earliest allowed birth date
    ["530102202406011234", "530102202406011234"], // born today
    ["11010519491231002x", "11010519491231002X"],
    ["１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"],
    [" 110105 19491231 002X ", "11010519491231002X"],
  ])("a valid resident ID %j is accepted in canonical form %s", (raw, canonical) => {
    expect(parseResidentId(raw, TODAY)).toBe(canonical);
  });

  it.each<[string, string, Rule, string]>([
    ["shorter than 18 characters", "53010219900101123", "length", "resident ID must be 18 characters, got 17"],
    ["of the first generation (15 digits)", "530102900101123", "length", "15-digit first-generation IDs are not accepted"],
    ["with a letter among the first 17", "5301021990010112A1", "character", 'resident ID has invalid character "A" at position 17'],
    ["with X before position 18", "X30102199001011231", "character", 'invalid character "X" at position 1'],
    ["born on 30 February", "530102199902301236", "date", "resident ID birth date 19990230 (positions 7-14) is not a real date"],
    ["born in month 13", "530102202313011235", "date", "resident ID birth date 20231301 (positions 7-14) is not a real date"],
    ["born on day 00", "530102199001001237", "date", "is not a real date"],
    ["born on 29 February 1900 (not a leap year)", "530102190002291238", "date", "is not a real date"],
    ["born tomorrow", "53010220240602123X", "date", "resident ID birth date 20240602 (positions 7-14) is in the future"],
    ["born before 1900", "530102189912311236", "date", "is before 1900-01-01"],
    ["whose check character should be X", "110105194912310025", "check", "resident ID check character should be X, got 5"],
    ["whose check character is a digit but wrong", "530102199001011235", "check", "resident ID check character should be 1, got 5"],
    ["whose check character is a letter other than X", "53010219900101123A", "check", "resident ID check character should be 1, got A"],
  ])("a resident ID %s is rejected with rule %s", (_why, raw, rule, message) => {
    const err = failure(() => parseResidentId(raw, TODAY));
    expect(err.rule).toBe(rule);
    expect(err.message).toContain(message);
  });

  it("the check character is ISO 7064 MOD 11-2 with 10 written as X", () => {
    expect(residentIdCheckChar("11010519491231002")).toBe("X");
    expect(residentIdCheckChar("53010219900101123")).toBe("1");
  });

  it("a birth date is only 'future' relative to the given today", () => {
    expect(parseResidentId("53010220240602123X", new Date(Date.UTC(2024, 5, 2, 4)))).toBe("53010220240602123X");
  });

  it("the region is the 6-digit division code at positions 1-6", () => {
    expect(regionOfResidentId("530102199001011231")).toBe("530102");
  });

  it.each([
    ["530102199001011234", "530102********1234"],
    ["11010519491231002X", "110105********002X"],
  ])("a resident ID %s is shown masked as %s", (id, masked) => {
    expect(maskPersonId(id)).toBe(masked);
  });
});

describe("vehicle plate (车牌)", () => {
  it.each<[string, string, PlateColor | null | undefined, string]>([
    ["ordinary", "云A12345", "BLUE", "云A12345"],
    ["ordinary with letters", "京BA1B2C", "YELLOW", "京BA1B2C"],
    ["ordinary, colour unknown", "粤Z12345", null, "粤Z12345"],
    ["ordinary, colour not given", "沪C88888", undefined, "沪C88888"],
    ["ordinary white", "琼A12345", "WHITE", "琼A12345"],
    ["ordinary black", "川A12345", "BLACK", "川A12345"],
    ["trailer (挂)", "云A1234挂", "YELLOW", "云A1234挂"],
    ["driving school (学)", "云A1234学", "YELLOW", "云A1234学"],
    ["small new energy, D + digit", "云AD12345", "GREEN", "云AD12345"],
    ["small new energy, F + letter", "云AFA1234", "GREEN", "云AFA1234"],
    ["large new energy", "云A12345D", "YELLOW_GREEN", "云A12345D"],
    ["large new energy, F", "云A12345F", "GREEN", "云A12345F"],
    ["lower case", "云ad12345", "GREEN", "云AD12345"],
    ["full-width and spaces", " 云Ａ １２３４５ ", "BLUE", "云A12345"],
  ])("a valid %s plate %j is accepted as %s", (_why, raw, color, canonical) => {
    expect(parsePlate(raw, color)).toBe(canonical);
  });

  it.each<[string, string, PlateColor | null, Rule, string]>([
    ["too short", "云A1234", null, "length", "got 6"],
    ["too long", "云AD123456", null, "length", "got 9"],
    ["with an unknown province", "滇A12345", null, "character", 'province abbreviation such as 云, got "滇"'],
    ["with a non-mainland region", "港A12345", null, "character", 'got "港"'],
    ["with no province", "AA123456", null, "character", 'got "A"'],
    ["with authority letter I", "云I12345", null, "character", '"I" (I and O are not used)'],
    ["with authority letter O", "云O12345", null, "character", '"O" (I and O are not used)'],
    ["with a digit as authority letter", "云112345", null, "character", "a letter A-Z except I and O"],
    ["with O in the serial", "云A1234O", null, "character", 'invalid character "O" at position 7'],
    ["with I in the serial", "云AI2345", null, "character", 'invalid character "I" at position 3'],
    ["with I in a new-energy serial", "云ADI1234", null, "character", 'invalid character "I" at position 4'],
    ["with 挂 not at the end", "云A挂1234", null, "format", "5 letters or digits"],
    ["with another Chinese suffix", "云A1234警", null, "format", "5 letters or digits"],
    ["of 8 characters that is not new energy", "云AA12345", null, "format", "new-energy plate must be D or F"],
    ["of new energy with a letter at the end", "云AD1234A", null, "format", "new-energy plate must be D or F"],
    ["of new energy coloured BLUE", "云AD12345", "BLUE", "color", "new-energy plate 云AD12345 must be GREEN or YELLOW_GREEN, got BLUE"],
    ["of large new energy coloured YELLOW", "云A12345D", "YELLOW", "color", "must be GREEN or YELLOW_GREEN, got YELLOW"],
    ["ordinary coloured GREEN", "云A12345", "GREEN", "color", "ordinary plate 云A12345 cannot be GREEN"],
    ["of a trailer coloured YELLOW_GREEN", "云A1234挂", "YELLOW_GREEN", "color", "cannot be YELLOW_GREEN"],
    ["with an unknown colour", "云A12345", "PINK" as PlateColor, "color", "plate colour must be one of"],
  ])("a plate %s is rejected with rule %s", (_why, raw, color, rule, message) => {
    const err = failure(() => parsePlate(raw, color));
    expect(err.rule).toBe(rule);
    expect(err.message).toContain(message);
  });
});

describe("vessel identification number (船舶识别号)", () => {
  it.each([
    ["CN12345678901", "CN12345678901"],
    ["cn 1234 5678 901", "CN12345678901"],
    ["ＣＮ１２３４５６７８９０１", "CN12345678901"],
  ])("a valid vessel ID %j is accepted as %s", (raw, canonical) => {
    expect(parseVesselId(raw)).toBe(canonical);
  });

  it.each<[string, string, Rule]>([
    ["with 10 digits", "CN1234567890", "length"],
    ["with 12 digits", "CN123456789012", "length"],
    ["without CN", "12345678901", "length"],
    ["with another country prefix", "US12345678901", "format"],
    ["with a letter among the digits", "CN1234567890A", "format"],
  ])("a vessel ID %s is rejected with rule %s", (_why, raw, rule) => {
    const err = failure(() => parseVesselId(raw));
    expect(err.rule).toBe(rule);
    expect(err.message).toContain("vessel identification number must be CN followed by 11 digits");
  });
});

describe("parseIdentifier", () => {
  it.each([
    ["ORGANIZATION", "9144030071526726xg", "9144030071526726XG"],
    ["PERSON", "11010519491231002x", "11010519491231002X"],
    ["VEHICLE", "云ad12345", "云AD12345"],
    ["VESSEL", "cn12345678901", "CN12345678901"],
  ] as const)("a %s identifier is parsed by the rules of its kind", (kind, raw, canonical) => {
    expect(parseIdentifier(kind, raw)).toBe(canonical);
  });

  it("passes the plate colour and today through", () => {
    expect(failure(() => parseIdentifier("VEHICLE", "云AD12345", { plateColor: "BLUE" })).rule).toBe("color");
    expect(failure(() => parseIdentifier("PERSON", "53010220240602123X", { today: TODAY })).rule).toBe("date");
  });

  it("an identifier of the wrong kind is rejected", () => {
    expect(failure(() => parseIdentifier("PERSON", "9144030071526726XG")).rule).toBe("character");
  });

  it("an unknown subject kind is a BAD_USER_INPUT error", () => {
    const run = () => parseIdentifier("SHIP" as never, "x");
    expect(run).toThrow(AppError);
    expect(run).toThrow(/unknown subject kind/);
  });

  it("an identifier error reaches clients as INVALID_IDENTIFIER with the failed rule", () => {
    const err = failure(() => parseUscc("91350100M000100Y4Z"));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toBeInstanceOf(GraphQLError);
    expect(err.extensions).toMatchObject({ code: "INVALID_IDENTIFIER", rule: "check" });
  });
});

// ---------- properties ----------

const pick = (alphabet: string, n: number) =>
  fc.array(fc.constantFrom(...Array.from(alphabet)), { minLength: n, maxLength: n }).map((a) => a.join(""));
const DIGITS = "0123456789";
const PLATE_ALNUM = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const pad = (n: number, w: number) => String(n).padStart(w, "0");

const validUscc = pick(USCC_ALPHABET, 17).map((s) => s + usccCheckChar(s));

/** Birth dates from 1900-01-01 to TODAY, built from UTC day offsets so no time zone shifts them. */
const birthDate = fc
  .integer({ min: 0, max: Math.round((Date.UTC(2024, 5, 1) - Date.UTC(1900, 0, 1)) / 86_400_000) })
  .map((days) => {
    const d = new Date(Date.UTC(1900, 0, 1) + days * 86_400_000);
    return pad(d.getUTCFullYear(), 4) + pad(d.getUTCMonth() + 1, 2) + pad(d.getUTCDate(), 2);
  });
const validResidentId = fc
  .tuple(pick(DIGITS, 6), birthDate, pick(DIGITS, 3))
  .map(([region, birth, seq]) => region + birth + seq)
  .map((s) => s + residentIdCheckChar(s));

const NEV_COLORS: PlateColor[] = ["GREEN", "YELLOW_GREEN"];
const ORDINARY_COLORS: PlateColor[] = ["BLUE", "YELLOW", "WHITE", "BLACK"];
const plateBody = fc.oneof(
  pick(PLATE_ALNUM, 5).map((b) => ({ b, nev: false })),
  fc.tuple(pick(PLATE_ALNUM, 4), fc.constantFrom("挂", "学")).map(([a, s]) => ({ b: a + s, nev: false })),
  fc.tuple(fc.constantFrom("D", "F"), fc.constantFrom(...PLATE_ALNUM), pick(DIGITS, 4)).map(([a, b, c]) => ({ b: a + b + c, nev: true })),
  fc.tuple(pick(DIGITS, 5), fc.constantFrom("D", "F")).map(([a, b]) => ({ b: a + b, nev: true })),
);
const validPlate = fc
  .tuple(fc.constantFrom(...Array.from("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼")), fc.constantFrom(...Array.from("ABCDEFGHJKLMNPQRSTUVWXYZ")), plateBody)
  .chain(([p, a, { b, nev }]) =>
    fc.record({ plate: fc.constant(p + a + b), color: fc.constantFrom<PlateColor | null>(null, ...(nev ? NEV_COLORS : ORDINARY_COLORS)) }),
  );
const validVessel = pick(DIGITS, 11).map((d) => "CN" + d);

/** Writes a canonical code the way a clerk might: mixed case, full-width, stray spaces. */
const disguised = (code: string) =>
  fc.array(fc.integer({ min: 0, max: 4 }), { minLength: code.length, maxLength: code.length }).map((how) =>
    Array.from(code)
      .map((ch, i) => {
        const ascii = ch.charCodeAt(0) >= 0x21 && ch.charCodeAt(0) <= 0x7e;
        switch (how[i]) {
          case 1: return ch.toLowerCase();
          case 2: return ascii ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch;
          case 3: return " " + ch;
          case 4: return "\u3000" + ch + "\t";
          default: return ch;
        }
      })
      .join(""),
  );

/** A replacement for one position: a symbol of the position's alphabet, printable ASCII, or any code point. */
const replacement = (alphabet: string) =>
  fc.oneof(
    fc.constantFrom(...Array.from(alphabet)),
    fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }),
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  );

function singleChangeIsCaught(valid: fc.Arbitrary<string>, alphabet: string, parse: (s: string) => string) {
  fc.assert(
    fc.property(valid, fc.nat({ max: 17 }), replacement(alphabet), (code, pos, rep) => {
      const cs = Array.from(code);
      const original = cs[pos]!;
      cs[pos] = rep;
      const result = outcome(() => parse(cs.join("")));
      if (normalizeIdentifier(rep) === original) {
        // Same symbol written differently (a, ａ): canonicalisation, not a change.
        expect(result).toBe(code);
      } else {
        // 31 and 11 are prime and no weight is 0 modulo them, so every single substitution
        // breaks the check: a change is never silently accepted, not even as another valid code.
        expect(result).toBeInstanceOf(IdentifierError);
      }
      if (typeof result === "string") expect(parse(result)).toBe(result);
    }),
    { numRuns: 2000 },
  );
}

describe("properties", () => {
  it("every generated valid USCC validates and round-trips, however it is written", () => {
    fc.assert(
      fc.property(validUscc.chain((c) => fc.tuple(fc.constant(c), disguised(c))), ([code, written]) => {
        expect(parseUscc(code)).toBe(code);
        expect(parseUscc(written)).toBe(code);
        expect(parseIdentifier("ORGANIZATION", written)).toBe(code);
      }),
    );
  });

  it("every generated valid resident ID validates and round-trips, however it is written", () => {
    fc.assert(
      fc.property(validResidentId.chain((c) => fc.tuple(fc.constant(c), disguised(c))), ([id, written]) => {
        expect(parseResidentId(id, TODAY)).toBe(id);
        expect(parseResidentId(written, TODAY)).toBe(id);
      }),
    );
  });

  it("every generated valid plate validates with a fitting colour and round-trips", () => {
    fc.assert(
      fc.property(validPlate.chain((p) => fc.tuple(fc.constant(p), disguised(p.plate))), ([{ plate, color }, written]) => {
        expect(parsePlate(plate, color)).toBe(plate);
        expect(parsePlate(written, color)).toBe(plate);
      }),
    );
  });

  it("every generated valid vessel ID validates and round-trips", () => {
    fc.assert(
      fc.property(validVessel.chain((c) => fc.tuple(fc.constant(c), disguised(c))), ([id, written]) => {
        expect(parseVesselId(id)).toBe(id);
        expect(parseVesselId(written)).toBe(id);
      }),
    );
  });

  it("a single changed character of a valid USCC is rejected, never read as another code", () => {
    singleChangeIsCaught(validUscc, USCC_ALPHABET, parseUscc);
  });

  it("a single changed character of a valid resident ID is rejected, never read as another ID", () => {
    singleChangeIsCaught(validResidentId, DIGITS + "X", (s) => parseResidentId(s, TODAY));
  });

  it("canonicalisation is idempotent and leaves no spaces, lower case or full-width ASCII", () => {
    const text = fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme-ascii" }), validUscc.chain(disguised));
    fc.assert(
      fc.property(text, (raw) => {
        const once = normalizeIdentifier(raw);
        expect(normalizeIdentifier(once)).toBe(once);
        expect(once).not.toMatch(/[\s a-z\uFF01-\uFF5E]/);
      }),
      { numRuns: 1000 },
    );
  });

  it("maskPersonId keeps the first 6 and last 4 characters and never reveals the middle", () => {
    fc.assert(
      fc.property(validResidentId, (id) => {
        const masked = maskPersonId(id);
        expect(masked).toBe(id.slice(0, 6) + "********" + id.slice(14));
        expect(masked).not.toContain(id.slice(6, 14));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-ascii", maxLength: 30 }), (s) => {
        const masked = maskPersonId(s);
        expect(masked.length).toBe(s.length);
        if (s.length > 10) {
          expect(masked.slice(0, 6)).toBe(s.slice(0, 6));
          expect(masked.slice(-4)).toBe(s.slice(-4));
          expect(masked.slice(6, -4)).toMatch(/^\*+$/);
        } else {
          expect(masked).toMatch(/^\**$/);
        }
      }),
    );
  });
});
