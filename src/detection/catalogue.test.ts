import { findingTypeCatalogue, implementedTypes } from "./catalogue.js";

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
