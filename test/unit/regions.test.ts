import { describe, expect, it } from "vitest";
import { isRegionPrefix, PREFECTURES, regionName, regionOfPlate } from "../../src/shared/regions.js";

describe("Yunnan regions", () => {
  it("has the 16 prefecture-level units, each with its own plate letter and 2-4 counties inside it", () => {
    expect(PREFECTURES).toHaveLength(16);
    expect(new Set(PREFECTURES.map((p) => p.plateLetter)).size).toBe(16);
    for (const p of PREFECTURES) {
      expect(p.counties.length).toBeGreaterThanOrEqual(2);
      expect(p.counties.length).toBeLessThanOrEqual(4);
      for (const c of p.counties) expect(c.code).toMatch(new RegExp(`^${p.code}[0-9]{2}$`));
    }
  });

  it.each([
    ["530102", "昆明市五华区"],
    ["533103", "德宏傣族景颇族自治州芒市"],
    ["5301", "昆明市"],
    ["532900", "大理白族自治州"],
    ["53", "云南省"],
    ["530000", "云南省"],
    ["530199", null],
    ["5302", null],
    ["110101", null],
    ["53010", null],
    ["abc", null],
  ])("names %s as %s", (code, name) => {
    expect(regionName(code)).toBe(name);
  });

  it.each([
    ["云A12345", "530100"],
    ["云C12345", "530600"],
    ["云L9Y6H4", "532900"],
    ["云aD12345", "530100"],
    ["云B12345", null],
    ["川A12345", null],
    ["", null],
  ])("places plate %s in %s", (plate, region) => {
    expect(regionOfPlate(plate)).toBe(region);
  });

  it("accepts region filters of 2 to 6 digits only", () => {
    for (const s of ["53", "5301", "530102"]) expect(isRegionPrefix(s)).toBe(true);
    for (const s of ["5", "5301021", "53a1", "", " 5301"]) expect(isRegionPrefix(s)).toBe(false);
  });
});
