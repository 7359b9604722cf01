/**
 * Yunnan's administrative divisions as the register uses them: the 16 prefecture-level units
 * (with their plate letters) and a few real county-level units of each. Region filters match
 * by code prefix, so this table only names codes; it never decides whether a code may be used.
 * Pure data and lookups; a bad region filter is BAD_USER_INPUT.
 */
import { AppError } from "./errors.js";
import { msg } from "./i18n/index.js";

export interface County {
  /** 6-digit code, e.g. "530102". */
  code: string;
  name: string;
}

export interface Prefecture {
  /** 4-digit prefix, e.g. "5301"; the prefecture's own 6-digit code is this + "00". */
  code: string;
  name: string;
  shortName: string;
  /** Second character of the prefecture's vehicle plates: 云A is Kunming. */
  plateLetter: string;
  counties: readonly County[];
}

export const PROVINCE = { code: "53", name: "云南省" } as const;

const c = (code: string, name: string): County => ({ code, name });

export const PREFECTURES: readonly Prefecture[] = [
  { code: "5301", name: "昆明市", shortName: "昆明", plateLetter: "A",
    counties: [c("530102", "五华区"), c("530103", "盘龙区"), c("530111", "官渡区"), c("530112", "西山区")] },
  { code: "5303", name: "曲靖市", shortName: "曲靖", plateLetter: "D",
    counties: [c("530302", "麒麟区"), c("530303", "沾益区"), c("530381", "宣威市")] },
  { code: "5304", name: "玉溪市", shortName: "玉溪", plateLetter: "F",
    counties: [c("530402", "红塔区"), c("530403", "江川区"), c("530423", "通海县")] },
  { code: "5305", name: "保山市", shortName: "保山", plateLetter: "M",
    counties: [c("530502", "隆阳区"), c("530521", "施甸县"), c("530581", "腾冲市")] },
  { code: "5306", name: "昭通市", shortName: "昭通", plateLetter: "C",
    counties: [c("530602", "昭阳区"), c("530621", "鲁甸县"), c("530681", "水富市")] },
  { code: "5307", name: "丽江市", shortName: "丽江", plateLetter: "P",
    counties: [c("530702", "古城区"), c("530721", "玉龙纳西族自治县"), c("530722", "永胜县")] },
  { code: "5308", name: "普洱市", shortName: "普洱", plateLetter: "J",
    counties: [c("530802", "思茅区"), c("530821", "宁洱哈尼族彝族自治县"), c("530828", "澜沧拉祜族自治县")] },
  { code: "5309", name: "临沧市", shortName: "临沧", plateLetter: "S",
    counties: [c("530902", "临翔区"), c("530921", "凤庆县"), c("530922", "云县")] },
  { code: "5323", name: "楚雄彝族自治州", shortName: "楚雄", plateLetter: "E",
    counties: [c("532301", "楚雄市"), c("532325", "姚安县"), c("532329", "武定县")] },
  { code: "5325", name: "红河哈尼族彝族自治州", shortName: "红河", plateLetter: "G",
    counties: [c("532501", "个旧市"), c("532502", "开远市"), c("532503", "蒙自市"), c("532504", "弥勒市")] },
  { code: "5326", name: "文山壮族苗族自治州", shortName: "文山", plateLetter: "H",
    counties: [c("532601", "文山市"), c("532622", "砚山县"), c("532627", "广南县")] },
  { code: "5328", name: "西双版纳傣族自治州", shortName: "西双版纳", plateLetter: "K",
    counties: [c("532801", "景洪市"), c("532822", "勐海县"), c("532823", "勐腊县")] },
  { code: "5329", name: "大理白族自治州", shortName: "大理", plateLetter: "L",
    counties: [c("532901", "大理市"), c("532923", "祥云县"), c("532924", "宾川县")] },
  { code: "5331", name: "德宏傣族景颇族自治州", shortName: "德宏", plateLetter: "N",
    counties: [c("533102", "瑞丽市"), c("533103", "芒市"), c("533123", "盈江县")] },
  { code: "5333", name: "怒江傈僳族自治州", shortName: "怒江", plateLetter: "Q",
    counties: [c("533301", "泸水市"), c("533323", "福贡县"), c("533325", "兰坪白族普米族自治县")] },
  { code: "5334", name: "迪庆藏族自治州", shortName: "迪庆", plateLetter: "R",
    counties: [c("533401", "香格里拉市"), c("533422", "德钦县"), c("533423", "维西傈僳族自治县")] },
];

const byPrefix = new Map(PREFECTURES.map((p) => [p.code, p]));
const byPlateLetter = new Map(PREFECTURES.map((p) => [p.plateLetter, p]));
const countyByCode = new Map(PREFECTURES.flatMap((p) => p.counties.map((k) => [k.code, { prefecture: p, county: k }] as const)));

/**
 * Display name of a region code: "昆明市五华区" for a known county, "昆明市" for a prefecture
 * ("5301" or "530100"), "云南省" for "53" or "530000"; null for anything it does not know.
 */
export function regionName(code: string): string | null {
  if (code === PROVINCE.code || code === `${PROVINCE.code}0000`) return PROVINCE.name;
  if (/^[0-9]{4}$/.test(code)) return byPrefix.get(code)?.name ?? null;
  if (!/^[0-9]{6}$/.test(code)) return null;
  if (code.endsWith("00")) return byPrefix.get(code.slice(0, 4))?.name ?? null;
  const hit = countyByCode.get(code);
  return hit ? hit.prefecture.name + hit.county.name : null;
}

/** The 6-digit prefecture code ("530100") of a Yunnan plate such as 云A12345; null otherwise. */
export function regionOfPlate(plate: string): string | null {
  const cs = Array.from(plate.trim());
  if (cs[0] !== "云" || cs.length < 2) return null;
  const prefecture = byPlateLetter.get(cs[1]!.toUpperCase());
  return prefecture ? `${prefecture.code}00` : null;
}

/** A region filter is a code prefix of 2 to 6 digits ("53", "5301", "530102"). */
export function isRegionPrefix(s: string): boolean {
  return /^[0-9]{2,6}$/.test(s);
}

/** A region filter is a prefix of a 6-digit division code: 53 (Yunnan), 5301 (Kunming), 530102. */
export function checkRegion(region: string | null | undefined): string | null {
  if (region == null) return null;
  if (!isRegionPrefix(region)) {
    throw new AppError("BAD_USER_INPUT", msg("error.region", { region }));
  }
  return region;
}
