/** The flow-log and DNS part of `npm run eval`, as Markdown lines. */
import type { DetectionEngine } from "../../src/detection/engine/engine.js";
import type { DetectionContext } from "../../src/detection/engine/types.js";
import { markdownTable } from "./markdown.js";
import { evaluateNetwork, measureFlowThroughput } from "./network.js";

export async function networkSections(dataDir: string, engine: DetectionEngine, context: DetectionContext, throughput: boolean): Promise<string[]> {
  const result = await evaluateNetwork(dataDir, engine, context);
  const out: string[] = [];
  out.push("### VPC Flow Logs and DNS: records built from the shared lists and from attack and workload patterns", "");
  out.push(
    `${result.cases} cases, ${result.events} events, each case's objects parsed and run batch by batch with the window store. Indicators come from the ` +
      "shared lists (maltrail C2/mining/DGA/scanners, ThreatFox, NoCoin, Tor exits, IPsum); patterns (scans, sweeps, brute force, floods, relays, " +
      "workloads) are generated with a fixed seed. Benign DNS cases are the tunnelling dataset's `plain` domains and its tunnelling queries under a neutral parent. " +
      "Labelled negatives: the benign cases of the type's data source; false findings: the type raised where a case neither expects nor tolerates it. " +
      "No shared list publishes black-hole, drop-point, phishing or drive-by addresses or domains: those types are only exercised through GuardDuty's test names.",
    "",
  );
  const rows = [...result.tallies.byType].sort(([a], [b]) => a.localeCompare(b));
  out.push(
    markdownTable(
      ["finding type", "expected", "found", "missed", "labelled negatives", "false findings"],
      rows.map(([type, t]) => [type, String(t.expected), String(t.found), String(t.missed), String(t.negatives), String(t.falseFindings)]),
    ),
    "",
  );
  out.push(markdownTable(["case family", "cases", "raised exactly what they should"], [...result.families].map(([family, f]) => [family, String(f.cases), String(f.right)])), "");
  if (throughput) {
    const t = await measureFlowThroughput(dataDir, engine, context);
    out.push("### Throughput on flow events (one core, best of 3; the flow cases' events in batches of 1,000, every rule, shared lists loaded)", "");
    out.push(
      markdownTable(
        ["events", "engine events/s (event rules + window folding)", "with window merge and crossing decisions (in-process store)"],
        [[String(t.events), String(t.detectOnlyPerSecond), String(t.eventsPerSecond)]],
      ),
      "",
    );
  }
  return out;
}
