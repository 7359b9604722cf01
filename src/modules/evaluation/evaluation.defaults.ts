// The default grade scales (信用评价等级) of the evaluation sectors the 2020 work plan names
// ("组织完成 2019 年度全省公路建设市场、水运建设市场、公路水运工程监理和试验检测、道路运输市场、
// 水上交通安全等领域的信用评价工作"), best grade first. Written once into an empty table at start;
// from then on they are data the credit office changes with setGradeScale.

export interface GradeScaleRule { sector: string; name: string; grades: string[]; basis: string }

const HIGHWAY = "《公路施工企业信用评价规则（试行）》（交公路发〔2009〕733号）";
const WATERWAY = "《水运工程施工企业信用评价办法》";
const SUPERVISION = "《公路水运工程监理企业信用评价办法》";
const TESTING = "《公路水运工程试验检测机构信用评价标准》";
const ROAD_TRANSPORT = "《道路运输企业质量信誉考核办法》";
const DRIVERS = "《道路运输驾驶员诚信考核办法》";
const WATER_SAFETY = "《水上交通安全信用评价》（云南省交通运输厅，默认等级，可由信用管理部门调整）";
const WORK_SAFETY = "《交通运输安全生产信用评价》（云南省交通运输厅，默认等级，可由信用管理部门调整）";

/** AA 好, A 较好, B 一般, C 较差, D 差: the construction-market family of scales. */
const AA_TO_D = ["AA", "A", "B", "C", "D"];
/** AAA 优良, AA 合格, A 基本合格, B 不合格: the road transport quality-reputation family. */
const AAA_TO_B = ["AAA", "AA", "A", "B"];

export const DEFAULT_GRADE_SCALES: GradeScaleRule[] = [
  { sector: "HIGHWAY_CONSTRUCTION", name: "公路建设市场", grades: AA_TO_D, basis: HIGHWAY },
  { sector: "WATERWAY_CONSTRUCTION", name: "水运建设市场", grades: AA_TO_D, basis: WATERWAY },
  { sector: "ENGINEERING_SUPERVISION", name: "公路水运工程监理", grades: AA_TO_D, basis: SUPERVISION },
  { sector: "TESTING_INSPECTION", name: "公路水运工程试验检测", grades: AA_TO_D, basis: TESTING },
  { sector: "ROAD_TRANSPORT", name: "道路运输市场", grades: AAA_TO_B, basis: ROAD_TRANSPORT },
  { sector: "DRIVER_SERVICE", name: "道路运输驾驶员服务质量考核", grades: AAA_TO_B, basis: DRIVERS },
  { sector: "WATER_TRAFFIC_SAFETY", name: "水上交通安全", grades: AAA_TO_B, basis: WATER_SAFETY },
  { sector: "WORK_SAFETY", name: "安全生产", grades: AAA_TO_B, basis: WORK_SAFETY },
  // The register's own business lines (subject.sectors) are graded on the road transport scale.
  ...([
    ["ROAD_FREIGHT", "道路货物运输"], ["ROAD_PASSENGER", "道路旅客运输"], ["DANGEROUS_GOODS", "道路危险货物运输"],
    ["DRIVING_SCHOOL", "机动车驾驶员培训"], ["VEHICLE_REPAIR", "机动车维修"],
  ] as const).map(([sector, name]) => ({ sector, name, grades: AAA_TO_B, basis: ROAD_TRANSPORT })),
  { sector: "WATERWAY", name: "水路运输", grades: AAA_TO_B, basis: "《水路运输企业信用评价办法》" },
];
