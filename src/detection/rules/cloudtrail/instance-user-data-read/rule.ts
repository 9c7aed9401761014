/**
 * Discovery:IAMUser/InstanceUserDataRead — ec2 DescribeInstanceAttribute with attribute=userData by one
 * identity, over instances whose other attributes it did not read in the same window.
 *
 * Infrastructure as code (Terraform's instance refresh) and the console's instance page read user data
 * beside disableApiTermination, instanceInitiatedShutdownBehavior and the rest; a harvester asks for
 * user data alone. An instance whose other attributes the identity also read is not counted — so a
 * later read of another attribute can withdraw an instance from the count (the only non-monotone
 * step; a batch cut between a tool's userData call and its other calls could raise a Low). Reads
 * made by AWS services and failed reads are left out (denied ones are DeniedCallsBurst's).
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type WindowedRule } from "../../../engine/types.js";
import { isAwsActingForAccount } from "../shared/aws-acting.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { identityBurstRule, type IdentityBurstPartial } from "../shared/identity-burst.js";
import { principalKey } from "../shared/identity.js";
import { field, text } from "../shared/request.js";
import { INSTANCE_USER_DATA_READ } from "./meta.js";

export type UserDataSettings = { windowMs: number; /** Instances from which the finding is Medium. */ mediumInstances: number };

export const USER_DATA_DEFAULTS: UserDataSettings = { windowMs: 10 * 60_000, mediumInstances: 2 };

const USER_DATA = "|userData";
const OTHER = "|other";

/** Instances read for user data and nothing else. */
export function userDataOnly(values: readonly string[]): string[] {
  const other = new Set(values.filter((value) => value.endsWith(OTHER)).map((value) => value.slice(0, -OTHER.length)));
  return values.filter((value) => value.endsWith(USER_DATA)).map((value) => value.slice(0, -USER_DATA.length)).filter((instance) => !other.has(instance));
}

export function instanceUserDataReadRule(overrides: Partial<UserDataSettings> = {}): WindowedRule<CloudTrailEvent, IdentityBurstPartial> {
  const settings = { ...USER_DATA_DEFAULTS, ...overrides };
  return identityBurstRule({
    id: "instance-user-data-read",
    findingTypes: [INSTANCE_USER_DATA_READ],
    settings: { windowMs: settings.windowMs, cap: 128 },
    triggers: [{ eventSource: "ec2.amazonaws.com", eventNames: ["DescribeInstanceAttribute"] }],
    observe(event) {
      if (event.eventName !== "DescribeInstanceAttribute" || event.eventSource !== "ec2.amazonaws.com" || event.errorCode !== undefined) return undefined;
      if (isAwsActingForAccount(event)) return undefined;
      const instance = text(field(event.requestParameters, "instanceId"));
      if (!instance) return undefined;
      return { subject: "", values: [instance + (text(field(event.requestParameters, "attribute")) === "userData" ? USER_DATA : OTHER)] };
    },
    decide(values, sample, _subject, _context, emit) {
      const instances = userDataOnly(values);
      if (instances.length === 0) return;
      emit(
        apiCallCandidate(INSTANCE_USER_DATA_READ, sample, {
          key: [principalKey(sample.identity)],
          severity: instances.length >= settings.mediumInstances ? INSTANCE_USER_DATA_READ.severity : SEVERITY.LOW,
          affectedResources: { "AWS::EC2::Instance": instances.join(",") },
          templateValues: { instances: String(instances.length), instanceList: instances.join(", "), window: String(settings.windowMs / 60_000) },
          additionalInfo: { instances, windowMinutes: settings.windowMs / 60_000 },
        }),
      );
    },
  });
}
