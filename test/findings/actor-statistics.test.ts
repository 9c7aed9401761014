import type { Finding, FindingAction, FindingResource } from "../../src/detection/findings/types";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { storeFindings, syntheticFinding } from "./support/findings";

const ACTORS = `query($d: ID!, $c: FindingCriteriaInput, $o: OrderBy, $m: Int) {
  getFindingsStatistics(detectorId: $d, groupBy: ACTOR, findingCriteria: $c, orderBy: $o, maxResults: $m) { groupedByActor { actorType actorId accountId totalFindings } } }`;

type ActorGroup = { actorType: string; actorId: string; accountId: string | null; totalFindings: number };

const remote = (ipAddressV4: string) => ({ ipAddressV4 });
const apiCall = (ip: string): FindingAction => ({ actionType: "AWS_API_CALL", awsApiCallAction: { api: "ListBuckets", serviceName: "s3.amazonaws.com", callerType: "Remote IP", remoteIpDetails: remote(ip), affectedResources: {} } });
const connection = (direction: "INBOUND" | "OUTBOUND", ip: string): FindingAction => ({
  actionType: "NETWORK_CONNECTION",
  networkConnectionAction: { connectionDirection: direction, protocol: "TCP", blocked: false, remoteIpDetails: remote(ip) },
});
const probe = (...ips: string[]): FindingAction => ({
  actionType: "PORT_PROBE",
  portProbeAction: { blocked: false, portProbeDetails: ips.map((ip) => ({ localPortDetails: { port: 22, portName: "SSH" }, remoteIpDetails: remote(ip) })) },
});
const key = (accessKeyId: string, userName: string): FindingResource => ({ resourceType: "AccessKey", accessKeyDetails: { accessKeyId, userName, userType: "IAMUser" } });
const instance: FindingResource = { resourceType: "Instance", instanceDetails: { instanceId: "i-00000001" } };

describe("top actors (getFindingsStatistics groupBy ACTOR)", () => {
  let app: TestApp;
  let admin: TestAccount;
  let member: TestAccount;
  let outsider: TestAccount;

  const finding = (account: TestAccount, n: number, resource: FindingResource, action: FindingAction): Finding => {
    const base = syntheticFinding(account.detectorId, account.accountId, n);
    return { ...base, resource, service: { ...base.service, action } };
  };
  const actors = async (caller: TestAccount, variables: Record<string, unknown> = {}) => {
    const result = await app.gql(ACTORS, { d: caller.detectorId, ...variables }, caller.key);
    expect(result.errors).toBeUndefined();
    return result.data?.getFindingsStatistics.groupedByActor as ActorGroup[];
  };

  beforeAll(async () => {
    app = await startTestApp();
    [admin, member, outsider] = await Promise.all(["320000000001", "320000000002", "320000000003"].map((id) => accountWithDetector(app, id)));
    await associate(app, admin, member);
    await storeFindings(app.database.db, [
      finding(admin, 0, key("AKIAADMIN", "deploy"), apiCall("203.0.113.7")),
      finding(admin, 1, key("AKIAADMIN", "deploy"), apiCall("203.0.113.7")),
      finding(admin, 2, instance, connection("INBOUND", "203.0.113.7")),
      // Where an instance went is not who acted.
      finding(admin, 3, instance, connection("OUTBOUND", "198.51.100.99")),
      // One prober named twice counts once.
      finding(admin, 4, instance, probe("203.0.113.8", "203.0.113.8", "203.0.113.9")),
      finding(member, 0, key("AKIAMEMBER", "deploy"), apiCall("203.0.113.7")),
      finding(outsider, 0, key("AKIAOUTSIDER", "<img src=x onerror=alert(1)>"), apiCall("192.0.2.1")),
    ]);
  });
  afterAll(() => app.close());

  it("counts the keys, principals and remote addresses of the findings an administrator sees, an address across accounts", async () => {
    expect(await actors(admin)).toEqual([
      { actorType: "IP_ADDRESS", actorId: "203.0.113.7", accountId: null, totalFindings: 4 },
      { actorType: "ACCESS_KEY", actorId: "AKIAADMIN", accountId: admin.accountId, totalFindings: 2 },
      { actorType: "PRINCIPAL", actorId: "deploy", accountId: admin.accountId, totalFindings: 2 },
      { actorType: "ACCESS_KEY", actorId: "AKIAMEMBER", accountId: member.accountId, totalFindings: 1 },
      { actorType: "IP_ADDRESS", actorId: "203.0.113.8", accountId: null, totalFindings: 1 },
      { actorType: "IP_ADDRESS", actorId: "203.0.113.9", accountId: null, totalFindings: 1 },
      { actorType: "PRINCIPAL", actorId: "deploy", accountId: member.accountId, totalFindings: 1 },
    ]);
  });

  // Ties are ordered by kind (ACCESS_KEY, IP_ADDRESS, PRINCIPAL), then id.
  it("shows a member its own actors and a standalone account its own, hostile names as stored", async () => {
    expect((await actors(member)).map((g) => [g.actorId, g.totalFindings])).toEqual([["AKIAMEMBER", 1], ["203.0.113.7", 1], ["deploy", 1]]);
    expect((await actors(outsider)).map((g) => g.actorId)).toEqual(["AKIAOUTSIDER", "192.0.2.1", "<img src=x onerror=alert(1)>"]);
  });

  it("honours the criteria, the order and maxResults", async () => {
    const onlyAdmin = { criterion: [{ attribute: "accountId", equals: [admin.accountId] }, { attribute: "resource.resourceType", equals: ["AccessKey"] }] };
    expect((await actors(admin, { c: onlyAdmin })).map((g) => [g.actorId, g.totalFindings])).toEqual([["AKIAADMIN", 2], ["203.0.113.7", 2], ["deploy", 2]]);
    const fewest = await actors(admin, { o: "ASC", m: 2 });
    expect(fewest.map((g) => g.totalFindings)).toEqual([1, 1]);
    const tooMany = await app.gql(ACTORS, { d: admin.detectorId, m: 101 }, admin.key);
    expect(tooMany.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});
