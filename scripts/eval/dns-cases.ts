/**
 * Route 53 Resolver cases for the evaluation. Positives: queries for names from the shared C2,
 * mining and DGA lists (half of them under an extra label, as malware asks for hosts below a listed
 * domain), for the account's own list, for GuardDuty's test names, and public names built from the
 * benign domains that answer with the instance metadata address (a rebinding setup). Negatives: every
 * benign (`plain`) domain of the tunnelling dataset with ordinary answers, the tunnelling queries
 * under a neutral parent, and AWS's own metadata names.
 */
import { EVAL_ACCOUNT, type NetworkLists } from "./network-lists.js";
import type { NetworkCase } from "./flow-cases.js";
import type { SeededRandom } from "./seeded-random.js";

type Answer = { Rdata: string; Type: string; Class: "IN" };

const SUBDOMAIN_LABELS = ["www", "api", "cdn", "update", "img", "m"];

export class DnsCases {
  private line = 0;

  constructor(
    private readonly random: SeededRandom,
    private readonly lists: NetworkLists,
  ) {}

  private publicAnswer(): Answer {
    return { Rdata: `${this.random.pick([34, 52, 104, 151, 172, 185])}.${this.random.int(0, 255)}.${this.random.int(0, 255)}.${this.random.int(1, 254)}`, Type: "A", Class: "IN" };
  }

  private query(name: string, answers: Answer[], rcode = "NOERROR"): string {
    const n = ++this.line;
    return JSON.stringify({
      version: "1.100000",
      account_id: EVAL_ACCOUNT,
      region: "eu-west-1",
      vpc_id: "vpc-0e1a2b3c",
      query_timestamp: new Date(Date.UTC(2026, 2, 1, 12) + n * 1000).toISOString().replace(/\.\d+Z$/, "Z"),
      query_name: `${name}.`,
      query_type: answers[0]?.Type === "AAAA" ? "AAAA" : "A",
      query_class: "IN",
      rcode,
      answers,
      srcaddr: `10.1.${n % 250}.${(n >> 8) % 250 + 4}`,
      srcport: String(30000 + (n % 30000)),
      transport: "UDP",
      srcids: { instance: `i-0d${n.toString(16).padStart(15, "0")}` },
    });
  }

  private one(family: string, expected: string[], line: string): NetworkCase {
    return { family, expected, tolerated: [], kind: "DNS_QUERY_LOGS", objects: [line + "\n"] };
  }

  private listed(family: string, type: string, names: readonly string[]): NetworkCase[] {
    return names.map((name) => {
      const asked = this.random.next() < 0.5 ? `${this.random.pick(SUBDOMAIN_LABELS)}.${name}` : name;
      const unregistered = this.random.next() < 0.3;
      return this.one(family, [type], this.query(asked, unregistered ? [] : [this.publicAnswer()], unregistered ? "NXDOMAIN" : "NOERROR"));
    });
  }

  listedDomains(): NetworkCase[] {
    return [
      ...this.listed("C2 domain", "Backdoor:EC2/C&CActivity.B!DNS", this.lists.c2Domains),
      ...this.listed("mining domain", "CryptoCurrency:EC2/BitcoinTool.B!DNS", this.lists.miningDomains),
      ...this.listed("DGA domain", "Trojan:EC2/DGADomainRequest.C!DNS", this.lists.dgaDomains),
      ...this.listed("custom list domain", "Impact:EC2/MaliciousDomainRequest.Custom", this.lists.customDomains),
    ];
  }

  testDomains(): NetworkCase[] {
    const names: Array<[string, string]> = [
      ["guarddutyc2activityb.com", "Backdoor:EC2/C&CActivity.B!DNS"],
      ["c2.guarddutyc2activityb.com", "Backdoor:EC2/C&CActivity.B!DNS"],
      ["crypto.guarddutyc2activityb.com", "CryptoCurrency:EC2/BitcoinTool.B!DNS"],
      ["guarddutydroppointactivity.com", "Trojan:EC2/DropPoint!DNS"],
      ["guarddutyblackholeactivity.com", "Trojan:EC2/BlackholeTraffic!DNS"],
      ["guarddutyphishingactivity.com", "Trojan:EC2/PhishingDomainRequest!DNS"],
      ["guarddutydrivebyactivity.com", "Trojan:EC2/DriveBySourceTraffic!DNS"],
      ["guarddutydgaactivity.com", "Trojan:EC2/DGADomainRequest.C!DNS"],
    ];
    return names.map(([name, type]) => this.one("GuardDuty test name", [type], this.query(name, [this.publicAnswer()])));
  }

  rebinding(benign: readonly string[], count: number): NetworkCase[] {
    return this.random.sample(benign, count).map((domain, i) => {
      const name = `${this.random.pick(["rebind", "169-254-169-254", "meta", "x"])}${i}.${domain}`;
      const imds: Answer = i % 4 === 3 ? { Rdata: "fd00:ec2::254", Type: "AAAA", Class: "IN" } : { Rdata: "169.254.169.254", Type: "A", Class: "IN" };
      const answers = i % 3 === 0 ? [{ Rdata: `alias.${domain}`, Type: "CNAME", Class: "IN" as const }, imds] : [imds];
      return this.one("public name answering with the metadata address", ["UnauthorizedAccess:EC2/MetadataDNSRebind"], this.query(name, answers));
    });
  }

  benign(benign: readonly string[], tunnelling: readonly string[]): NetworkCase[] {
    return [
      ...benign.map((domain) => this.one("benign domain", [], this.query(domain, [this.publicAnswer()]))),
      ...tunnelling.map((query) => this.one("tunnelling query under a neutral parent", [], this.query(`${query}.t.example-tunnel.net`, [], "NXDOMAIN"))),
      this.one("AWS metadata name", [], this.query("instance-data.ec2.internal", [{ Rdata: "169.254.169.254", Type: "A", Class: "IN" }])),
    ];
  }
}
