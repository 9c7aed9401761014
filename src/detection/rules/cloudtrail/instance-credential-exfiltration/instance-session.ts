/**
 * EC2 instance-profile credentials in CloudTrail: an assumed-role session whose session name is the
 * instance id (i- followed by 8 or 17 hex digits), which is how EC2 names the sessions it delivers
 * through the metadata service; newer records also mark them with sessionContext.ec2RoleDelivery.
 */
import type { CloudTrailIdentity } from "../../../events.js";
import { sessionName } from "../shared/identity.js";

const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/i;

/** The instance id behind an instance-profile session, or undefined for any other identity. */
export function instanceSessionId(identity: CloudTrailIdentity): string | undefined {
  if (identity.type !== "AssumedRole") return undefined;
  // Rules that see every event ask this of every role session: most are not instances, told without slicing a name.
  if (!identity.ec2RoleDelivery && !identity.arn?.includes("/i-") && !identity.principalId?.includes(":i-")) return undefined;
  const name = sessionName(identity);
  if (name && INSTANCE_ID.test(name)) return name;
  return identity.ec2RoleDelivery ? (name ?? "unknown-instance") : undefined;
}
