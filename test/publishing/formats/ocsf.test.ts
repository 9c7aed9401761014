import { OCSF_VERSION, ocsfDetectionFinding } from "../../../src/services/publishing/formats/ocsf";
import { eventClass, problems, schemaVersion } from "../support/ocsf-schema";
import { sampleFindings, vigilFinding } from "../support/sample-findings";

const PROFILES = ["cloud"];

describe("OCSF Detection Finding, checked against the schema files", () => {
  const detectionFinding = eventClass("detection_finding", PROFILES);

  it("resolves class 2004 through extends, with the required attributes of base_event and finding", () => {
    expect(detectionFinding.uid).toBe(2004);
    const required = Object.entries(detectionFinding.attributes).filter(([, a]) => a.requirement === "required").map(([name]) => name);
    expect(required.sort()).toEqual(["activity_id", "category_uid", "class_uid", "cloud", "finding_info", "metadata", "severity_id", "time", "type_uid"]);
  });

  it.each(sampleFindings())("maps %s with every required attribute, type and enum value right", (_name, finding) => {
    const event = ocsfDetectionFinding(finding);
    expect(problems(event, detectionFinding.attributes, PROFILES)).toEqual([]);
    expect(event.metadata.profiles).toEqual(PROFILES);
  });

  it("names the schema version it was checked against", () => {
    expect(OCSF_VERSION).toBe(schemaVersion());
  });

  it("follows the finding's lifecycle: Create, Update, then Close and Archived", () => {
    const created = vigilFinding();
    expect(ocsfDetectionFinding(created)).toMatchObject({ activity_id: 1, type_uid: 200401, status_id: 1 });
    const updated = { ...created, updatedAt: "2026-03-03T00:00:00.000Z" };
    expect(ocsfDetectionFinding(updated)).toMatchObject({ activity_id: 2, type_uid: 200402 });
    const archived = vigilFinding({ archived: true });
    expect(ocsfDetectionFinding(archived)).toMatchObject({ activity_id: 3, type_uid: 200403, status_id: 5, status: "Archived" });
  });

  it("maps GuardDuty's severity bands onto OCSF's severity_id", () => {
    const at = (severity: number) => ocsfDetectionFinding({ ...vigilFinding(), severity }).severity_id;
    expect([at(2), at(5), at(8), at(9.5)]).toEqual([2, 3, 4, 5]);
  });

  it("finds a wrong type, a missing required attribute and an undefined enum value (the checker itself)", () => {
    const mapped = ocsfDetectionFinding(vigilFinding());
    const event: Record<string, unknown> = { ...mapped, severity_id: 7, time: "yesterday", metadata: { version: mapped.metadata.version } };
    delete event.finding_info;
    expect(problems(event, detectionFinding.attributes, PROFILES).sort()).toEqual(["finding_info is required", "metadata.product is required", "severity_id=7 is not one of 0, 1, 2, 3, 4, 5, 6, 99", "time is not timestamp_t (long_t)"]);
  });
});
