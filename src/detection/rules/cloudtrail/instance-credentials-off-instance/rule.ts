/**
 * CredentialAccess:IAMUser/InstanceCredentialsUsedOffInstance (Vigil type, windowed).
 *
 * An attacker who reads an instance's role credentials (SSM command, SSRF to the metadata service)
 * and uses them from a machine of their own inside AWS passes InstanceCredentialExfiltration.OutsideAWS:
 * the address is in AWS's ranges, like the instance's own. What gives it away is the company the
 * address keeps: the same machine also calls with the attacker's own IAM user key, root or a person's
 * session. So: within one window, one public AWS address served an instance-profile session (session
 * name = instance id) AND a principal that is no instance — an IAM user, root, a federated or
 * Identity Center user, or a role session issued through IAM Identity Center (AWSReservedSSO_*).
 *
 * Quiet by construction on:
 * - NAT gateways: many instances behind one address show instance sessions only; other role sessions
 *   (Lambda, ECS tasks, CodeBuild behind the same NAT) are not counted as people.
 * - VPC endpoints and private addresses: the address is then the caller's own private address, and
 *   the same private address is the same host — the instance itself, its credentials on it. Another
 *   account's endpoint is InstanceCredentialExfiltration.InsideAWS's to raise.
 * - Addresses outside AWS: InstanceCredentialExfiltration.OutsideAWS already raises those.
 * - Calls an AWS service made (invokedBy): the address is the service's, not a machine's.
 * Not told apart: an instance that holds an IAM user's key beside its role (keys copied onto a
 * server) shows the same pair; that is itself a practice worth a look, and the reason this is a
 * finding to check, not proof.
 *
 * Windows are tumbling: a pair straddling two windows is missed, hence 30 minutes, wide for the
 * minutes between an SSM command and the stolen credentials' first use, narrow for one NAT address's
 * day of traffic.
 */
import type { CloudTrailEvent, CloudTrailIdentity } from "../../../events.js";
import type { WindowedRule } from "../../../engine/types.js";
import { windowStart } from "../../../engine/windows.js";
import { addFlag, emptyFlags, mergeFlags, type FlagMap } from "../../flow/shared/capped.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { laterSample, sampleOf, type BurstSample } from "../shared/distinct-burst.js";
import { principalLabel } from "../shared/identity.js";
import { sourceAddressKind } from "../shared/source-address.js";
import { instanceSessionId } from "../instance-credential-exfiltration/instance-session.js";
import { INSTANCE_CREDENTIALS_USED_OFF_INSTANCE } from "./meta.js";

const WINDOW_MS = 30 * 60_000;
/** Principals kept per address and kind: enough to name them, bounded for a busy NAT address. */
const CAP = 16;
const SEEN = 1;

/** `instances`/`others`: labels (ARNs) of the principals seen; `sample`: the newest instance-session call. */
export type OffInstancePartial = { instances: FlagMap; others: FlagMap; sample: BurstSample | null };

const PERSON_TYPES = new Set(["IAMUser", "Root", "FederatedUser", "IdentityCenterUser"]);

/** A principal that stands for a person or their long-term key, never for a workload on AWS compute. */
function isPersonPrincipal(identity: CloudTrailIdentity): boolean {
  if (PERSON_TYPES.has(identity.type)) return true;
  return identity.type === "AssumedRole" && (identity.sessionIssuer?.userName?.startsWith("AWSReservedSSO_") ?? false);
}

function later(a: BurstSample | null, b: BurstSample | null): BurstSample | null {
  return a === null ? b : b === null ? a : laterSample(a, b);
}

export function instanceCredentialsOffInstanceRule(): WindowedRule<CloudTrailEvent, OffInstancePartial> {
  return {
    id: "instance-credentials-off-instance",
    kind: "cloudtrail",
    findingTypes: [INSTANCE_CREDENTIALS_USED_OFF_INSTANCE],
    windowMs: WINDOW_MS,
    accumulate(event, context, partials) {
      const identity = event.identity;
      if (identity.invokedBy || (identity.type !== "AssumedRole" && !PERSON_TYPES.has(identity.type))) return;
      const isInstance = instanceSessionId(identity) !== undefined;
      if (!isInstance && !isPersonPrincipal(identity)) return;
      // Most people call from outside AWS: the range check keeps their addresses out of the windows. It
      // goes first, being remembered per address; the public-address test then runs on AWS's addresses only.
      if (event.vpcEndpointId || !context.awsRanges.find(event.sourceIp) || sourceAddressKind(event.sourceIp) !== "public") return;
      const key = `${windowStart(event.time, WINDOW_MS)}|${event.accountId}|${event.sourceIp}`;
      let partial = partials.get(key);
      if (!partial) partials.set(key, (partial = { instances: emptyFlags(), others: emptyFlags(), sample: null }));
      if (isInstance) {
        addFlag(partial.instances, principalLabel(identity), SEEN);
        if (partial.sample === null || laterSample(partial.sample, event) === event) partial.sample = sampleOf(event);
      } else {
        addFlag(partial.others, principalLabel(identity), SEEN);
      }
    },
    merge: (a, b) => ({ instances: mergeFlags(a.instances, b.instances, CAP), others: mergeFlags(a.others, b.others, CAP), sample: later(a.sample, b.sample) }),
    decide(_key, merged, _context, emit) {
      if (merged.sample === null || Object.keys(merged.others).length === 0) return;
      const event = merged.sample;
      const instance = instanceSessionId(event.identity) ?? "unknown-instance";
      const otherPrincipals = Object.keys(merged.others).sort();
      emit(
        apiCallCandidate(INSTANCE_CREDENTIALS_USED_OFF_INSTANCE, event, {
          key: [event.sourceIp],
          affectedResources: { "AWS::EC2::Instance": instance },
          templateValues: { instance, otherPrincipal: otherPrincipals[0], windowMinutes: String(WINDOW_MS / 60_000) },
          additionalInfo: { windowMinutes: WINDOW_MS / 60_000, instanceSessions: Object.keys(merged.instances).sort(), otherPrincipals },
        }),
      );
    },
  };
}
