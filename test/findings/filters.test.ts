import { suppressedFindingIds } from "../../src/services/findings/criteria/suppression";
import { FilterService } from "../../src/services/filters/filter-service";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { storeFindings, syntheticFinding } from "./support/findings";

const FILTER = "name description action rank version tags findingCriteria { criterion { attribute equals notEquals greaterThan matches } }";
const CREATE = `mutation($d: ID!, $n: String!, $c: FindingCriteriaInput!, $a: FilterAction, $r: Int, $desc: String, $t: [TagInput!]) {
  createFilter(detectorId: $d, name: $n, findingCriteria: $c, action: $a, rank: $r, description: $desc, tags: $t) { ${FILTER} } }`;

const portscanOnScanners = { criterion: [{ attribute: "type", equals: ["Recon:EC2/Portscan"] }, { attribute: "resource.instanceDetails.imageId", matches: ["ami-scanner*"] }] };

describe("filters and suppression rules", () => {
  let app: TestApp;
  let admin: TestAccount;
  let member: TestAccount;
  let standalone: TestAccount;

  const create = (caller: TestAccount, name: string, extra: Record<string, unknown> = {}) =>
    app.gql(CREATE, { d: caller.detectorId, n: name, c: portscanOnScanners, ...extra }, caller.key);

  beforeAll(async () => {
    app = await startTestApp();
    [admin, member, standalone] = await Promise.all(["320000000001", "320000000002", "320000000003"].map((id) => accountWithDetector(app, id)));
  });
  afterAll(() => app.close());

  it("creates a filter as GuardDuty does, with version 1 and the criteria as given", async () => {
    const created = await create(standalone, "scanner.portscans", { a: "ARCHIVE", r: 3, desc: "Our vulnerability scanner", t: [{ key: "team", value: "sec" }] });
    expect(created.data?.createFilter).toEqual({
      name: "scanner.portscans",
      description: "Our vulnerability scanner",
      action: "ARCHIVE",
      rank: 3,
      version: 1,
      tags: { team: "sec" },
      findingCriteria: {
        criterion: [
          { attribute: "type", equals: ["Recon:EC2/Portscan"], notEquals: null, greaterThan: null, matches: null },
          { attribute: "resource.instanceDetails.imageId", equals: null, notEquals: null, greaterThan: null, matches: ["ami-scanner*"] },
        ],
      },
    });
  });

  it.each([
    ["a name too short", { n: "ab" }, /3 to 64 characters/],
    ["a name with a space", { n: "my filter" }, /3 to 64 characters/],
    ["a rank out of range", { r: 101 }, /rank must be between 1 and 100/],
    ["a long description", { desc: "x".repeat(513) }, /at most 512/],
    ["an unknown attribute", { c: { criterion: [{ attribute: "resource.nope", equals: ["x"] }] } }, /Unknown finding attribute/],
    ["an attribute twice", { c: { criterion: [{ attribute: "type", equals: ["a"] }, { attribute: "type", notEquals: ["b"] }] } }, /appears twice/],
  ])("refuses %s", async (_case, variables, message) => {
    const result = await app.gql(CREATE, { d: standalone.detectorId, n: "valid-name", c: portscanOnScanners, ...variables }, standalone.key);
    expect(result.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0].message).toMatch(message);
  });

  it("refuses a second filter of the same name", async () => {
    await create(standalone, "twice");
    expect((await create(standalone, "twice")).errors?.[0].extensions?.code).toBe("CONFLICT");
  });

  it("updates (version + 1), gets, lists by rank then name, pages, and deletes", async () => {
    const owner = await accountWithDetector(app, "320000000004");
    for (const [name, rank] of [["zeta", 1], ["alpha", 2], ["beta", 2], ["gamma", 5]] as const) await create(owner, name, { r: rank });
    const updated = await app.gql(
      `mutation($d: ID!) { updateFilter(detectorId: $d, filterName: "gamma", rank: 1, action: ARCHIVE, findingCriteria: {criterion: [{attribute: "severity", greaterThan: 7}]}) { ${FILTER} } }`,
      { d: owner.detectorId },
      owner.key,
    );
    expect(updated.data?.updateFilter).toMatchObject({ rank: 1, action: "ARCHIVE", version: 2, findingCriteria: { criterion: [{ attribute: "severity", greaterThan: 7 }] } });
    const names: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await app.gql(`query($d: ID!, $a: String) { listFilters(detectorId: $d, first: 3, after: $a) { filters { name } nextCursor } }`, { d: owner.detectorId, a: after }, owner.key);
      names.push(...page.data.listFilters.filters.map((f: { name: string }) => f.name));
      after = page.data.listFilters.nextCursor;
    } while (after);
    expect(names).toEqual(["gamma", "zeta", "alpha", "beta"]);
    const got = await app.gql(`query($d: ID!) { getFilter(detectorId: $d, filterName: "alpha") { name rank } }`, { d: owner.detectorId }, owner.key);
    expect(got.data?.getFilter).toEqual({ name: "alpha", rank: 2 });
    expect((await app.gql(`mutation($d: ID!) { deleteFilter(detectorId: $d, filterName: "alpha") }`, { d: owner.detectorId }, owner.key)).data?.deleteFilter).toBe(true);
    const gone = await app.gql(`query($d: ID!) { getFilter(detectorId: $d, filterName: "alpha") { name } }`, { d: owner.detectorId }, owner.key);
    expect(gone.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const audit = await app.gql(`{ auditEvents { events { operation securityRelevant } } }`, {}, owner.key);
    const filterEvents = audit.data?.auditEvents.events.filter((e: { operation: string }) => e.operation.endsWith("Filter"));
    // Turning a filter into a suppression rule is what someone hiding activity would do.
    expect(filterEvents).toEqual(expect.arrayContaining([{ operation: "updateFilter", securityRelevant: true }, { operation: "deleteFilter", securityRelevant: false }]));
  });

  it("keeps the per-detector limit, also under concurrent creations", async () => {
    const owner = await accountWithDetector(app, "320000000005");
    const limited = new FilterService(app.database.db, app.services.audit, 3);
    const actor = await app.services.authenticator.authenticate(owner.key);
    const results = await Promise.allSettled(["f-1", "f-2", "f-3", "f-4", "f-5"].map((name) => limited.create(actor, owner.detectorId, { name, findingCriteria: { criterion: { type: { equals: ["x"] } } } })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason.message).toBe("A detector has at most 3 filters.");
  });

  it("leaves filters to the administrator once an account is a member, and applies the administrator's rules to its findings", async () => {
    // Before joining, the member had a suppression rule of its own; afterwards its administrator's govern.
    await create(member, "own-rule", { a: "ARCHIVE", c: { criterion: [{ attribute: "type", equals: ["Recon:IAMUser/MaliciousIPCaller"] }] } });
    await associate(app, admin, member);
    const refused = await create(member, "another");
    expect(refused.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(refused.errors?.[0].message).toContain(admin.accountId);
    const listed = await app.gql(`query($d: ID!) { listFilters(detectorId: $d) { filters { name } } }`, { d: member.detectorId }, member.key);
    expect(listed.data?.listFilters.filters).toEqual([{ name: "own-rule" }]);

    await create(admin, "ssh-noise", { a: "ARCHIVE", r: 2, c: { criterion: [{ attribute: "type", equals: ["UnauthorizedAccess:EC2/SSHBruteForce"] }] } });
    await create(admin, "saved-view", { a: "NOOP", r: 1, c: { criterion: [{ attribute: "severity", greaterThan: 0 }] } });
    const rules = await app.services.filters.suppressionRulesFor([member.detectorId, admin.detectorId, standalone.detectorId]);
    expect(rules.get(member.detectorId)?.map((r) => r.filterName)).toEqual(["ssh-noise"]);
    expect(rules.get(admin.detectorId)?.map((r) => r.filterName)).toEqual(["ssh-noise"]);
    expect(rules.get(standalone.detectorId)?.map((r) => r.filterName)).toEqual(["scanner.portscans"]);

    // What the pipeline does with them: new matching findings are stored archived and suppressed.
    const findings = [0, 1, 2, 3].map((n) => syntheticFinding(member.detectorId, member.accountId, n));
    const suppressed = suppressedFindingIds(findings, rules);
    expect([...suppressed]).toEqual([findings[0].id]);
    await storeFindings(app.database.db, findings, suppressed);
    const stored = await app.database.db.finding.findMany({ where: { detectorId: member.detectorId }, orderBy: { id: "asc" } });
    expect(stored.map((f) => [f.type, f.suppressed, f.archived, (f.data as any).service.archived])).toEqual([
      ["UnauthorizedAccess:EC2/SSHBruteForce", true, true, true],
      ["Recon:IAMUser/MaliciousIPCaller", false, false, false],
      ["Policy:S3/BucketPublicAccessGranted", false, false, false],
      ["Trojan:EC2/DNSDataExfiltration", false, false, false],
    ]);
  });
});
