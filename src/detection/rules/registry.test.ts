/**
 * A rule is one folder (rules/<kind>/<rule id>/ with meta.ts and rule.ts), registered once in index.ts.
 * A folder may hold a family's event rule and its windowed twin: the twin's id is "<folder>.<part>".
 * This fails when a folder is added but not registered, or when a meta leaves out what the catalogue,
 * the finding builder and the console show.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { BASELINE_MODELS } from "../baselines/engine.js";
import type { FindingTypeMeta } from "../engine/types.js";
import { EVENT_RULES, WINDOWED_RULES } from "./index.js";

const RULES_DIR = __dirname;

function subfolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

/** Every rules/<kind>/<folder>/ holding a rule.ts, as "<kind>/<folder>". */
function ruleFolders(): string[] {
  return subfolders(RULES_DIR).flatMap((kind) =>
    subfolders(join(RULES_DIR, kind))
      .filter((folder) => existsSync(join(RULES_DIR, kind, folder, "rule.ts")))
      .map((folder) => `${kind}/${folder}`),
  );
}

const REGISTERED = [...EVENT_RULES, ...WINDOWED_RULES];

/** The folder a rule id names: "ec2-password-data.burst" lives in ec2-password-data/. */
const folderOf = (id: string) => id.split(".")[0];

const DATA_SOURCES = ["CLOUD_TRAIL", "S3_DATA_EVENTS", "VPC_FLOW_LOGS", "DNS_QUERY_LOGS"];
const METHODS = ["TI", "CUST", "RULE", "TI+RULE", "RULE+ML", "ML", "REP", "ML/RULE", "RULE/ML", "ML (geo)", "UNKNOWN"];

/** What is missing or malformed in a meta; empty when it is complete. */
function metaProblems(meta: FindingTypeMeta): string[] {
  const problems: string[] = [];
  if (!/^[A-Za-z]+:[A-Za-z0-9]+\/[A-Za-z0-9.!&]+$/.test(meta.type)) problems.push("type is not ThreatPurpose:ResourceType/Name");
  if (!(meta.severity >= 1 && meta.severity <= 10)) problems.push("severity outside 1-10");
  if (!DATA_SOURCES.includes(meta.dataSource)) problems.push("unknown data source");
  if (!METHODS.includes(meta.method)) problems.push("unknown method");
  if (!["Instance", "AccessKey", "S3Bucket"].includes(meta.resourceType)) problems.push("unknown resource type");
  if (!["TARGET", "ACTOR"].includes(meta.resourceRole)) problems.push("unknown resource role");
  for (const field of ["title", "description", "aggregation"] as const) if (!meta[field]?.trim()) problems.push(`no ${field}`);
  if (!meta.mitre?.tactic?.trim()) problems.push("no MITRE tactic");
  if (!/^T\d{4}(\.\d{3})? \S/.test(meta.mitre?.technique ?? "")) problems.push("no MITRE technique (T#### Name)");
  if (meta.severityVaries !== undefined && !meta.severityVaries.trim()) problems.push("empty severityVaries");
  if (meta.catalogueNote !== undefined && !meta.catalogueNote.trim()) problems.push("empty catalogueNote");
  return problems;
}

describe("rule registry", () => {
  it("finds the rule folders (the scan itself works)", () => {
    expect(ruleFolders()).toEqual(expect.arrayContaining(["cloudtrail/root-credential-usage", "flow/portscan", "dns/threat-intel-domain", "anomaly/dga-domain-request"]));
  });

  it("registers every rule folder, under its folder name", () => {
    const ids = new Set(REGISTERED.map((rule) => folderOf(rule.id)));
    const unregistered = ruleFolders().filter((folder) => !ids.has(folder.split("/")[1]));
    expect(unregistered).toEqual([]);
  });

  it("registers each rule once, and only rules that have a folder", () => {
    const ids = REGISTERED.map((rule) => rule.id);
    expect(ids.length).toBe(new Set(ids).size);
    const folders = new Set(ruleFolders().map((folder) => folder.split("/")[1]));
    expect(ids.filter((id) => !folders.has(folderOf(id)))).toEqual([]);
  });

  it("keeps each rule's metas in its own folder's meta.ts", () => {
    const withoutMeta = ruleFolders().filter((folder) => !existsSync(join(RULES_DIR, folder, "meta.ts")));
    expect(withoutMeta).toEqual([]);
  });

  it("gives every finding type of every rule and baseline model a complete meta", () => {
    const incomplete = [...REGISTERED, ...BASELINE_MODELS]
      .flatMap((source) => source.findingTypes)
      .map((meta) => [meta.type, metaProblems(meta)] as const)
      .filter(([, problems]) => problems.length > 0);
    expect(incomplete).toEqual([]);
  });

  it("refuses an incomplete meta (the check itself works)", () => {
    const [meta] = EVENT_RULES[0].findingTypes;
    expect(metaProblems(meta)).toEqual([]);
    expect(metaProblems({ ...meta, mitre: { tactic: "Impact", technique: "" }, description: " " })).toEqual(["no description", "no MITRE technique (T#### Name)"]);
  });

  it("declares each rule's finding types consistently: one data source and method per type", () => {
    const byType = new Map<string, Set<string>>();
    for (const meta of [...REGISTERED, ...BASELINE_MODELS].flatMap((source) => source.findingTypes)) {
      byType.set(meta.type, (byType.get(meta.type) ?? new Set()).add(`${meta.dataSource} ${meta.method}`));
    }
    expect([...byType].filter(([, declared]) => declared.size > 1)).toEqual([]);
  });
});
