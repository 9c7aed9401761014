import { defaultEngine } from "../engine/default-engine.js";
import type { FindingCandidate } from "../engine/types.js";
import type { CloudTrailEvent } from "../events.js";
import { buildFinding } from "../findings/build-finding.js";
import { findingId } from "../findings/finding-id.js";
import { attackRecords, call, createAccessKey, enumeration, events, getObjects, secretReads, shareSnapshot, stopLogging } from "../testing/attack-story.js";
import { testContext, type RawRecord } from "../testing/cloudtrail.js";
import { detectSequences } from "./detect-sequences.js";
import { linkSequenceMembers } from "./link-members.js";
import type { SequenceDetection } from "./sequence-types.js";
import { DEFAULT_SEQUENCE_SETTINGS, sequenceSettings } from "./settings.js";
import { MemorySequenceStore } from "./store.js";

const engine = defaultEngine();
const context = testContext();
const DETECTOR = "d".repeat(32);
const options = { detectorId: DETECTOR, settings: DEFAULT_SEQUENCE_SETTINGS };

/** One batch as the pipeline runs it: rule candidates, then the sequences they and the events add to. */
async function runBatch(store: MemorySequenceStore, batch: CloudTrailEvent[], contribution: string, opts = options) {
  const candidates = engine.detect(batch, context);
  const sequences = await detectSequences(store, batch, candidates, contribution, opts);
  return { candidates, sequences };
}

async function runAll(records: RawRecord[], opts = options): Promise<FindingCandidate[]> {
  return (await runBatch(new MemorySequenceStore(), events(records), "object#0", opts)).sequences;
}

function sequenceOf(candidate: FindingCandidate) {
  return (candidate.sequence as SequenceDetection).sequence;
}

const ROLE_SESSION = {
  userIdentity: {
    type: "AssumedRole",
    principalId: "AROAEXAMPLEROLE00001:ops",
    arn: "arn:aws:sts::111122223333:assumed-role/deploy/ops",
    accountId: "111122223333",
    accessKeyId: "ASIAEXAMPLESESSION01",
    sessionContext: { sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/deploy", userName: "deploy", accountId: "111122223333", principalId: "AROAEXAMPLEROLE00001" } },
  },
};

describe("attack sequences", () => {
  it("raises one Critical AttackSequence:IAM/CompromisedCredentials for a stolen key's story, told as a timeline", async () => {
    const [sequence, ...others] = await runAll(attackRecords());
    expect(others).toEqual([]);
    expect(sequence.meta.type).toBe("AttackSequence:IAM/CompromisedCredentials");
    expect(sequence.severity).toBe(10);
    const detail = sequenceOf(sequence);
    expect(detail.description).toMatch(
      /^alice walked 4 stages in attack order \(.*\): 2026-03-01 12:01 enumerated 12 APIs in 7 services; 12:05 read 9 secrets; 12:08 .*access key.*backup-svc; 12:10 CloudTrail logging was disabled by .*; 12:14 .*prod-db-final.*999988887777/,
    );
    expect(detail.signals.map((s) => [s.type, s.name])).toEqual([
      ["CLOUD_TRAIL", "Discovery:enumeration"],
      ["CLOUD_TRAIL", "secretsmanager:GetSecretValue"],
      [expect.any(String), expect.stringMatching(/AccessKey/)],
      ["FINDING", "Stealth:IAMUser/CloudTrailLoggingDisabled"],
      ["FINDING", "Exfiltration:IAMUser/SnapshotSharedOutside"],
    ]);
    expect(detail.actors).toEqual([expect.objectContaining({ id: "key:AKIAEXAMPLEKEY000001", user: expect.objectContaining({ name: "alice", credentialUid: "AKIAEXAMPLEKEY000001" }) })]);
    expect(detail.endpoints).toEqual([{ id: "ip:198.51.100.20", ip: "198.51.100.20" }]);
    expect(detail.sequenceIndicators.find((i) => i.key === "ATTACK_TACTIC")?.values).toEqual(expect.arrayContaining(["Discovery", "Credential Access", "Persistence", "Defense Evasion", "Exfiltration"]));
  });

  it("names each member finding by its finding id, and the members name the sequence back", async () => {
    const batch = events(attackRecords());
    const { candidates, sequences } = await runBatch(new MemorySequenceStore(), batch, "object#0");
    const findings = [...candidates, ...sequences].map((candidate) => buildFinding(candidate, { detectorId: DETECTOR, geo: context.geo }));
    linkSequenceMembers(findings);
    const trail = findings.find((f) => f.type === "Stealth:IAMUser/CloudTrailLoggingDisabled")!;
    const sequence = findings.find((f) => f.type === "AttackSequence:IAM/CompromisedCredentials")!;
    expect((sequence.service.detection as SequenceDetection).sequence.signals.map((s) => s.uid)).toContain(trail.id);
    expect(trail.id).toBe(findingId(DETECTOR, trail.type, candidates.find((c) => c.meta.type === trail.type)!.aggregationKey));
    expect(trail.associatedAttackSequenceArn).toBe(sequence.arn);
  });

  it("also raises AttackSequence:S3/CompromisedData when the story reads S3 data", async () => {
    const types = (await runAll([...attackRecords(), ...getObjects(20, 30)])).map((c) => c.meta.type);
    expect(types).toEqual(["AttackSequence:IAM/CompromisedCredentials", "AttackSequence:S3/CompromisedData"]);
  });

  it("needs the stages in attack order: the same calls backwards are no sequence", async () => {
    const backwards = [shareSnapshot(1), stopLogging(3), createAccessKey(5), ...secretReads(8, 9), ...enumeration(10)];
    expect(await runAll(backwards)).toEqual([]);
  });

  it("does not raise on an administrator's busy day: many changes, a Describe burst, no evasion or exfiltration", async () => {
    const day = [
      ...enumeration(1),
      ...["ops-1", "ops-2", "ops-3"].flatMap((user, i) => [
        call(10 + i, "iam.amazonaws.com", "CreateUser", { requestParameters: { userName: user } }),
        createAccessKey(11 + i, { requestParameters: { userName: user } }),
        call(12 + i, "iam.amazonaws.com", "AttachUserPolicy", { requestParameters: { userName: user, policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" } }),
      ]),
      ...secretReads(30, 2),
    ];
    expect(await runAll(day)).toEqual([]);
  });

  it("does not raise on an infrastructure-as-code run through CloudFormation", async () => {
    const viaStack = { userIdentity: { ...ROLE_SESSION.userIdentity, invokedBy: "cloudformation.amazonaws.com" } };
    expect(await runAll(attackRecords(viaStack))).toEqual([]);
  });

  it("keeps a user and a role session from the same address in one story", async () => {
    const records = [...enumeration(1), ...secretReads(5, 3), createAccessKey(8, ROLE_SESSION), stopLogging(10, ROLE_SESSION)];
    const [sequence, ...others] = await runAll(records);
    expect(others).toEqual([]);
    expect(sequenceOf(sequence).actors.map((a) => a.id)).toEqual(["key:AKIAEXAMPLEKEY000001", "key:ASIAEXAMPLESESSION01"]);
  });

  it("follows the keys a user's AssumeRole handed out, whatever address the session calls from", async () => {
    const elsewhere = { ...ROLE_SESSION, sourceIPAddress: "203.0.113.9" };
    const assume = call(6, "sts.amazonaws.com", "AssumeRole", {
      requestParameters: { roleArn: "arn:aws:iam::111122223333:role/deploy", roleSessionName: "ops" },
      responseElements: { credentials: { accessKeyId: "ASIAEXAMPLESESSION01" } },
    });
    const records = [...enumeration(1), ...secretReads(5, 3), createAccessKey(8, elsewhere), stopLogging(10, elsewhere)];
    expect(await runAll(records)).toEqual([]);
    const [sequence] = await runAll([...records, assume]);
    expect(sequenceOf(sequence).description).toMatch(/12:06 assumed role deploy \(session key ASIAEXAMPLESESSION01\); 12:08 .*access key/);
  });

  it("does not let a sign-in climb a stage: a console login without MFA, changes and a shared snapshot are a day's work", async () => {
    const login = call(1, "signin.amazonaws.com", "ConsoleLogin", { eventType: "AwsConsoleSignIn", additionalEventData: { MFAUsed: "No" }, responseElements: { ConsoleLogin: "Success" } });
    const day = [login, createAccessKey(8), call(9, "iam.amazonaws.com", "UpdateAssumeRolePolicy", { requestParameters: { roleName: "app" } }), shareSnapshot(14)];
    expect(await runAll(day)).toEqual([]);
    expect(await runAll([...secretReads(0, 3), ...day])).toHaveLength(1);
  });

  it("keeps actors with nothing in common apart", async () => {
    const other = { sourceIPAddress: "203.0.113.9", userIdentity: { ...ROLE_SESSION.userIdentity } };
    expect(await runAll([...enumeration(1), ...secretReads(5, 3), createAccessKey(8, other), stopLogging(10, other)])).toEqual([]);
  });

  it("reads the threshold from its settings", async () => {
    expect(await runAll(attackRecords(), { ...options, settings: sequenceSettings({ minStages: 5 }) })).toEqual([]);
    expect(await runAll(attackRecords(), { ...options, settings: sequenceSettings({ minScore: 40 }) })).toEqual([]);
  });

  describe("across batches (memory store)", () => {
    it("extends the open sequence: a batch that adds signals raises the same finding again, one that adds none raises nothing", async () => {
      const store = new MemorySequenceStore();
      const records = attackRecords();
      expect((await runBatch(store, events(records.slice(0, 22), "a"), "a#0")).sequences).toEqual([]);
      const crossed = (await runBatch(store, events(records.slice(22), "b"), "b#0")).sequences;
      const grown = (await runBatch(store, events([createAccessKey(90, { requestParameters: { userName: "other" } })], "c"), "c#0")).sequences;
      const unrelated = (await runBatch(store, events([call(31, "ec2.amazonaws.com", "DescribeVpcs")], "d"), "d#0")).sequences;
      expect(crossed).toHaveLength(1);
      expect(grown).toHaveLength(1);
      expect(unrelated).toEqual([]);
      expect(grown[0].aggregationKey).toBe(crossed[0].aggregationKey);
      expect(sequenceOf(grown[0]).signals).toHaveLength(sequenceOf(crossed[0]).signals.length + 1);
    });

    it("takes a repeat of the same step by the same actor within the hour as the step it repeats", async () => {
      const store = new MemorySequenceStore();
      await runBatch(store, events(attackRecords(), "a"), "a#0");
      const sameHour = (await runBatch(store, events(secretReads(40, 2), "b"), "b#0")).sequences;
      const nextHour = (await runBatch(store, events(secretReads(61, 2), "c"), "c#0")).sequences;
      expect(sameHour).toEqual([]);
      expect(nextHour).toHaveLength(1);
    });

    it("a retried batch decides what its first run did and adds nothing twice", async () => {
      const store = new MemorySequenceStore();
      const records = attackRecords();
      const batchA = events(records.slice(0, 22), "a");
      const batchB = events(records.slice(22), "b");
      await runBatch(store, batchA, "a#0");
      const firstRun = (await runBatch(store, batchB, "b#0")).sequences;
      const later = (await runBatch(store, events([createAccessKey(90, { requestParameters: { userName: "other" } })], "c"), "c#0")).sequences;
      const retried = (await runBatch(store, batchB, "b#0")).sequences;
      expect(retried).toEqual(firstRun);
      const again = (await runBatch(store, batchA, "a#0")).sequences;
      expect(again).toEqual([]);
      expect(sequenceOf(later[0]).signals).toHaveLength(6);
    });
  });

  it("forgets signals older than the window before the newest", async () => {
    const store = new MemorySequenceStore();
    const records = attackRecords();
    await runBatch(store, events(records.slice(0, 22), "a"), "a#0");
    const dayLater = records.slice(22).map((record) => ({ ...record, eventTime: new Date(Date.parse(record.eventTime as string) + 25 * 3600_000).toISOString() }));
    expect((await runBatch(store, events(dayLater, "b"), "b#0")).sequences).toEqual([]);
  });
});
