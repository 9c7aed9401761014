/**
 * The learning half of UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS. The
 * rule (rules/cloudtrail/instance-credential-exfiltration) raises a candidate whenever an instance
 * role's session calls from a public address outside AWS. Some accounts do that on purpose (an
 * egress proxy, a partner's network), so GuardDuty learns each role's usual remote sources and stops
 * alerting on them. Here a source is the caller's ASN organization; once a role past its learning
 * period has used it on `credentialSourceDays` days, its candidates are dropped.
 */
import { INSTANCE_CREDENTIAL_EXFILTRATION_OUTSIDE_AWS } from "../../rules/cloudtrail/instance-credential-exfiltration/meta.js";
import { instanceSessionId } from "../../rules/cloudtrail/instance-credential-exfiltration/instance-session.js";
import { sourceAddressKind } from "../../rules/cloudtrail/shared/source-address.js";
import { callerContext, UNKNOWN } from "../identity/caller-context.js";
import { identityId } from "../identity/model.js";
import type { BaselineModel } from "../model.js";
import { entityKey } from "../state/store.js";

type SourceFact = { eventId: string; role: string; asnOrg: string; time: number };

export const credentialSourceModel: BaselineModel<SourceFact> = {
  id: "instance-credential-sources",
  findingTypes: [],
  observe(event, context, batch) {
    if (event.kind !== "cloudtrail" || !instanceSessionId(event.identity)) return;
    const role = entityKey(event.accountId, "instance-role", identityId(event) ?? "unknown-role");
    batch.saw(role, event.time);
    if (sourceAddressKind(event.sourceIp) !== "public" || context.awsRanges.find(event.sourceIp)) return;
    const { asnOrg } = callerContext(event, context.geo);
    if (asnOrg === UNKNOWN) return;
    batch.learn(role, event.time, "sourceAsn", asnOrg);
    batch.read(role);
    batch.fact({ eventId: event.eventId, role, asnOrg, time: event.time });
  },
  review(candidates, facts, snapshot, context) {
    const byEvent = new Map(facts.map((fact) => [fact.eventId, fact]));
    return candidates.filter((candidate) => {
      if (candidate.meta !== INSTANCE_CREDENTIAL_EXFILTRATION_OUTSIDE_AWS) return true;
      const fact = candidate.source.eventId ? byEvent.get(candidate.source.eventId) : undefined;
      const profile = fact && snapshot.profile(fact.role);
      if (!fact || !profile?.readyAt(fact.time, context.baseline)) return true;
      const source = profile.value("sourceAsn", fact.asnOrg);
      const learned = source !== undefined && source.first < fact.time && source.days >= context.baseline.credentialSourceDays;
      if (learned) return false;
      candidate.additionalInfo = { ...candidate.additionalInfo, learnedSources: profile.values("sourceAsn").map(([asn]) => asn) };
      return true;
    });
  },
};
