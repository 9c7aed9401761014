import { readFileSync } from "node:fs";
import path from "node:path";
import type { DnsEvent } from "../../../events.js";
import type { FindingCandidate } from "../../../engine/types.js";
import { MemoryWindowStore } from "../../../engine/windows.js";
import { testContext } from "../../../testing/cloudtrail.js";
import { PROJECT_ROOT } from "../../../../paths.js";
import { CharacterModel } from "../../../names/character-model.js";
import { loadNameReference } from "../../../../reference-data/domain-names.js";
import { evidenceCounts, LISTED_NAMES, mergeEvidence, type DgaHostEvidence } from "./host-evidence.js";
import { dgaScore, DEFAULT_DGA_THRESHOLD } from "./name-score.js";
import { accumulateDgaQuery, dgaDomainRequest as rule, DEFAULT_DGA_HOST_SETTINGS } from "./rule.js";

const T0 = Date.UTC(2026, 2, 1, 12);
const context = testContext();

function query(queryName: string, second: number, rcode = "NOERROR", instanceId = "i-0abc"): DnsEvent {
  return { kind: "dns", time: T0 + second * 1000, accountId: "111122223333", region: "eu-west-1", queryName, rcode, answers: [], srcAddr: "10.0.0.5", instanceId, raw: {}, origin: { object: "dns.log", line: second } };
}

/** Folds batches through the in-memory window store and decides after each, as `vigil scan` does. */
function run(batches: DnsEvent[][]): FindingCandidate[] {
  const store = new MemoryWindowStore([rule]);
  const found: FindingCandidate[] = [];
  for (const batch of batches) {
    const partials = new Map<string, DgaHostEvidence>();
    for (const event of batch) rule.accumulate(event, context, partials);
    const merged = store.merge(new Map([[rule.id, partials as Map<string, unknown>]]));
    for (const [key, value] of merged.get(rule.id) ?? []) rule.decide(key, value as DgaHostEvidence, context, (c) => found.push(c));
  }
  return found;
}

const sample = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "test", "fixtures", "baselines", "maltrail-dga-sample.json"), "utf8")) as Record<string, string[]>;
const isGenerated = (name: string) => (dgaScore(name, loadNameReference())?.score ?? 0) >= DEFAULT_DGA_THRESHOLD;
const flagged = (names: string[]) => names.filter(isGenerated).length;
/** Distinct registered domains of the sample that score as generated. */
const generatedNames = [...new Set([...sample.dircrypt, ...sample.tinba, ...sample.ramnit, ...sample.cryptolocker])].filter(isGenerated);

const ORDINARY = [
  "www.google.com", "en.wikipedia.org", "news.bbc.co.uk", "www.yahoo.co.jp", "stackoverflow.com", "d3c33hcgiwev3.cloudfront.net",
  "s3.eu-west-1.amazonaws.com", "login.microsoftonline.com", "www.mercadolibre.com.ar", "wetter.de", "github.com", "www.microsoft.com",
  "www.nytimes.com", "www.amazon.de", "www.ebay.co.uk", "www.reddit.com", "www.linkedin.com", "www.apple.com", "ubuntu.com",
  "archive.ubuntu.com", "www.theguardian.com", "www.booking.com", "www.spiegel.de", "www.lemonde.fr", "www.netflix.com", "zoom.us",
  "slack.com", "www.dropbox.com", "www.paypal.com", "www.adobe.com", "docs.python.org", "pypi.org", "www.oracle.com", "www.ikea.com",
  "www.walmart.com", "www.target.com", "www.bestbuy.com", "www.cnn.com", "www.reuters.com", "www.bloomberg.com",
];

/** An infected host: the family's names (unregistered) among its ordinary lookups. */
function infected(family: string[], instanceId = "i-0abc"): DnsEvent[] {
  return [...ORDINARY.map((name, i) => query(name, i, "NOERROR", instanceId)), ...family.map((name, i) => query(name, 100 + i, "NXDOMAIN", instanceId))];
}

describe("DGA name score", () => {
  it("scores most names of random-letter DGA families as generated, families it was never trained on", () => {
    expect(flagged(sample.dircrypt)).toBeGreaterThanOrEqual(9);
    expect(flagged(sample.tinba)).toBeGreaterThanOrEqual(8);
  });

  it("does not score names people chose as generated, including CDN host names below a registered domain", () => {
    expect(ORDINARY.filter(isGenerated)).toEqual([]);
  });

  it("misses dictionary-word families: a limit of any character model, stated rather than hidden", () => {
    expect(flagged(sample.matsnu)).toBeLessThanOrEqual(1);
  });

  it("scores by likelihood ratio: longer random labels carry more evidence, real words carry less than none", () => {
    const model = new CharacterModel(["network", "telecom", "services", "solutions", "communications", "university"]);
    expect(model.randomness("qxzkvbnwjq")).toBeGreaterThan(model.randomness("qxzkv"));
    expect(model.randomness("telecom")).toBeLessThan(0);
  });
});

describe("DGADomainRequest.B, decided per host", () => {
  it("raises one finding for a host mixing a family's unregistered names with its ordinary lookups, across batches", () => {
    const events = infected(sample.dircrypt);
    const first = events.slice(0, ORDINARY.length + 2);
    expect(run([first])).toEqual([]);
    const found = run([first, events.slice(first.length)]);
    expect(found).toHaveLength(1);
    const [candidate] = found;
    expect(candidate.meta.type).toBe("Trojan:EC2/DGADomainRequest.B");
    expect(candidate.aggregationKey).toBe("111122223333|i-0abc");
    const info = candidate.additionalInfo as { generatedDomains: number; generatedNxdomain: number; distinctDomains: number; names: Array<{ name: string; randomnessNats: number; nxdomain: boolean }> };
    expect(info.generatedDomains).toBe(flagged([...new Set(sample.dircrypt)]));
    expect(info.distinctDomains).toBeGreaterThan(ORDINARY.length);
    expect(info.names.length).toBe(info.generatedDomains);
    expect(info.names.every((name) => sample.dircrypt.includes(name.name) && name.randomnessNats >= DEFAULT_DGA_THRESHOLD && name.nxdomain)).toBe(true);
    expect(candidate.action).toMatchObject({ actionType: "DNS_REQUEST", domain: info.names[0].name });
  });

  it("stays quiet for a busy host whose ordinary names include a few that score as generated", () => {
    expect(generatedNames.length).toBeGreaterThanOrEqual(2 * DEFAULT_DGA_HOST_SETTINGS.minEvidence);
    const odd = ["registry.npmjs.org", sample.dircrypt.find(isGenerated)!];
    expect(odd.every(isGenerated)).toBe(true);
    expect(run([[...ORDINARY.map((name, i) => query(name, i)), query(odd[0], 50), query(odd[1], 51, "NXDOMAIN")]])).toEqual([]);
  });

  it("needs generated names to be a share of the host's names: a few among hundreds of registered domains is not enough", () => {
    const few = generatedNames.slice(0, 7).map((name, i) => query(name, 1000 + i, "NXDOMAIN"));
    const words = ORDINARY.map((name) => name.split(".").at(-2)!);
    const many = words.flatMap((a, i) => words.slice(0, 20).map((b, j) => query(`${a}-${b}.com`, 20 * i + j))).filter((event) => !isGenerated(event.queryName));
    expect(many.length).toBeGreaterThan(100 * few.length);
    expect(run([[...many, ...few]])).toEqual([]);
    expect(run([few])).toHaveLength(1);
  });

  it("weighs names that resolved half as much as unregistered ones", () => {
    const resolved = (count: number) => generatedNames.slice(0, count).map((name, i) => query(name, i, "NOERROR"));
    expect(run([resolved(DEFAULT_DGA_HOST_SETTINGS.minEvidence)])).toEqual([]);
    expect(run([resolved(2 * DEFAULT_DGA_HOST_SETTINGS.minEvidence)])).toHaveLength(1);
  });

  it("counts registered domains, not query names: random host names under one CDN domain count once", () => {
    const cdn = sample.dircrypt.slice(0, 30).map((name, i) => query(`${name.split(".")[0]}.cloudfront.net`, i, "NXDOMAIN"));
    expect(run([cdn])).toEqual([]);
  });

  it("keeps hosts apart: names that raise one host raise neither when split over two", () => {
    const names = generatedNames.slice(0, 2 * DEFAULT_DGA_HOST_SETTINGS.minEvidence - 2);
    expect(run([names.map((name, i) => query(name, i, "NXDOMAIN"))])).toHaveLength(1);
    expect(run([names.map((name, i) => query(name, i, "NXDOMAIN", i % 2 ? "i-0one" : "i-0two"))])).toEqual([]);
  });

  it("keeps partials small, serializable, and merges them in any order and grouping to the same value", () => {
    expect(generatedNames.length).toBeGreaterThan(LISTED_NAMES);
    const events = infected(generatedNames);
    const parts = [events.slice(0, 20), events.slice(20, 50), events.slice(50)].map((batch) => {
      const partials = new Map<string, DgaHostEvidence>();
      for (const event of batch) accumulateDgaQuery(event, context.names, partials, DEFAULT_DGA_HOST_SETTINGS);
      return JSON.parse(JSON.stringify([...partials.values()][0])) as DgaHostEvidence;
    });
    const [a, b, c] = parts;
    const left = mergeEvidence(mergeEvidence(a, b), c);
    expect(mergeEvidence(a, mergeEvidence(b, c))).toEqual(left);
    expect(mergeEvidence(mergeEvidence(c, a), b)).toEqual(left);
    expect(left.top).toHaveLength(LISTED_NAMES);
    const bestScores = generatedNames.map((name) => Number(dgaScore(name, loadNameReference())!.score.toFixed(1))).sort((x, y) => y - x);
    expect(left.top.map((name) => name.score)).toEqual(bestScores.slice(0, LISTED_NAMES));
    // Exact below the sketch's 64 hashes, estimated above.
    const counts = evidenceCounts(left);
    expect([counts.generated, counts.unanswered]).toEqual([generatedNames.length, generatedNames.length]);
    expect(Math.abs(counts.domains - (ORDINARY.length + generatedNames.length))).toBeLessThan(0.25 * counts.domains);
  });
});
