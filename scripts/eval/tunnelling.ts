/**
 * The DNS tunnelling rule on the shared data. The dataset holds the encoded part of iodine, dnscapy
 * and tuns queries (the tunnel's own domain was cut upstream) and benign popular domains. Here each
 * tool's queries, in order, are put under one parent domain from one instance, 50 queries to a
 * window (a short stretch of a session). Benign windows are the hard case: 50 popular domains as
 * names under one parent (how CDNs name customer sites, e.g. www.example.com.cdn.cloudflare.net):
 * many distinct names under one parent, but chosen ones. Leave-one-tool-out: thresholds are tuned
 * on two tools and half the benign windows, then measured on the third tool and the other half.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { DnsEvent } from "../../src/detection/events.js";
import { accumulateQuery, carriesDecodedData, DEFAULT_TUNNEL_THRESHOLDS, raisesExfiltration, tunnelFeatures, type TunnelPartial, type TunnelThresholds } from "../../src/detection/rules/anomaly/dns-data-exfiltration/rule.js";
import { loadNameReference } from "../../src/reference-data/domain-names.js";

const WINDOW_QUERIES = 50;
const TUNNEL_PARENT = "tunnel-parent.net";
const CDN_PARENT = "cdn-provider.net";
export const TUNNEL_TOOLS = ["iodine", "dnscapy", "tuns"] as const;

/** Resolver logs print bytes outside letters, digits, '-' and '.' as \DDD escapes. */
function asLogged(raw: Buffer): string {
  let out = "";
  for (const byte of raw) {
    const char = String.fromCharCode(byte).toLowerCase();
    out += /[a-z0-9.-]/.test(char) ? char : `\\${String(byte).padStart(3, "0")}`;
  }
  return out;
}

export function readTunnellingQueries(dataDir: string): Map<string, string[]> {
  const raw = readFileSync(path.join(dataDir, "dns-tunneling-queries", "dns_tunneling_queries.csv"));
  const byTool = new Map<string, string[]>();
  let start = raw.indexOf(0x0a) + 1;
  while (start < raw.length) {
    let end = raw.indexOf(0x0a, start);
    if (end < 0) end = raw.length;
    const line = raw.subarray(start, raw[end - 1] === 0x0d ? end - 1 : end);
    const lastComma = line.lastIndexOf(0x2c);
    const toolComma = line.lastIndexOf(0x2c, lastComma - 1);
    if (toolComma > 0) {
      const tool = line.subarray(toolComma + 1, lastComma).toString("latin1");
      byTool.set(tool, [...(byTool.get(tool) ?? []), asLogged(line.subarray(0, toolComma))]);
    }
    start = end + 1;
  }
  return byTool;
}

function query(name: string, index: number): DnsEvent {
  const time = Date.UTC(2026, 2, 1, 12) + index * 1000;
  return { kind: "dns", time, accountId: "111122223333", region: "eu-west-1", queryName: name, answers: [], srcAddr: "10.0.0.5", instanceId: "i-0eval", raw: {}, origin: { object: "eval", line: index } };
}

/** Windows of WINDOW_QUERIES names, each under `parent`, as the rule would fold them. */
function windows(names: string[], parent: string): TunnelPartial[] {
  const out: TunnelPartial[] = [];
  for (let i = 0; i + WINDOW_QUERIES <= names.length; i += WINDOW_QUERIES) {
    const partials = new Map<string, TunnelPartial>();
    names.slice(i, i + WINDOW_QUERIES).forEach((name, j) => accumulateQuery(query(`${name}.${parent}`, j), partials, 3_600_000, loadNameReference().publicSuffixes));
    out.push(...partials.values());
  }
  return out;
}

function rate(windows: TunnelPartial[], thresholds: TunnelThresholds, decides = raisesExfiltration): number {
  return windows.length === 0 ? 0 : windows.filter((w) => decides(w, thresholds)).length / windows.length;
}

/** Mean length and entropy thresholds in the middle of the best region for F1 (benign weighed 20:1). */
export function tuneTunnelThresholds(tunnels: TunnelPartial[], benign: TunnelPartial[]): TunnelThresholds {
  const grid: Array<{ length: number; entropy: number; f1: number }> = [];
  for (let length = 0; length <= 80; length += 2) {
    for (let tenths = 0; tenths <= 60; tenths += 2) {
      const thresholds = { ...DEFAULT_TUNNEL_THRESHOLDS, minMeanLength: length, minMeanEntropy: tenths / 10 };
      const recall = rate(tunnels, thresholds);
      const falseRate = rate(benign, thresholds);
      const precision = recall === 0 ? 0 : recall / (recall + 20 * falseRate);
      grid.push({ length, entropy: tenths / 10, f1: recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) });
    }
  }
  const best = Math.max(...grid.map((point) => point.f1));
  const top = grid.filter((point) => point.f1 === best);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return { ...DEFAULT_TUNNEL_THRESHOLDS, minMeanLength: Math.round(mean(top.map((p) => p.length))), minMeanEntropy: Math.round(mean(top.map((p) => p.entropy)) * 10) / 10 };
}

export type ToolResult = { tool: string; windows: number; thresholds: TunnelThresholds; recallLeftOut: number; recallDefault: number; meanLength: number; meanEntropy: number; decodedWindows: number };

export type TunnellingResult = {
  tools: ToolResult[];
  benignWindows: number;
  benignFlaggedDefault: number;
  benignFlaggedLeftOut: number;
  /** Benign windows with enough names that decode into text or compressed data to raise the finding alone. */
  benignDecoded: number;
  plainDomainsFlagged: number;
  plainDomains: number;
};

export function evaluateTunnelling(dataDir: string): TunnellingResult {
  const byTool = readTunnellingQueries(dataDir);
  const plain = byTool.get("plain") ?? [];
  const benign = windows(plain, CDN_PARENT);
  const benignTune = benign.filter((_, i) => i % 2 === 0);
  const benignTest = benign.filter((_, i) => i % 2 === 1);
  const toolWindows = new Map(TUNNEL_TOOLS.map((tool) => [tool, windows(byTool.get(tool) ?? [], TUNNEL_PARENT)]));
  const tools: ToolResult[] = [];
  let benignLeftOut = 0;
  for (const tool of TUNNEL_TOOLS) {
    const train = TUNNEL_TOOLS.filter((t) => t !== tool).flatMap((t) => toolWindows.get(t)!);
    const thresholds = tuneTunnelThresholds(train, benignTune);
    const own = toolWindows.get(tool)!;
    const features = own.map(tunnelFeatures);
    benignLeftOut += rate(benignTest, thresholds) / TUNNEL_TOOLS.length;
    tools.push({
      tool,
      windows: own.length,
      thresholds,
      recallLeftOut: rate(own, thresholds),
      recallDefault: rate(own, DEFAULT_TUNNEL_THRESHOLDS),
      meanLength: features.reduce((sum, f) => sum + f.meanLength, 0) / Math.max(1, features.length),
      meanEntropy: features.reduce((sum, f) => sum + f.meanEntropy, 0) / Math.max(1, features.length),
      decodedWindows: own.filter((w) => carriesDecodedData(w, DEFAULT_TUNNEL_THRESHOLDS)).length,
    });
  }
  // Popular domains queried as themselves: nothing below the registered domain, so no window at all.
  const direct = new Map<string, TunnelPartial>();
  plain.forEach((name, i) => accumulateQuery(query(name, i), direct, 3_600_000, loadNameReference().publicSuffixes));
  return {
    tools,
    benignWindows: benign.length,
    benignFlaggedDefault: rate(benign, DEFAULT_TUNNEL_THRESHOLDS),
    benignFlaggedLeftOut: benignLeftOut,
    benignDecoded: benign.filter((w) => carriesDecodedData(w, DEFAULT_TUNNEL_THRESHOLDS)).length,
    plainDomains: plain.length,
    plainDomainsFlagged: [...direct.values()].filter((w) => raisesExfiltration(w, DEFAULT_TUNNEL_THRESHOLDS)).length,
  };
}
