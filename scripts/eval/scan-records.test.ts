import { apiCall } from "../../src/detection/testing/cloudtrail.js";
import { typesByTechnique } from "./attribution.js";
import { scanRecords } from "./scan-records.js";

describe("labelled records through vigil scan", () => {
  const root = { type: "Root", arn: "arn:aws:iam::111122223333:root", accountId: "111122223333", principalId: "111122223333" };

  it("scans groups of records as log objects and names their events as the findings' sources", async () => {
    const findings = await scanRecords([[apiCall({ eventID: "quiet-1" })], [apiCall({ eventID: "root-1", userIdentity: root })]]);
    expect(findings.map((f) => f.type)).toEqual(["Policy:IAMUser/RootCredentialUsage"]);
    const found = typesByTechnique(findings, new Map([["root use", new Set(["root-1"])], ["quiet", new Set(["quiet-1"])]]));
    expect(found.get("root use")).toEqual(new Set(["Policy:IAMUser/RootCredentialUsage"]));
    expect(found.get("quiet")).toEqual(new Set());
  });

  it("learns from history groups without raising findings on them", async () => {
    expect(await scanRecords([[apiCall({ eventID: "quiet-2" })]], [[apiCall({ eventID: "root-2", userIdentity: root })]])).toEqual([]);
  });
});
