import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../../../paths.js";
import { INDICATORS, listContext, runEvents, typesOf } from "../../../testing/flow-records.js";
import { dnsEvent } from "../../../testing/dns-records.js";
import { threatIntelDomainRule as rule } from "./rule.js";

const context = listContext({
  feeds: [
    { category: "COMMAND_AND_CONTROL", entries: INDICATORS.c2Domains, name: "ThreatFox" },
    { category: "CRYPTO_MINING", entries: INDICATORS.miningDomains, name: "maltrail mining" },
    { category: "DGA", entries: INDICATORS.dgaDomains, name: "maltrail conficker" },
    { category: "PHISHING", entries: ["secure-login-paypa1.com"] },
    { category: "DRIVE_BY_SOURCE", entries: ["exploitkit-landing.top"] },
    { category: "DROP_POINT", entries: ["stolen-logs.xyz"] },
    { category: "BLACK_HOLE", entries: ["sinkholed-bot.net", "87.106.18.141"], name: "sinkholes" },
    { category: "SCANNER", entries: ["shodan.io"] },
  ],
  custom: ["*.evil-corp.example.org", "badthing.io"],
});

function run(...events: Parameters<typeof dnsEvent>[0][]) {
  return runEvents(rule, events.map((fields, i) => dnsEvent(fields, i + 1)), context);
}

describe("threat-list domains", () => {
  it("raises the feed category's type for the name and every name below it", () => {
    const found = run({ name: "pool.minergate.com" });
    expect(typesOf(found)).toEqual(["CryptoCurrency:EC2/BitcoinTool.B!DNS"]);
    expect(found[0].action).toEqual({ actionType: "DNS_REQUEST", domain: "pool.minergate.com", domainWithSuffix: "minergate.com", protocol: "UDP", blocked: false, vpcOwnerAccountId: "111122223333" });
    expect(found[0].aggregationKey).toBe("111122223333|i-0123456789abcdef0|minergate.com");
    expect(found[0].resource.instanceDetails?.instanceId).toBe("i-0123456789abcdef0");
    expect(typesOf(run({ name: "spidermanbaba.ddns.net" }, { name: "btddc.com", answers: [] }, { name: "secure-login-paypa1.com" }, { name: "a.exploitkit-landing.top" }, { name: "stolen-logs.xyz" }))).toEqual([
      "Backdoor:EC2/C&CActivity.B!DNS",
      "Trojan:EC2/DGADomainRequest.C!DNS",
      "Trojan:EC2/PhishingDomainRequest!DNS",
      "Trojan:EC2/DriveBySourceTraffic!DNS",
      "Trojan:EC2/DropPoint!DNS",
    ]);
  });

  it("matches an indicator and every name below it in the account's lists and managed feeds alike, never its parent", () => {
    const both = listContext({ feeds: [{ category: "COMMAND_AND_CONTROL", entries: ["pool.example.com"] }], custom: ["pool.example.com"] });
    const found = runEvents(rule, [dnsEvent({ name: "eu1.pool.example.com" }, 1)], both);
    expect(typesOf(found).sort()).toEqual(["Backdoor:EC2/C&CActivity.B!DNS", "Impact:EC2/MaliciousDomainRequest.Custom"]);
    expect(runEvents(rule, [dnsEvent({ name: "example.com" }, 1), dnsEvent({ name: "www.example.com" }, 2)], both)).toEqual([]);
  });

  it("matches every endpoint of a mining pool through the shipped feed of pools by registered domain", () => {
    const feed = readFileSync(path.join(PROJECT_ROOT, "test", "fixtures", "feeds", "mining-pools.txt"), "utf8").split(/\r?\n/).filter((line) => line && !line.startsWith("#"));
    const pools = listContext({ feeds: [{ category: "CRYPTO_MINING", entries: feed, name: "mining pools" }] });
    // maltrail names xmr-eu1 and xmr-us-east1 of nanopool.org, not these.
    const found = runEvents(rule, ["xmr-asia1.nanopool.org", "gulf.moneroocean.stream", "pool.supportxmr.com"].map((name, i) => dnsEvent({ name }, i + 1)), pools);
    expect(typesOf(found)).toEqual(Array(3).fill("CryptoCurrency:EC2/BitcoinTool.B!DNS"));
    expect(runEvents(rule, [dnsEvent({ name: "www.google.com" }, 1)], pools)).toEqual([]);
  });

  it("raises BlackholeTraffic!DNS for a listed name or an answer pointing at a black-hole address", () => {
    expect(typesOf(run({ name: "sinkholed-bot.net" }))).toEqual(["Trojan:EC2/BlackholeTraffic!DNS"]);
    const [byAnswer] = run({ name: "unlisted-bot-domain.com", answers: [{ Rdata: "87.106.18.141" }] });
    expect([byAnswer.meta.type, byAnswer.additionalInfo]).toEqual(["Trojan:EC2/BlackholeTraffic!DNS", { threatListName: "sinkholes" }]);
  });

  it("raises MaliciousDomainRequest.Custom for the account's entity lists, wildcards included, and marks DNS Firewall blocks", () => {
    const found = run({ name: "c2.evil-corp.example.org", blocked: true }, { name: "badthing.io" });
    expect(typesOf(found)).toEqual(["Impact:EC2/MaliciousDomainRequest.Custom", "Impact:EC2/MaliciousDomainRequest.Custom"]);
    expect(found[0].action).toMatchObject({ blocked: true, domainWithSuffix: "example.org" });
    expect(run({ name: "evil-corp.example.org" })).toEqual([]);
  });

  it("answers GuardDuty's test names with their types", () => {
    expect(typesOf(run({ name: "guarddutyc2activityb.com" }, { name: "c2.guarddutyc2activityb.com" }, { name: "crypto.guarddutyc2activityb.com" }, { name: "guarddutydgaactivity.com" }))).toEqual([
      "Backdoor:EC2/C&CActivity.B!DNS",
      "Backdoor:EC2/C&CActivity.B!DNS",
      "CryptoCurrency:EC2/BitcoinTool.B!DNS",
      "Trojan:EC2/DGADomainRequest.C!DNS",
    ]);
    expect(run({ name: "malicious-rep.guarddutyc2activityb.com" })).toEqual([]);
  });

  it("raises nothing for unlisted names, lists without a DNS type, or trusted domains", () => {
    expect(run({ name: "dynamodb.us-west-2.amazonaws.com" }, { name: "www.wikipedia.org" }, { name: "shodan.io" }, { name: "minergate.com.evil-lookalike.net" })).toEqual([]);
    const trusted = listContext({ feeds: [{ category: "CRYPTO_MINING", entries: ["minergate.com"] }], trusted: ["minergate.com"] });
    expect(runEvents(rule, [dnsEvent({ name: "minergate.com" })], trusted)).toEqual([]);
  });
});
