import { findingTypeCatalogue, implementedTypes, shippedMetas } from "./catalogue.js";

describe("findingTypeCatalogue", () => {
  const catalogue = findingTypeCatalogue();

  it("lists each type once", () => {
    expect(new Set(catalogue.map((entry) => entry.type)).size).toBe(catalogue.length);
  });

  it("marks implemented exactly the types a shipped rule raises", () => {
    const implemented = catalogue.filter((entry) => entry.status === "implemented").map((entry) => entry.type);
    expect(new Set(implemented)).toEqual(implementedTypes());
  });

  it("implements every flow and DNS type detected by rule or threat list", () => {
    const network = catalogue.filter((entry) => entry.dataSource === "VPC_FLOW_LOGS" || entry.dataSource === "DNS_QUERY_LOGS");
    for (const entry of network.filter((e) => ["RULE", "TI", "CUST", "TI+RULE"].includes(e.method))) expect([entry.type, entry.status]).toEqual([entry.type, "implemented"]);
  });

  it("implements every CloudTrail type detected by rule or threat list, or says why it cannot", () => {
    const cloudTrail = catalogue.filter((entry) => entry.dataSource === "CLOUD_TRAIL" || entry.dataSource === "S3_DATA_EVENTS");
    const ruleOrList = cloudTrail.filter((entry) => ["RULE", "TI", "CUST", "TI+RULE", "RULE+ML"].includes(entry.method));
    for (const entry of ruleOrList) expect([entry.type, entry.status === "implemented" || entry.status === "not-possible"]).toEqual([entry.type, true]);
    for (const entry of catalogue.filter((e) => e.status !== "implemented")) expect(entry.note).toBeTruthy();
  });

  it("implements every flow and DNS type detected by rule or threat list; what is left is a model or reputation type, with its reason", () => {
    const network = catalogue.filter((entry) => entry.dataSource === "VPC_FLOW_LOGS" || entry.dataSource === "DNS_QUERY_LOGS");
    for (const entry of network.filter((e) => ["RULE", "TI", "CUST", "TI+RULE"].includes(e.method))) expect([entry.type, entry.status]).toEqual([entry.type, "implemented"]);
    for (const entry of catalogue.filter((e) => e.status === "planned")) {
      expect([entry.type, ["ML", "ML (geo)", "REP", "ML/RULE", "RULE/ML"].includes(entry.method)]).toEqual([entry.type, true]);
      expect(entry.note).toMatch(/^not implemented yet: ./);
    }
  });
});

describe("findingTypeCatalogue, derived from the metas", () => {
  const catalogue = findingTypeCatalogue();
  const metas = shippedMetas();

  it("shows each implemented type as its meta declares it", () => {
    for (const entry of catalogue.filter((e) => e.status === "implemented")) {
      const [meta] = metas.get(entry.type) ?? [];
      expect([entry.type, entry.dataSource, entry.method, entry.note, entry.vigilOnly ?? false]).toEqual([meta.type, meta.dataSource, meta.method, meta.catalogueNote, meta.vigilOnly ?? false]);
    }
  });

  it("labels severity with GuardDuty's bands, starred when a type's severity varies", () => {
    const bySeverity = new Map(catalogue.map((entry) => [entry.type, entry.severity]));
    expect(bySeverity.get("Recon:EC2/Portscan")).toBe("Medium");
    expect(bySeverity.get("Backdoor:EC2/C&CActivity.B")).toBe("High");
    expect(bySeverity.get("Policy:IAMUser/RootCredentialUsage")).toBe("Low");
    // Low as TARGET, High as ACTOR: the lowest, starred.
    expect(bySeverity.get("UnauthorizedAccess:EC2/SSHBruteForce")).toBe("Low*");
    // One meta whose severity varies with context.
    expect(bySeverity.get("UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS")).toBe("High*");
  });
});
