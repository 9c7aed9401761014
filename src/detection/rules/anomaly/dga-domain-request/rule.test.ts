import { readFileSync } from "node:fs";
import path from "node:path";
import type { DnsEvent } from "../../../events.js";
import type { FindingCandidate } from "../../../engine/types.js";
import { testContext } from "../../../testing/cloudtrail.js";
import { PROJECT_ROOT } from "../../../../paths.js";
import { CharacterModel } from "../../../names/character-model.js";
import { loadNameReference } from "../../../../reference-data/domain-names.js";
import { dgaDomainRequest, dgaScore, DEFAULT_DGA_THRESHOLD } from "./rule.js";

function query(queryName: string): DnsEvent {
  return { kind: "dns", time: Date.UTC(2026, 2, 1), accountId: "111122223333", region: "eu-west-1", queryName, rcode: "NXDOMAIN", answers: [], srcAddr: "10.0.0.5", instanceId: "i-0abc", raw: {}, origin: { object: "dns.log", line: 1 } };
}

function run(name: string): FindingCandidate[] {
  const out: FindingCandidate[] = [];
  dgaDomainRequest.evaluate(query(name), testContext(), (c) => out.push(c));
  return out;
}

const sample = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "test", "fixtures", "baselines", "maltrail-dga-sample.json"), "utf8")) as Record<string, string[]>;
const flagged = (names: string[]) => names.filter((name) => (dgaScore(name, loadNameReference())?.score ?? 0) >= DEFAULT_DGA_THRESHOLD).length;

describe("DGADomainRequest.B", () => {
  it("flags most names of random-letter DGA families, which it was never trained on", () => {
    expect(flagged(sample.dircrypt)).toBeGreaterThanOrEqual(9);
    expect(flagged(sample.tinba)).toBeGreaterThanOrEqual(8);
  });

  it("does not flag names people chose, including CDN host names below a registered domain", () => {
    const chosen = ["www.google.com", "en.wikipedia.org", "news.bbc.co.uk", "www.yahoo.co.jp", "stackoverflow.com", "d3c33hcgiwev3.cloudfront.net", "s3.eu-west-1.amazonaws.com", "login.microsoftonline.com", "www.mercadolibre.com.ar", "wetter.de"];
    expect(chosen.filter((name) => run(name).length > 0)).toEqual([]);
  });

  it("misses dictionary-word families: a limit of any character model, stated rather than hidden", () => {
    expect(flagged(sample.matsnu)).toBeLessThanOrEqual(1);
  });

  it("explains the score and threshold, keyed on the instance", () => {
    const [candidate] = run("nuerwknmxsvu.ru");
    expect(candidate.meta.type).toBe("Trojan:EC2/DGADomainRequest.B");
    expect(candidate.aggregationKey).toBe("111122223333|i-0abc");
    expect(candidate.additionalInfo).toMatchObject({ registeredLabel: "nuerwknmxsvu", thresholdNats: DEFAULT_DGA_THRESHOLD, rcode: "NXDOMAIN" });
    expect(candidate.action).toMatchObject({ actionType: "DNS_REQUEST", domain: "nuerwknmxsvu.ru", domainWithSuffix: "nuerwknmxsvu.ru" });
  });

  it("scores by likelihood ratio: longer random labels carry more evidence, real words carry less than none", () => {
    const model = new CharacterModel(["network", "telecom", "services", "solutions", "communications", "university"]);
    expect(model.randomness("qxzkvbnwjq")).toBeGreaterThan(model.randomness("qxzkv"));
    expect(model.randomness("telecom")).toBeLessThan(0);
  });
});
