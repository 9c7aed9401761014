import { defaultEngine } from "../engine/default-engine.js";
import { attackRecords, call, createAccessKey, enumeration, events, secretReads, stopLogging } from "../testing/attack-story.js";
import { testContext } from "../testing/cloudtrail.js";
import { collectSignals } from "./collect.js";
import { DEFAULT_SEQUENCE_SETTINGS as SETTINGS } from "./settings.js";

const engine = defaultEngine();
const context = testContext();

function signalsOf(records: ReturnType<typeof attackRecords>) {
  const batch = events(records);
  return collectSignals(batch, engine.detect(batch, context), SETTINGS);
}

/** The weak signals alone, as if no rule had fired: how their phrases read. */
function weakSignalsOf(records: ReturnType<typeof attackRecords>) {
  return collectSignals(events(records), [], SETTINGS);
}

describe("collectSignals", () => {
  it("folds one actor's reads of secrets in a batch into one signal that counts them", () => {
    const [signal] = signalsOf(secretReads(5, 9));
    expect(signal).toMatchObject({ name: "secretsmanager:GetSecretValue", tactic: "Credential Access", stage: 1, count: 9, summary: "read 9 secrets", type: "CLOUD_TRAIL" });
    expect(signal.eventIds).toHaveLength(9);
    expect(signal.actor).toMatchObject({ accessKeyId: "AKIAEXAMPLEKEY000001", principal: "arn:aws:iam::111122223333:user/alice", sourceIp: "198.51.100.20" });
  });

  it("names the one resource a single call acted on", () => {
    expect(weakSignalsOf([createAccessKey(8)]).map((s) => s.summary)).toEqual(["created access key for user backup-svc"]);
  });

  it("gives a batch read twice the same signal ids", () => {
    const records = attackRecords();
    expect(signalsOf(records).map((s) => s.id)).toEqual(signalsOf(records).map((s) => s.id));
  });

  it("lets a finding speak for its event instead of a weak signal", () => {
    const signals = signalsOf([stopLogging(10)]);
    expect(signals.map((s) => [s.type, s.name, s.stage])).toEqual([["FINDING", "Stealth:IAMUser/CloudTrailLoggingDisabled", 3]]);
    expect(signals[0].finding?.type).toBe("Stealth:IAMUser/CloudTrailLoggingDisabled");
    expect(signals[0].api).toBe("cloudtrail:StopLogging");
  });

  it("raises an enumeration signal for many kinds of reads across services, and none for a few", () => {
    expect(signalsOf(enumeration(1)).map((s) => s.summary)).toContain("enumerated 12 APIs in 7 services");
    expect(signalsOf(enumeration(1).slice(0, 6))).toEqual([]);
  });

  it("raises a denied-calls signal for a burst of refusals, and marks a denied sensitive call as an attempt", () => {
    const denied = Array.from({ length: 6 }, () => call(3, "ec2.amazonaws.com", "DescribeInstanceAttribute", { errorCode: "Client.UnauthorizedOperation", requestParameters: { attribute: "userData", instanceId: "i-0abc" } }));
    const signals = signalsOf(denied);
    expect(signals.map((s) => s.name).sort()).toEqual(["Discovery:deniedCalls", "ec2:DescribeInstanceAttribute!denied"]);
    const attempt = signals.find((s) => s.name.endsWith("!denied"))!;
    expect(attempt.summary).toBe("was denied: read instance user data i-0abc (6 calls)");
    expect(attempt.severity).toBe(2);
  });

  it("ignores calls AWS makes for the account (CloudFormation) and reads of SSM parameters without decryption", () => {
    const viaStack = createAccessKey(8, { userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/cfn/x", accountId: "111122223333", invokedBy: "cloudformation.amazonaws.com" } });
    const plainRead = call(6, "ssm.amazonaws.com", "GetParameter", { requestParameters: { name: "/app/url" } });
    expect(signalsOf([viaStack, plainRead])).toEqual([]);
  });

  it("keeps a public caller address and drops private ones and service names", () => {
    const [viaEndpoint] = signalsOf([createAccessKey(8, { sourceIPAddress: "10.0.1.5" })]);
    const [byService] = signalsOf([createAccessKey(8, { sourceIPAddress: "lambda.amazonaws.com" })]);
    expect(viaEndpoint.actor.sourceIp).toBeUndefined();
    expect(byService.actor.sourceIp).toBeUndefined();
  });
});

describe("collectSignals: timeline phrases of several resources", () => {
  it("names a few resources and counts more, in the plural of both nouns", () => {
    const keys = ["u1", "u2", "u3", "u4"].map((user) => createAccessKey(8, { requestParameters: { userName: user } }));
    const pushes = ["i-1", "i-2"].map((instanceId) => call(9, "ec2-instance-connect.amazonaws.com", "SendSSHPublicKey", { requestParameters: { instanceId } }));
    const userData = ["i-1", "i-2"].map((instanceId) => call(9, "ec2.amazonaws.com", "DescribeInstanceAttribute", { requestParameters: { attribute: "userData", instanceId } }));
    expect(weakSignalsOf([...keys, ...pushes, ...userData]).map((s) => s.summary).sort()).toEqual([
      "created 4 access keys for users",
      "pushed SSH keys to instances i-1, i-2",
      "read instance user data i-1, i-2",
    ]);
  });
});
