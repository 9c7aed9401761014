import { readFileSync } from "node:fs";
import path from "node:path";
import { asffFinding } from "../../../src/services/publishing/formats/asff";
import { sampleFindings, vigilFinding } from "../support/sample-findings";

type AsffSpec = {
  required: Record<string, "string" | "timestamp" | "array" | "object">;
  limits: Record<string, number>;
  schemaVersion: string;
  severityLabels: string[];
  typeNamespaces: string[];
  ttpCategories: string[];
  effectsCategories: string[];
  resourceRequired: string[];
};
const SPEC = JSON.parse(readFileSync(path.join(__dirname, "../../fixtures/publishing/asff-required-attributes.json"), "utf8")) as AsffSpec;

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function isOfKind(value: unknown, kind: AsffSpec["required"][string]): boolean {
  if (kind === "array") return Array.isArray(value) && value.length > 0;
  if (kind === "object") return typeof value === "object" && value !== null && !Array.isArray(value);
  if (kind === "timestamp") return typeof value === "string" && ISO_8601.test(value);
  return typeof value === "string" && value.length > 0;
}

describe("ASFF (Security Hub) format", () => {
  it.each(sampleFindings())("gives %s every required attribute, of its kind and within its limits", (_name, finding) => {
    const asff = asffFinding(finding) as unknown as Record<string, unknown>;
    for (const [field, kind] of Object.entries(SPEC.required)) expect([field, isOfKind(asff[field], kind)]).toEqual([field, true]);
    for (const [field, limit] of Object.entries(SPEC.limits)) expect((asff[field] as string | unknown[]).length).toBeLessThanOrEqual(limit);
    expect(asff.SchemaVersion).toBe(SPEC.schemaVersion);
    for (const resource of asff.Resources as Array<Record<string, unknown>>) for (const field of SPEC.resourceRequired) expect(typeof resource[field]).toBe("string");
  });

  it.each(sampleFindings())("labels %s's severity and types with the values Security Hub defines", (_name, finding) => {
    const asff = asffFinding(finding);
    expect(SPEC.severityLabels).toContain(asff.Severity.Label);
    for (const type of asff.Types) {
      const [namespace, category, classifier] = type.split("/");
      expect(SPEC.typeNamespaces).toContain(namespace);
      if (namespace === "TTPs") expect(SPEC.ttpCategories).toContain(category);
      if (namespace === "Effects") expect(SPEC.effectsCategories).toContain(category);
      expect(classifier).toBe(finding.type.replaceAll("/", "-"));
    }
  });

  it("identifies the product and resource as a custom integration in the finding's account", () => {
    const finding = vigilFinding();
    const asff = asffFinding(finding);
    expect(asff.ProductArn).toBe(`arn:aws:securityhub:${finding.region}:${finding.accountId}:product/${finding.accountId}/default`);
    expect(asff.Resources).toEqual([{ Type: "AwsIamAccessKey", Id: finding.resource.accessKeyDetails?.accessKeyId, Partition: "aws", Region: finding.region }]);
  });

  it("archives the record when the finding is archived", () => {
    expect(asffFinding(vigilFinding()).RecordState).toBe("ACTIVE");
    expect(asffFinding(vigilFinding({ archived: true })).RecordState).toBe("ARCHIVED");
  });

  it("maps GuardDuty's severity bands onto Security Hub's labels", () => {
    const at = (severity: number) => asffFinding({ ...vigilFinding(), severity }).Severity.Label;
    expect([at(2), at(5), at(8), at(9)]).toEqual(["LOW", "MEDIUM", "HIGH", "CRITICAL"]);
  });
});
