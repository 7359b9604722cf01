/**
 * Word lists of the synthetic register: Chinese names of people, organizations, vehicles and
 * vessels, and the contact details around them. Data only, plus tiny helpers that draw from it.
 */
import type { Prefecture } from "../shared/regions.js";
import type { Rng } from "./codes.js";

export const SURNAMES = Array.from(
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢钟姜崔谭陆范金石廖贾夏韦付方白邹孟熊秦",
).concat(["字", "普", "者", "刀", "岩", "段", "尹", "杞", "和", "木"]);

export const GIVEN_NAME_CHARS = Array.from(new Set(
  "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力斌宇浩凯鹏飞云波俊峰宁海林" +
  "东志春雪梅琳晶颖丹婷慧燕荣新国庆永福德成龙兵松健康宏亮光斌锋泽鑫睿博瑞佳欣怡悦雨晨阳昊" +
  "思远航嘉琪琦璐露倩蕾莉蓉菊兴旺贵富才顺发财金银玲凤兆祥瑜瑶珍翠永春正清学江河山石元昌" +
  "晓秋冬彬帆毅诚霖涵轩萱妍琴勤武莹洁岚蓓桐楠琼艺宸",
));

export function personName(rng: Rng): string {
  const given = rng.chance(0.3) ? rng.pick(GIVEN_NAME_CHARS) : rng.pick(GIVEN_NAME_CHARS) + rng.pick(GIVEN_NAME_CHARS);
  return rng.pick(SURNAMES) + given;
}

/** 字号: the distinctive part of an organization's name. */
export const TRADE_NAMES = [
  "滇运", "苍洱", "澜沧江", "顺达", "通衢", "恒通", "安达", "兴隆", "鸿运", "金马", "碧鸡", "春城", "滇池", "云岭",
  "彩云", "高原", "红土", "七彩", "金沙", "南盘", "哀牢", "乌蒙", "玉龙", "雪山", "洱海", "抚仙", "茶马", "普洱",
  "孔雀", "傣乡", "边陲", "瑞通", "捷达", "迅达", "畅通", "平安", "吉祥", "众诚", "诚信", "宏远", "远航", "新锐",
  "昌盛", "丰华", "德隆", "鑫源", "泰和", "华安", "天马", "中通", "东骏", "西驰", "南方", "北辰", "驼峰", "三江",
  "九龙", "万家", "长运", "快捷", "永安", "盛世",
];

/** A line of business: the words in the name, the register sector, and who it is. */
export interface Business {
  words: string;
  sector: string;
  waterway?: boolean;
}

export const BUSINESSES: readonly (readonly [Business, number])[] = [
  [{ words: "物流", sector: "ROAD_FREIGHT" }, 14],
  [{ words: "汽车运输", sector: "ROAD_FREIGHT" }, 12],
  [{ words: "货运", sector: "ROAD_FREIGHT" }, 12],
  [{ words: "运输", sector: "ROAD_FREIGHT" }, 8],
  [{ words: "供应链管理", sector: "ROAD_FREIGHT" }, 3],
  [{ words: "客运", sector: "ROAD_PASSENGER" }, 7],
  [{ words: "旅游汽车", sector: "ROAD_PASSENGER" }, 4],
  [{ words: "出租汽车", sector: "ROAD_PASSENGER" }, 4],
  [{ words: "公共交通", sector: "ROAD_PASSENGER" }, 1],
  [{ words: "危险货物运输", sector: "DANGEROUS_GOODS" }, 5],
  [{ words: "化工物流", sector: "DANGEROUS_GOODS" }, 2],
  [{ words: "航运", sector: "WATERWAY", waterway: true }, 2],
  [{ words: "船务", sector: "WATERWAY", waterway: true }, 1],
  [{ words: "驾驶员培训", sector: "DRIVING_SCHOOL" }, 6],
  [{ words: "机动车维修", sector: "VEHICLE_REPAIR" }, 10],
  [{ words: "汽车服务", sector: "VEHICLE_REPAIR" }, 4],
  [{ words: "公路工程", sector: "HIGHWAY_CONSTRUCTION" }, 5],
  [{ words: "路桥建设", sector: "HIGHWAY_CONSTRUCTION" }, 2],
];

export const COMPANY_SUFFIXES: readonly (readonly [string, number])[] = [["有限公司", 70], ["有限责任公司", 25], ["股份有限公司", 5]];

/** 个体工商户 trade names by sector: "{county}{字号}{this}". */
export const SOLE_TRADER_SUFFIX: Record<string, string> = {
  ROAD_FREIGHT: "货运部", ROAD_PASSENGER: "客运服务部", DANGEROUS_GOODS: "货运部", WATERWAY: "船运部",
  DRIVING_SCHOOL: "驾驶培训服务部", VEHICLE_REPAIR: "汽车修理厂", HIGHWAY_CONSTRUCTION: "工程队",
};

const ROADS = [
  "人民路", "北京路", "环城南路", "滇池路", "青年路", "东风路", "金碧路", "西昌路", "白塔路", "建设路",
  "解放路", "南屏街", "学府路", "世纪大道", "迎宾路", "朝阳路", "文化路", "珠江路", "民航路", "春城路",
  "兴华街", "长虹路", "胜利路", "新华路", "银河路", "龙泉路", "景星街", "和平路", "沿江路", "站前路",
];

/** Telephone area codes (区号) of the prefectures. */
const AREA_CODES: Record<string, string> = {
  "5301": "0871", "5303": "0874", "5304": "0877", "5305": "0875", "5306": "0870", "5307": "0888",
  "5308": "0879", "5309": "0883", "5323": "0878", "5325": "0873", "5326": "0876", "5328": "0691",
  "5329": "0872", "5331": "0692", "5333": "0886", "5334": "0887",
};

/** One-character abbreviations used in document numbers (文号), e.g. 昆交许. */
export const DOC_ABBREVIATIONS: Record<string, string> = {
  "5301": "昆", "5303": "曲", "5304": "玉", "5305": "保", "5306": "昭", "5307": "丽", "5308": "普", "5309": "临",
  "5323": "楚", "5325": "红", "5326": "文", "5328": "版", "5329": "理", "5331": "德", "5333": "怒", "5334": "迪",
};

const digits = (rng: Rng, n: number): string => {
  let s = "";
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
};

export function landline(rng: Rng, prefecture: Prefecture): string {
  const area = AREA_CODES[prefecture.code]!;
  // Kunming has 8-digit local numbers (6x xxxxxx); the other prefectures 7.
  return area === "0871" ? `${area}-6${rng.int(3, 8)}${digits(rng, 6)}` : `${area}-${rng.int(2, 8)}${digits(rng, 6)}`;
}

export function mobile(rng: Rng): string {
  return `1${rng.int(3, 9)}${digits(rng, 9)}`;
}

export function address(rng: Rng, prefecture: Prefecture, countyName: string): string {
  return `云南省${prefecture.name}${countyName}${rng.pick(ROADS)}${rng.int(1, 399)}号`;
}

/** A vehicle type in the register: what it is, its plate space and colour, its sector. */
export interface VehicleType {
  names: readonly string[];
  space: "ORDINARY" | "TRAILER" | "NEV_SMALL" | "NEV_LARGE";
  color: "YELLOW" | "BLUE" | "GREEN" | "YELLOW_GREEN";
  sector: string;
  freight: boolean;
}

const vt = (names: string[], space: VehicleType["space"], color: VehicleType["color"], sector: string, freight: boolean): VehicleType =>
  ({ names, space, color, sector, freight });

const TRACTOR = vt(["重型半挂牵引车"], "ORDINARY", "YELLOW", "ROAD_FREIGHT", true);
const TRUCK = vt(["重型厢式货车", "重型仓栅式货车", "重型自卸货车", "中型厢式货车", "重型普通货车"], "ORDINARY", "YELLOW", "ROAD_FREIGHT", true);
const TRAILER = vt(["重型普通半挂车", "重型仓栅式半挂车", "重型厢式半挂车"], "TRAILER", "YELLOW", "ROAD_FREIGHT", true);
const TANKER = vt(["重型罐式货车", "重型罐式半挂牵引车"], "ORDINARY", "YELLOW", "DANGEROUS_GOODS", true);
const COACH = vt(["大型普通客车", "中型普通客车"], "ORDINARY", "YELLOW", "ROAD_PASSENGER", false);
const TAXI = vt(["小型轿车", "小型普通客车"], "ORDINARY", "BLUE", "ROAD_PASSENGER", false);
const NEV_TAXI = vt(["纯电动小型轿车", "插电式混合动力小型轿车"], "NEV_SMALL", "GREEN", "ROAD_PASSENGER", false);
const NEV_BUS = vt(["纯电动城市客车", "纯电动大型普通客车"], "NEV_LARGE", "YELLOW_GREEN", "ROAD_PASSENGER", false);

/** Vehicle types by slot: a vehicle's ordinal modulo 20 decides its type, so plate spaces stay dense. */
export const VEHICLE_SLOTS: readonly VehicleType[] = [
  TRACTOR, TRUCK, TRAILER, TRACTOR, TANKER, TRUCK, COACH, TAXI, TRACTOR, NEV_TAXI,
  TRUCK, TRAILER, TRACTOR, TRUCK, TANKER, COACH, NEV_TAXI, TAXI, NEV_BUS, TRUCK,
];

/** Waterways of Yunnan with the prefectures on them and the vessel-name prefix used there. */
export const WATERS: readonly { prefecture: string; prefix: string; weight: number }[] = [
  { prefecture: "5328", prefix: "澜沧江", weight: 5 }, { prefecture: "5308", prefix: "滇普", weight: 2 },
  { prefecture: "5309", prefix: "滇临", weight: 2 }, { prefecture: "5301", prefix: "滇昆", weight: 4 },
  { prefecture: "5329", prefix: "滇洱", weight: 4 }, { prefecture: "5304", prefix: "滇玉", weight: 2 },
  { prefecture: "5307", prefix: "滇丽", weight: 2 }, { prefecture: "5306", prefix: "金沙江", weight: 3 },
  { prefecture: "5334", prefix: "滇迪", weight: 1 }, { prefecture: "5333", prefix: "怒江", weight: 1 },
];

/** A penalty's facts: what was done, under which provision, in which field, and the fines seen for it. */
export interface Violation {
  content: string;
  basis: string;
  field: string;
  fines: readonly number[];
  /** "KIND:SECTOR" pairs it applies to; "*" matches any. */
  applies: readonly string[];
}

export const OVERLOAD: Violation = {
  content: "违法超限运输，车货总质量超过公路限定标准", basis: "《公路安全保护条例》第六十六条", field: "路政管理",
  fines: [500, 1000, 3000, 5000, 10000, 20000, 30000], applies: ["*:ROAD_FREIGHT", "*:DANGEROUS_GOODS"],
};

const VIOLATIONS: readonly Violation[] = [
  OVERLOAD,
  { content: "未取得道路运输经营许可，擅自从事道路运输经营", basis: "《中华人民共和国道路运输条例》第六十三条", field: "道路运输",
    fines: [10000, 20000, 30000, 50000], applies: ["ORGANIZATION:ROAD_FREIGHT", "ORGANIZATION:ROAD_PASSENGER", "VEHICLE:*", "PERSON:ROAD_PASSENGER"] },
  { content: "客运车辆不按批准的客运站点停靠或者不按规定的线路、班次行驶", basis: "《中华人民共和国道路运输条例》第六十八条",
    field: "道路运输", fines: [1000, 2000, 3000], applies: ["*:ROAD_PASSENGER"] },
  { content: "巡游出租汽车驾驶员拒载、议价或者未按规定使用计程计价设备", basis: "《巡游出租汽车经营服务管理规定》第四十八条",
    field: "道路运输", fines: [200, 500], applies: ["PERSON:ROAD_PASSENGER", "VEHICLE:ROAD_PASSENGER"] },
  { content: "驾驶员连续驾驶时间超过4小时未停车休息", basis: "《道路旅客运输及客运站管理规定》第九十五条", field: "安全生产",
    fines: [200, 500, 1000], applies: ["PERSON:ROAD_PASSENGER", "PERSON:ROAD_FREIGHT"] },
  { content: "未按规定对从业人员进行安全生产教育和培训", basis: "《中华人民共和国安全生产法》第九十七条", field: "安全生产",
    fines: [10000, 20000, 50000], applies: ["ORGANIZATION:*"] },
  { content: "未采取措施消除事故隐患", basis: "《中华人民共和国安全生产法》第一百零二条", field: "安全生产",
    fines: [20000, 50000], applies: ["ORGANIZATION:*"] },
  { content: "运输危险化学品未配备押运人员", basis: "《危险化学品安全管理条例》第八十八条", field: "安全生产",
    fines: [50000, 80000, 100000], applies: ["*:DANGEROUS_GOODS"] },
  { content: "道路运输车辆未按规定安装或者使用卫星定位装置", basis: "《道路运输车辆动态监督管理办法》第三十七条", field: "道路运输",
    fines: [800, 2000, 3000], applies: ["ORGANIZATION:ROAD_FREIGHT", "ORGANIZATION:ROAD_PASSENGER", "VEHICLE:*"] },
  { content: "机动车维修经营者未按规定建立机动车维修档案", basis: "《机动车维修管理规定》第五十一条", field: "道路运输",
    fines: [1000, 3000], applies: ["*:VEHICLE_REPAIR"] },
  { content: "机动车驾驶员培训机构未按照全国统一的教学大纲进行培训", basis: "《机动车驾驶员培训管理规定》第五十一条",
    field: "道路运输", fines: [1000, 3000, 5000], applies: ["*:DRIVING_SCHOOL"] },
  { content: "施工单位未按照规定进行工程质量检验", basis: "《公路水运工程质量监督管理规定》第四十一条", field: "工程质量",
    fines: [50000, 100000, 200000], applies: ["*:HIGHWAY_CONSTRUCTION"] },
  { content: "船舶未按规定配备足额合格船员", basis: "《中华人民共和国内河交通安全管理条例》第六十八条", field: "水上交通安全",
    fines: [2000, 5000, 10000], applies: ["*:WATERWAY"] },
  { content: "船舶超载运输旅客或者货物", basis: "《中华人民共和国内河交通安全管理条例》第八十一条", field: "水上交通安全",
    fines: [5000, 10000, 20000], applies: ["*:WATERWAY"] },
];

const violationCache = new Map<string, readonly Violation[]>();

/** The violations a subject of this kind and sector can commit. */
export function violationsFor(kind: string, sector: string): readonly Violation[] {
  const key = `${kind}:${sector}`;
  let hit = violationCache.get(key);
  if (!hit) {
    const ok = (a: string): boolean => a === key || a === `*:${sector}` || a === `${kind}:*`;
    hit = VIOLATIONS.filter((v) => v.applies.some(ok));
    violationCache.set(key, hit.length > 0 ? hit : [VIOLATIONS[1]!]);
    hit = violationCache.get(key)!;
  }
  return hit;
}
