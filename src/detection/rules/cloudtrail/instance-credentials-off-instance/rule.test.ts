import { SEVERITY } from "../../../engine/types.js";
import { apiCall, INSTANCE_SESSION, testContext } from "../../../testing/cloudtrail.js";
import { callSeries, runInBatches } from "../../../testing/cloudtrail-batches.js";
import { instanceCredentialsOffInstanceRule } from "./rule.js";

const TYPE = "CredentialAccess:IAMUser/InstanceCredentialsUsedOffInstance";
/** An EC2 address (in AWS's published ranges, as the test context loads them). */
const AWS_ADDRESS = "52.42.146.205";

function otherInstance(id: string) {
  return { ...INSTANCE_SESSION, principalId: `AROAEXAMPLEROLE00001:${id}`, arn: `arn:aws:sts::111122223333:assumed-role/web-server/${id}` };
}

function roleSession(role: string, session: string) {
  return {
    type: "AssumedRole",
    principalId: `AROAEXAMPLE${role.length}:${session}`,
    arn: `arn:aws:sts::111122223333:assumed-role/${role}/${session}`,
    accountId: "111122223333",
    sessionContext: { sessionIssuer: { type: "Role", arn: `arn:aws:iam::111122223333:role/${role}`, accountId: "111122223333", userName: role } },
  };
}

const USER_CALL = { sourceIPAddress: AWS_ADDRESS, eventSource: "ssm.amazonaws.com", eventName: "SendCommand" };
const INSTANCE_CALL = { sourceIPAddress: AWS_ADDRESS, userIdentity: INSTANCE_SESSION, eventSource: "sts.amazonaws.com", eventName: "GetCallerIdentity" };

/** The user's calls, then the instance session's, one second apart. */
function pair(user: Record<string, unknown>, instance: Record<string, unknown>, userCalls = 3) {
  return callSeries(userCalls + 2, (i) => apiCall(i < userCalls ? user : instance));
}

describe("InstanceCredentialsUsedOffInstance", () => {
  it("fires when an AWS address used an IAM user's key and then an instance's role session", () => {
    const found = runInBatches(instanceCredentialsOffInstanceRule(), pair(USER_CALL, INSTANCE_CALL));
    expect(found).toHaveLength(1);
    const [candidate] = found;
    expect([candidate.meta.type, candidate.severity, candidate.meta.vigilOnly]).toEqual([TYPE, SEVERITY.HIGH, true]);
    expect(candidate.aggregationKey).toBe(`111122223333|${AWS_ADDRESS}`);
    expect(candidate.action).toMatchObject({ api: "GetCallerIdentity", caller: AWS_ADDRESS, affectedResources: { "AWS::EC2::Instance": "i-0123456789abcdef0" } });
    expect(candidate.templateValues).toMatchObject({ instance: "i-0123456789abcdef0", otherPrincipal: "arn:aws:iam::111122223333:user/alice" });
  });

  it("fires whichever came first, and for root or an Identity Center session as the other principal", () => {
    const rule = instanceCredentialsOffInstanceRule();
    expect(runInBatches(rule, callSeries(4, (i) => apiCall(i < 2 ? INSTANCE_CALL : USER_CALL)))).toHaveLength(1);
    const root = { type: "Root", principalId: "111122223333", arn: "arn:aws:iam::111122223333:root", accountId: "111122223333" };
    expect(runInBatches(rule, pair({ ...USER_CALL, userIdentity: root }, INSTANCE_CALL))).toHaveLength(1);
    const sso = roleSession("AWSReservedSSO_AdministratorAccess_0123456789abcdef", "alice@example.com");
    expect(runInBatches(rule, pair({ ...USER_CALL, userIdentity: sso }, INSTANCE_CALL))).toHaveLength(1);
  });

  it("stays quiet on a NAT gateway: many instances' sessions and workload role sessions behind one address", () => {
    const records = callSeries(30, (i) =>
      apiCall({
        ...INSTANCE_CALL,
        userIdentity: i % 3 === 2 ? roleSession("order-service-lambda", "order-service") : otherInstance(`i-0${String(i).padStart(16, "0")}`),
      }),
    );
    expect(runInBatches(instanceCredentialsOffInstanceRule(), records)).toEqual([]);
  });

  it.each([
    ["different addresses", { ...USER_CALL, sourceIPAddress: "52.42.146.206" }, INSTANCE_CALL],
    ["a VPC endpoint (the instance's own private address)", { ...USER_CALL, sourceIPAddress: "10.0.1.50", vpcEndpointId: "vpce-1" }, { ...INSTANCE_CALL, sourceIPAddress: "10.0.1.50", vpcEndpointId: "vpce-1" }],
    ["a private address", { ...USER_CALL, sourceIPAddress: "10.0.1.50" }, { ...INSTANCE_CALL, sourceIPAddress: "10.0.1.50" }],
    ["an address outside AWS (OutsideAWS raises that)", { ...USER_CALL, sourceIPAddress: "81.2.69.142" }, { ...INSTANCE_CALL, sourceIPAddress: "81.2.69.142" }],
    ["calls an AWS service made for the session", USER_CALL, { ...INSTANCE_CALL, userIdentity: { ...INSTANCE_SESSION, invokedBy: "ssm.amazonaws.com" } }],
  ])("stays quiet for %s", (_case, user, instance) => {
    expect(runInBatches(instanceCredentialsOffInstanceRule(), pair(user, instance))).toEqual([]);
  });

  it("stays quiet when the two fall in different windows", () => {
    const records = [
      ...callSeries(1, () => apiCall(USER_CALL), Date.parse("2026-03-01T10:10:00Z")),
      ...callSeries(1, () => apiCall(INSTANCE_CALL), Date.parse("2026-03-01T11:10:00Z")),
    ];
    expect(runInBatches(instanceCredentialsOffInstanceRule(), records, testContext(), 1)).toEqual([]);
  });

  it("decides the same however the window's events are batched", () => {
    const records = pair(USER_CALL, INSTANCE_CALL, 5);
    const once = runInBatches(instanceCredentialsOffInstanceRule(), records, testContext(), 100);
    const oneByOne = runInBatches(instanceCredentialsOffInstanceRule(), records, testContext(), 1);
    expect(oneByOne.at(-1)?.templateValues).toEqual(once[0].templateValues);
    expect(oneByOne.at(-1)?.source).toEqual(once[0].source);
  });
});
