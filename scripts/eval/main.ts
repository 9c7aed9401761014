/**
 * Runs Vigil over the labelled public data and prints Markdown (docs/EVALUATION.md): first the
 * issue-15 measurement through `vigil scan`, cold and primed, own and held-out apart (cold-report.ts),
 * then, per finding type, what the event rules expected, found, missed and falsely raised.
 *
 *   npx tsx scripts/eval/main.ts /work/shared/data      (or: npm run eval -- /work/shared/data)
 *   add --throughput for a rough engine throughput measurement (takes a few seconds),
 *   and --catalogue for the finding-type catalogue table (implemented / planned / not possible)
 */
import { loadAwsRanges } from "../../src/reference-data/aws-ranges.js";
import { loadNameReference } from "../../src/reference-data/domain-names.js";
import { findingTypeCatalogue, type CatalogueEntry } from "../../src/detection/catalogue.js";
import { defaultEngine } from "../../src/detection/engine/default-engine.js";
import { DEFAULT_SETTINGS, type DetectionContext } from "../../src/detection/engine/types.js";
import { sharedFeedIndex } from "./feeds.js";
import { evaluateHoneyBucket } from "./honey-bucket.js";
import { markdownTable } from "./markdown.js";
import { evaluateOtrf, readOtrfRecords } from "./otrf.js";
import { evaluatePanther, readPantherCloudTrailCases } from "./panther.js";
import { pantherRecord } from "../../src/detection/testing/panther.js";
import { evaluateStratus, readStratusRecords } from "./stratus.js";
import { sigmaSections } from "./sigma.js";
import { evaluateStratusBaselines } from "./stratus-baselines.js";
import { evaluateDga } from "./dga.js";
import { evaluateDgaHosts } from "./dga-hosts.js";
import { evaluateTunnelling } from "./tunnelling.js";
import { createBaselineEngine } from "../../src/detection/baselines/engine.js";
import { baselineSettings } from "../../src/detection/baselines/state/settings.js";
import { DEFAULT_DGA_THRESHOLD } from "../../src/detection/rules/anomaly/dga-domain-request/name-score.js";
import { DEFAULT_DGA_HOST_SETTINGS } from "../../src/detection/rules/anomaly/dga-domain-request/rule.js";
import { DEFAULT_TUNNEL_THRESHOLDS } from "../../src/detection/rules/anomaly/dns-data-exfiltration/rule.js";
import { offlineGeoLookup } from "../../src/reference-data/geo.js";
import { Tallies, type TypeTally } from "./tally.js";
import { measureThroughput } from "./throughput.js";
import { networkSections } from "./network-report.js";
import { coldSections } from "./cold-report.js";
import type { GeoLookup } from "../../src/detection/geo/geo-lookup.js";
import { buildThreatIndex } from "../../src/detection/intel/index.js";

function tallyRows(tallies: Tallies): string[][] {
  const cells = (label: string, t: TypeTally) => [label, String(t.expected), String(t.found), String(t.missed), String(t.negatives), String(t.falseFindings)];
  const rows = [...tallies.byType].sort(([a], [b]) => a.localeCompare(b)).map(([type, tally]) => cells(type, tally));
  return [...rows, cells("**total**", tallies.total())];
}

/** Vigil-only types (no GuardDuty type of that name) say so first. */
function catalogueNote(entry: CatalogueEntry): string {
  return [entry.vigilOnly ? "Vigil-only type" : "", entry.note ?? ""].filter((part) => part !== "").join("; ");
}

const TALLY_HEADER = ["finding type", "expected", "found", "missed", "labelled negatives", "false findings"];

const percent = (share: number) => `${(100 * share).toFixed(1)} %`;

function precisionRecall(found: number, expected: number, falseFindings: number): [string, string] {
  return [found + falseFindings === 0 ? "–" : percent(found / (found + falseFindings)), expected === 0 ? "–" : percent(found / expected)];
}

/** The behaviour baselines and anomaly models (README "Behaviour baselines"). Geo is loaded: the models read ASN organizations. */
async function baselineSections(dataDir: string, context: DetectionContext): Promise<string[]> {
  const out: string[] = [];
  const baselineContext = { ...context, geo: offlineGeoLookup(), baseline: baselineSettings() };
  const baselineTypes = new Set(createBaselineEngine().findingTypes.map((meta) => meta.type));
  const stratus = await evaluateStratusBaselines(dataDir, defaultEngine(), baselineContext, baselineTypes);
  out.push("### Behaviour baselines: Stratus AnomalousBehavior techniques primed (after a 14-day benign history), the expected type only", "");
  out.push(
    markdownTable(
      ["technique", "expected type", "found", "found when the history has the attacker's address and tool", "other anomaly types raised"],
      stratus.rows.map((row) => [row.technique, row.expected, row.found ? "yes" : "no", row.foundSamePlace ? "yes" : "no", row.raised.join(", ") || "–"]),
    ),
    "",
  );
  const stratusRows = [...stratus.tallies.byType].sort(([a], [b]) => a.localeCompare(b));
  out.push(
    markdownTable(
      ["type", "techniques", "found", "false findings on benign novelty", "precision", "recall"],
      stratusRows.map(([type, t]) => [type, String(t.expected), String(t.found), String(t.falseFindings), ...precisionRecall(t.found, t.expected, t.falseFindings)]),
    ),
    "",
  );
  out.push(
    `Benign novelty (Panther's benign CloudTrail cases replayed as each identity): from its usual address and tool, ${stratus.usualContextFlagged}/${stratus.usualContextEvents} ` +
      `raised an anomaly; from their own addresses and tools, ${stratus.ownContextFlagged}/${stratus.ownContextEvents} (new APIs from new places: what the model is built to report).`,
    "",
  );

  const dga = evaluateDga(dataDir, DEFAULT_DGA_THRESHOLD);
  out.push(`### DGA model (Trojan:EC2/DGADomainRequest.B): maltrail DGA families vs ${dga.benign} benign popular domains, threshold ${DEFAULT_DGA_THRESHOLD} nats`, "");
  out.push(
    markdownTable(
      ["family", "domains", "leave-one-family-out threshold", "recall (left out)", "recall (shipped threshold)"],
      dga.families.map((f) => [f.family, String(f.scored), String(f.threshold), percent(f.recallLeftOut), percent(f.recallDefault)]),
    ),
    "",
  );
  const generated = dga.families.reduce((sum, f) => sum + f.scored, 0);
  const caught = dga.families.reduce((sum, f) => sum + f.recallDefault * f.scored, 0);
  const falseNames = dga.benignFlaggedDefault * dga.benign;
  out.push(
    `Shipped threshold: ${Math.round(caught)}/${generated} generated names caught (recall ${percent(caught / generated)}), ${Math.round(falseNames)}/${dga.benign} benign names flagged ` +
      `(${percent(dga.benignFlaggedDefault)}; precision ${percent(caught / (caught + falseNames))} on this mix, lower where benign names dominate). ` +
      `Left-out thresholds flag ${percent(dga.benignFlaggedLeftOut)} of the other half of the benign names on average.`,
    "",
  );

  const hosts = evaluateDgaHosts(dataDir, dga);
  const h = DEFAULT_DGA_HOST_SETTINGS;
  out.push(
    `### DGA per host (what raises Trojan:EC2/DGADomainRequest.B): one-hour windows; shipped settings evidence ${h.minEvidence} (NXDOMAIN 1, resolved ${h.resolvedWeight}), share ${percent(h.minShare)}`,
    "",
  );
  out.push(
    markdownTable(
      ["family", "infected hosts", "left-out settings (evidence, share)", "found (left out)", "found (shipped)"],
      hosts.families.map((f) => [f.family, String(f.hosts), `${f.settingsLeftOut.minEvidence}, ${percent(f.settingsLeftOut.minShare)}`, String(f.foundLeftOut), String(f.foundShipped)]),
    ),
    "",
  );
  const infectedHosts = hosts.families.reduce((sum, f) => sum + f.hosts, 0);
  const foundLeftOut = hosts.families.reduce((sum, f) => sum + f.foundLeftOut, 0);
  const foundShipped = hosts.families.reduce((sum, f) => sum + f.foundShipped, 0);
  out.push(
    `Benign hosts (${hosts.benignHosts} held-out hosts of 30–300 names from ${hosts.benignNames} popular names): **${hosts.benignFlaggedPer100.toFixed(1)} flagged per 100** with the shipped settings, ` +
      `${hosts.benignFlaggedPer100LeftOut.toFixed(1)} with the left-out ones. Infected hosts found: **${foundLeftOut}/${infectedHosts} (${percent(foundLeftOut / infectedHosts)}) unseen-family**, ` +
      `${foundShipped}/${infectedHosts} with the shipped settings. The grid picks evidence ${hosts.picked.minEvidence}, share ${percent(hosts.picked.minShare)} with every family.`,
    "",
  );

  const tunnels = evaluateTunnelling(dataDir);
  const t = DEFAULT_TUNNEL_THRESHOLDS;
  out.push(
    `### DNS tunnelling (Trojan:EC2/DNSDataExfiltration): windows of 50 queries; shipped thresholds ${t.minDistinct} distinct names, mean length ${t.minMeanLength}, mean entropy ${t.minMeanEntropy} bits`,
    "",
  );
  out.push(
    markdownTable(
      ["tool", "windows", "mean length", "mean entropy (bits)", "leave-one-tool-out thresholds (length, entropy)", "recall (left out)", "recall (shipped)", `windows with ${t.minDecodedNames}+ names that decode`],
      tunnels.tools.map((r) => [r.tool, String(r.windows), r.meanLength.toFixed(1), r.meanEntropy.toFixed(2), `${r.thresholds.minMeanLength}, ${r.thresholds.minMeanEntropy}`, percent(r.recallLeftOut), percent(r.recallDefault), String(r.decodedWindows)]),
    ),
    "",
  );
  out.push(
    `Benign: ${tunnels.benignWindows} windows of 50 popular domains as names under one CDN-like parent: ${percent(tunnels.benignFlaggedDefault)} flagged with the shipped thresholds, ` +
      `${percent(tunnels.benignFlaggedLeftOut)} with the left-out ones (${tunnels.benignDecoded} with names that decode); the ${tunnels.plainDomains} popular domains queried directly: ${tunnels.plainDomainsFlagged} windows flagged.`,
    "",
  );
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dataDir = args.find((arg) => !arg.startsWith("--"));
  if (!dataDir) {
    process.stderr.write("usage: npx tsx scripts/eval/main.ts <shared data folder, e.g. /work/shared/data>\n");
    process.exit(2);
  }
  const engine = defaultEngine();
  // Detection never reads geo (only the finding builder does), so the evaluation skips loading it.
  const geo: GeoLookup = { lookup: () => undefined };
  const context: DetectionContext = {
    intel: buildThreatIndex({ accounts: new Map() }),
    awsRanges: loadAwsRanges(),
    names: loadNameReference(),
    geo,
    settings: DEFAULT_SETTINGS,
  };
  const catalogue = new Map(findingTypeCatalogue().map((entry) => [entry.type, entry]));

  const panther = await evaluatePanther(dataDir, engine, context);
  const stratus = await evaluateStratus(dataDir, engine, context, catalogue);
  const otrf = await evaluateOtrf(dataDir, engine, context);
  const feeds = sharedFeedIndex(dataDir);
  const honey = await evaluateHoneyBucket(dataDir, engine, { ...context, intel: feeds }, (address) => feeds.matchIp("any", address).length > 0);

  const all = new Tallies();
  all.merge(panther.direct);
  all.merge(stratus.tallies);
  all.merge(otrf.tallies);

  const cold = await coldSections(dataDir, engine);
  const out: string[] = [];
  out.push("## Detection evaluation", "");
  out.push(`Data: ${dataDir}. Engine: ${engine.eventRules.length} event rules, ${engine.windowedRules.length} windowed rules, ${catalogue.size} catalogue types.`, "");
  out.push(...cold.headline, ...cold.sections);
  out.push("## Per finding type: event rules on single records or one detonation (no windows across objects; baselines only where said)", "");
  out.push("### All labelled sources (Panther direct cases, Stratus rule/list techniques, OTRF events), cold", "");
  out.push(markdownTable(TALLY_HEADER, tallyRows(all)), "");

  out.push(`### Panther rule tests, CloudTrail (${panther.cases} cases): analog \`direct\`, the analog's own type, cold`, "");
  out.push(markdownTable(TALLY_HEADER, tallyRows(panther.direct)), "");
  out.push(`Records the parser refused (not CloudTrail as AWS writes it): ${panther.unparsed.length ? panther.unparsed.join("; ") : "none"}`, "");
  out.push("Disagreements with direct cases:", "");
  out.push(...(panther.disagreements.length ? panther.disagreements.map((d) => `- ${d}`) : ["- none"]), "");
  out.push("### Panther rule tests, CloudTrail: analog `related`, the analog's own type, cold (information only: GuardDuty uses a model or another scope)", "");
  out.push(markdownTable(TALLY_HEADER, tallyRows(panther.related)), "");
  out.push("Types raised on Panther cases labelled for another type or none (not labelled either way):", "");
  const unlabelled = [...panther.unlabelled].sort(([a], [b]) => a.localeCompare(b));
  out.push(...(unlabelled.length ? unlabelled.map(([type, cases]) => `- ${type}: ${cases.length} (${cases.join("; ")})`) : ["- none"]), "");

  out.push("### Stratus Red Team detonations: the expected GuardDuty type from the event rules, cold", "");
  out.push(
    markdownTable(
      ["technique", "expected GuardDuty type", "method", "events", "yielded", "other types raised"],
      stratus.rows.map((row) => [row.technique, row.expected, row.method, String(row.events), row.yielded, row.otherTypes.join(", ") || "–"]),
    ),
    "",
  );
  out.push(`Techniques mapped to a rule or list type that yield it: ${stratus.ruleTechniquesYielded}/${stratus.ruleTechniques}`, "");

  out.push("### OTRF ec2_proxy_s3_exfiltration, cold", "");
  out.push(markdownTable(TALLY_HEADER, tallyRows(otrf.tallies)), "");
  out.push(`Attack events with the expected finding: ${otrf.attackFound}/${otrf.attackEvents}; benign events with any finding: ${otrf.benignWithFinding}/${otrf.benignEvents}`, "");

  out.push("### OTRF S3 honey bucket (consistency of S3 threat-intel types with the shared lists; no GuardDuty labels)", "");
  out.push(
    `Rows: ${honey.rows}; from an address on IPsum 3+, Tor exits or maltrail mass scanners: ${honey.listedRows}; ` +
      `of those with a finding: ${honey.listedRowsWithFinding}; unlisted rows with a finding: ${honey.unlistedRowsWithFinding}`,
    "",
  );
  out.push(markdownTable(["type raised", "rows"], [...honey.types].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => [type, String(count)])), "");

  out.push(...(await sigmaSections(dataDir, context)));
  out.push(...(await baselineSections(dataDir, context)));
  out.push(...(await networkSections(dataDir, engine, context, args.includes("--throughput"))));

  const total = all.total();
  out.push("### Per-type figures (event rules, cold)", "");
  out.push(`- Panther direct cases agreeing: ${panther.direct.total().found + panther.direct.total().negatives - panther.direct.total().falseFindings}/${panther.direct.total().expected + panther.direct.total().negatives}`);
  out.push(`- Stratus techniques with a rule/list type yielding it: ${stratus.ruleTechniquesYielded}/${stratus.ruleTechniques}`);
  out.push(`- Benign OTRF events with a finding: ${otrf.benignWithFinding}`);
  out.push(`- All labelled sources: ${total.found}/${total.expected} expected found, ${total.falseFindings} false finding(s)`, "");
  if (args.includes("--throughput")) {
    const records = [...readStratusRecords(dataDir), ...readOtrfRecords(dataDir), ...readPantherCloudTrailCases(dataDir).map((c) => pantherRecord(c.log))];
    const t = measureThroughput(records, engine, { ...context, intel: feeds });
    out.push("### Throughput (one core, best of 3; labelled records replayed with distinct ids and caller addresses, shared feeds loaded)", "");
    out.push(
      markdownTable(
        ["events", "average record bytes", "JSON.parse events/s", "normalize events/s", "engine (full catalogue) events/s", "engine / JSON.parse"],
        [[String(t.events), String(t.averageBytes), String(t.jsonParsePerSecond), String(t.normalizePerSecond), String(t.detectPerSecond), (t.detectPerSecond / t.jsonParsePerSecond).toFixed(2)]],
      ),
      "",
    );
  }
  if (args.includes("--catalogue")) {
    out.push("### Finding-type catalogue", "");
    out.push(
      markdownTable(
        ["type", "data source", "method", "severity", "status", "note"],
        [...catalogue.values()].map((entry) => [entry.type, entry.dataSource, entry.method, entry.severity, entry.status, catalogueNote(entry)]),
      ),
      "",
    );
  }
  process.stdout.write(out.join("\n"));
}

main().catch((error: unknown) => {
  process.stderr.write(`eval failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
