/**
 * UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS and .InsideAWS (rule part).
 *
 * OutsideAWS: an instance-profile session calls from a public address outside every published AWS
 * prefix. Not evidence of theft: private addresses (the call came through a VPC endpoint or the
 * instance's own network), AWS service names in place of an address, calls an AWS service made on
 * the session's behalf (invokedBy), and the SSM agent's own channel (ssmmessages, ec2messages).
 *
 * InsideAWS: the call came through a VPC endpoint owned by another account than the role's
 * (CloudTrail's vpcEndpointAccountId). Medium when that account is known (same organization, or one the
 * operator trusts: shared/accounts.ts); such an endpoint is shared networking, still worth a look.
 * A public AWS address alone is not enough: it is also what an instance with a public address or a
 * NAT gateway shows, and CloudTrail does not say which account owns it.
 *
 * GuardDuty also learns each role's usual remote sources and stops alerting on them; that baseline
 * is left to the baselines work (a trusted list covers known egress addresses meanwhile).
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type CloudTrailRule, type DetectionContext, type Emit } from "../../../engine/types.js";
import { isOutsideAccount } from "../shared/accounts.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { principalKey } from "../shared/identity.js";
import { text } from "../shared/request.js";
import { sourceAddressKind } from "../shared/source-address.js";
import { instanceSessionId } from "./instance-session.js";
import { INSTANCE_CREDENTIAL_EXFILTRATION_INSIDE_AWS, INSTANCE_CREDENTIAL_EXFILTRATION_OUTSIDE_AWS } from "./meta.js";

/** The SSM agent's control channel: its calls follow the agent's network path, not a person's. */
const AGENT_CHANNEL_SOURCES = new Set(["ssmmessages.amazonaws.com", "ec2messages.amazonaws.com"]);

function roleAccount(event: CloudTrailEvent): string {
  return event.identity.sessionIssuer?.accountId ?? event.identity.accountId ?? event.accountId;
}

function checkVpcEndpoint(event: CloudTrailEvent, instance: string, context: DetectionContext, emit: Emit): void {
  const endpointAccount = text(event.raw.vpcEndpointAccountId);
  if (!endpointAccount || endpointAccount === roleAccount(event)) return;
  const affiliated = !isOutsideAccount(endpointAccount, event, context);
  emit(
    apiCallCandidate(INSTANCE_CREDENTIAL_EXFILTRATION_INSIDE_AWS, event, {
      key: [principalKey(event.identity)],
      severity: affiliated ? SEVERITY.MEDIUM : SEVERITY.HIGH,
      remoteAccountDetails: { accountId: endpointAccount, affiliated },
      affectedResources: { "AWS::EC2::Instance": instance },
      templateValues: { instance, remoteAccount: endpointAccount },
      additionalInfo: { vpcEndpointId: event.vpcEndpointId, vpcEndpointAccountId: endpointAccount },
    }),
  );
}

export const instanceCredentialExfiltrationRule: CloudTrailRule = {
  id: "instance-credential-exfiltration",
  kind: "cloudtrail",
  findingTypes: [INSTANCE_CREDENTIAL_EXFILTRATION_OUTSIDE_AWS, INSTANCE_CREDENTIAL_EXFILTRATION_INSIDE_AWS],
  evaluate(event, context, emit) {
    const instance = instanceSessionId(event.identity);
    if (!instance || event.identity.invokedBy || AGENT_CHANNEL_SOURCES.has(event.eventSource)) return;
    if (event.vpcEndpointId) {
      checkVpcEndpoint(event, instance, context, emit);
      return;
    }
    // The range lookup first: it answers most addresses with one table read, and AWS's own are public.
    if (context.awsRanges.find(event.sourceIp) || sourceAddressKind(event.sourceIp) !== "public") return;
    emit(
      apiCallCandidate(INSTANCE_CREDENTIAL_EXFILTRATION_OUTSIDE_AWS, event, {
        key: [principalKey(event.identity)],
        affectedResources: { "AWS::EC2::Instance": instance },
        templateValues: { instance },
      }),
    );
  },
};
