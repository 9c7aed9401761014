/** create/update/delete/get/listCustomRules through the API: validation, versions, scope, audit, faults. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createLogger } from "../../src/logger";
import { createLocalPubSub } from "../../src/realtime/pubsub";
import { CustomRuleWatcher } from "../../src/services/system/custom-rule-watcher";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";

const RULE = readFileSync(path.join(__dirname, "..", "fixtures", "sigma", "rules", "aws_cloudtrail_disable_logging.yml"), "utf8");
const FIELDS = "id detectorId sigmaId title author findingType severity scope enabled version status statusMessage faults { detectorId reason message version }";
const CREATE = `mutation($d: ID!, $r: String!, $t: String, $s: Float, $scope: CustomRuleScope) {
  createCustomRule(detectorId: $d, rule: $r, findingType: $t, severity: $s, scope: $scope) { ${FIELDS} } }`;
const UPDATE = `mutation($d: ID!, $id: ID!, $v: Int!, $r: String, $e: Boolean, $s: Float) {
  updateCustomRule(detectorId: $d, customRuleId: $id, expectedVersion: $v, rule: $r, enabled: $e, severity: $s) { ${FIELDS} } }`;
const GET = `query($d: ID!, $id: ID!) { getCustomRule(detectorId: $d, customRuleId: $id) { ${FIELDS} } }`;
const LIST = `query($d: ID!) { listCustomRules(detectorId: $d) { id title } }`;
const DELETE = `mutation($d: ID!, $id: ID!) { deleteCustomRule(detectorId: $d, customRuleId: $id) }`;

describe("stored custom rules", () => {
  let app: TestApp;
  let admin: TestAccount;
  let member: TestAccount;
  let other: TestAccount;

  beforeAll(async () => {
    app = await startTestApp();
    [admin, member, other] = await Promise.all(["340000000001", "340000000002", "340000000003"].map((id) => accountWithDetector(app, id)));
    await associate(app, admin, member);
  });
  afterAll(() => app.close());

  it("stores a rule with its author, type and severity, and audits every change", async () => {
    const created = await app.gql(CREATE, { d: admin.detectorId, r: RULE, s: 7.5 }, admin.key);
    expect(created.errors).toBeUndefined();
    const rule = created.data!.createCustomRule;
    expect(rule).toMatchObject({
      detectorId: admin.detectorId,
      sigmaId: "4db60cc0-36fb-42b7-9b58-a5b53019fb74",
      title: "AWS CloudTrail Important Change",
      author: "vitaliy0x1",
      findingType: "Custom:IAMUser/AWSCloudTrailImportantChange",
      severity: 7.5,
      scope: "DETECTOR",
      enabled: true,
      version: 1,
      status: "ACTIVE",
      faults: [],
    });

    const updated = await app.gql(UPDATE, { d: admin.detectorId, id: rule.id, v: 1, e: false }, admin.key);
    expect(updated.data?.updateCustomRule).toMatchObject({ version: 2, enabled: false, status: "DISABLED", severity: 7.5 });
    expect((await app.gql(GET, { d: admin.detectorId, id: rule.id }, admin.key)).data?.getCustomRule.version).toBe(2);
    expect((await app.gql(LIST, { d: admin.detectorId }, admin.key)).data?.listCustomRules).toEqual([{ id: rule.id, title: "AWS CloudTrail Important Change" }]);

    expect((await app.gql(DELETE, { d: admin.detectorId, id: rule.id }, admin.key)).data?.deleteCustomRule).toBe(true);
    expect((await app.gql(GET, { d: admin.detectorId, id: rule.id }, admin.key)).errors?.[0].extensions?.code).toBe("NOT_FOUND");

    const audited = await app.database.db.auditEvent.findMany({ where: { targetId: rule.id }, orderBy: { createdAt: "asc" } });
    expect(audited.map((event) => event.operation)).toEqual(["createCustomRule", "updateCustomRule", "deleteCustomRule"]);
    expect(audited[1]).toMatchObject({ before: expect.objectContaining({ enabled: true, version: 1 }), after: expect.objectContaining({ enabled: false, version: 2 }) });
  });

  it("refuses an update made on a version that is not the current one", async () => {
    const rule = (await app.gql(CREATE, { d: other.detectorId, r: RULE }, other.key)).data!.createCustomRule;
    await app.gql(UPDATE, { d: other.detectorId, id: rule.id, v: 1, s: 3 }, other.key);
    const stale = await app.gql(UPDATE, { d: other.detectorId, id: rule.id, v: 1, s: 9 }, other.key);
    expect(stale.errors?.[0].extensions?.code).toBe("CONFLICT");
    expect(stale.errors?.[0].message).toMatch(/at version 2, not 1/);
    expect((await app.gql(GET, { d: other.detectorId, id: rule.id }, other.key)).data?.getCustomRule.severity).toBe(3);
    await app.gql(DELETE, { d: other.detectorId, id: rule.id }, other.key);
  });

  it("names the line and field of what is wrong, and stores nothing", async () => {
    const broken = await app.gql(CREATE, { d: other.detectorId, r: RULE.replace("eventName:", "eventName|nope:") }, other.key);
    expect(broken.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(broken.errors?.[0].message).toMatch(/^rule: line 20: field 'detection\.selection_source\.eventName\|nope': unknown modifier 'nope'/);
    const badType = await app.gql(CREATE, { d: other.detectorId, r: RULE, t: "Recon:IAMUser/NoSuchType" }, other.key);
    expect(badType.errors?.[0].message).toMatch(/^findingType: 'Recon:IAMUser\/NoSuchType' is neither a Custom: type/);
    const badSeverity = await app.gql(CREATE, { d: other.detectorId, r: RULE, s: 11 }, other.key);
    expect(badSeverity.errors?.[0].message).toMatch(/^severity: 11 is not between 1.0 and 10.0/);
    expect((await app.gql(LIST, { d: other.detectorId }, other.key)).data?.listCustomRules).toEqual([]);
  });

  it("maps a rule onto a finding type Vigil raises", async () => {
    const mapped = await app.gql(CREATE, { d: other.detectorId, r: RULE, t: "Stealth:IAMUser/CloudTrailLoggingDisabled" }, other.key);
    expect(mapped.data?.createCustomRule.findingType).toBe("Stealth:IAMUser/CloudTrailLoggingDisabled");
    await app.gql(DELETE, { d: other.detectorId, id: mapped.data!.createCustomRule.id }, other.key);
  });

  it("lets an administrator, not a member, apply a rule to its members", async () => {
    const denied = await app.gql(CREATE, { d: member.detectorId, r: RULE, scope: "MEMBERS" }, member.key);
    expect(denied.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const applied = await app.gql(CREATE, { d: admin.detectorId, r: RULE, scope: "MEMBERS" }, admin.key);
    expect(applied.data?.createCustomRule.scope).toBe("MEMBERS");
    const byDetector = await app.services.customRuleSource.load();
    expect(byDetector.get(admin.detectorId)?.map((d) => d.id)).toEqual([applied.data!.createCustomRule.id]);
    expect(byDetector.get(member.detectorId)?.map((d) => d.id)).toEqual([applied.data!.createCustomRule.id]);
    expect(byDetector.has(other.detectorId)).toBe(false);
    await app.gql(DELETE, { d: admin.detectorId, id: applied.data!.createCustomRule.id }, admin.key);
  });

  it("shows a rule a worker switched off, leaves it off for that detector only, and runs it again after an update", async () => {
    const rule = (await app.gql(CREATE, { d: admin.detectorId, r: RULE, scope: "MEMBERS" }, admin.key)).data!.createCustomRule;
    const watcher = new CustomRuleWatcher(app.database.db, createLocalPubSub(), createLogger("silent"));
    await new Promise<void>((resolve) => {
      watcher.watchFor(rule.id, 1, member.detectorId).fault("ERROR", "the rule threw: boom");
      setTimeout(resolve, 300);
    });
    const seen = (await app.gql(GET, { d: admin.detectorId, id: rule.id }, admin.key)).data!.getCustomRule;
    expect(seen.status).toBe("ACTIVE");
    expect(seen.faults).toEqual([{ detectorId: member.detectorId, reason: "ERROR", message: "the rule threw: boom", version: 1 }]);
    let byDetector = await app.services.customRuleSource.load();
    expect(byDetector.has(member.detectorId)).toBe(false);
    expect(byDetector.has(admin.detectorId)).toBe(true);

    await new Promise<void>((resolve) => {
      watcher.watchFor(rule.id, 1, admin.detectorId).fault("SLOW", "one event took 400 ms (the budget is 250 ms)");
      setTimeout(resolve, 300);
    });
    expect((await app.gql(GET, { d: admin.detectorId, id: rule.id }, admin.key)).data!.getCustomRule).toMatchObject({ status: "TOO_SLOW", statusMessage: "one event took 400 ms (the budget is 250 ms)" });

    const fixed = (await app.gql(UPDATE, { d: admin.detectorId, id: rule.id, v: 1, s: 6 }, admin.key)).data!.updateCustomRule;
    expect(fixed).toMatchObject({ status: "ACTIVE", faults: [], version: 2 });
    byDetector = await app.services.customRuleSource.load();
    expect([...byDetector.keys()].sort()).toEqual([admin.detectorId, member.detectorId].sort());
  });

  it("hides other accounts' rules", async () => {
    const rule = (await app.gql(CREATE, { d: other.detectorId, r: RULE }, other.key)).data!.createCustomRule;
    expect((await app.gql(GET, { d: other.detectorId, id: rule.id }, admin.key)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect((await app.gql(GET, { d: admin.detectorId, id: rule.id }, admin.key)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect((await app.gql(DELETE, { d: admin.detectorId, id: rule.id }, admin.key)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect((await app.gql(LIST, { d: other.detectorId }, admin.key)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });
});
