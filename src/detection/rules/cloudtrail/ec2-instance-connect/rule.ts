/**
 * EC2 Instance Connect keys pushed by one identity within a window (ec2-instance-connect.amazonaws.com):
 * - Execution:IAMUser/SerialConsoleSSHKeySent — SendSerialConsoleSSHPublicKey, from the first call:
 *   the serial console is an emergency door, rarely opened.
 * - Execution:IAMUser/InstanceConnectToManyInstances — SendSSHPublicKey to `minInstances` distinct
 *   instances or more. One instance is an administrator connecting; the console's Connect button
 *   (a console user agent) needs twice as many. Failed pushes opened nothing and are left out.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { WindowedRule } from "../../../engine/types.js";
import { isAwsActingForAccount } from "../shared/aws-acting.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { isConsoleCall } from "../shared/console-call.js";
import { identityBurstRule, type IdentityBurstPartial } from "../shared/identity-burst.js";
import { principalKey } from "../shared/identity.js";
import { field, text } from "../shared/request.js";
import { INSTANCE_CONNECT_TO_MANY_INSTANCES, SERIAL_CONSOLE_SSH_KEY_SENT } from "./meta.js";

export type InstanceConnectSettings = { windowMs: number; minInstances: number; consoleFactor: number };

export const INSTANCE_CONNECT_DEFAULTS: InstanceConnectSettings = { windowMs: 10 * 60_000, minInstances: 2, consoleFactor: 2 };

const SERIAL = "serial";
const SSH = "ssh";
const CONSOLE_SSH = "console-ssh";
const USER = "u:";


export function ec2InstanceConnectRule(overrides: Partial<InstanceConnectSettings> = {}): WindowedRule<CloudTrailEvent, IdentityBurstPartial> {
  const settings = { ...INSTANCE_CONNECT_DEFAULTS, ...overrides };
  const window = String(settings.windowMs / 60_000);
  return identityBurstRule({
    id: "ec2-instance-connect",
    findingTypes: [INSTANCE_CONNECT_TO_MANY_INSTANCES, SERIAL_CONSOLE_SSH_KEY_SENT],
    settings: { windowMs: settings.windowMs, cap: 128 },
    triggers: [{ eventSource: "ec2-instance-connect.amazonaws.com", eventNames: ["SendSSHPublicKey", "SendSerialConsoleSSHPublicKey"] }],
    observe(event) {
      if (event.eventSource !== "ec2-instance-connect.amazonaws.com" || event.errorCode !== undefined) return undefined;
      const serial = event.eventName === "SendSerialConsoleSSHPublicKey";
      if (!serial && event.eventName !== "SendSSHPublicKey") return undefined;
      if (isAwsActingForAccount(event)) return undefined;
      const instance = text(field(event.requestParameters, "instanceId"));
      if (!instance) return undefined;
      const osUser = text(field(event.requestParameters, "instanceOSUser"));
      const subject = serial ? SERIAL : isConsoleCall(event) ? CONSOLE_SSH : SSH;
      return { subject, values: osUser ? [instance, USER + osUser] : [instance] };
    },
    decide(values, sample, subject, _context, emit) {
      const instances = values.filter((value) => !value.startsWith(USER));
      const osUsers = values.filter((value) => value.startsWith(USER)).map((value) => value.slice(USER.length));
      const templateValues = { count: String(instances.length), instanceList: instances.join(", "), osUsers: osUsers.join(", ") || "not logged", window };
      const shared = { key: [principalKey(sample.identity)], affectedResources: { "AWS::EC2::Instance": instances.join(",") }, templateValues };
      if (subject === SERIAL) {
        emit(apiCallCandidate(SERIAL_CONSOLE_SSH_KEY_SENT, sample, { ...shared, additionalInfo: { instances, osUsers } }));
        return;
      }
      const needed = settings.minInstances * (subject === CONSOLE_SSH ? settings.consoleFactor : 1);
      if (instances.length < needed) return;
      emit(apiCallCandidate(INSTANCE_CONNECT_TO_MANY_INSTANCES, sample, { ...shared, additionalInfo: { instances, osUsers, windowMinutes: settings.windowMs / 60_000 } }));
    },
  });
}
