/**
 * UnauthorizedAccess:EC2/MetadataDNSRebind: a queried name is answered with the address of a
 * link-local credential service (link-local-services.ts). AWS's own names for these services are
 * internal ones (instance-data, *.ec2.internal, *.compute.internal), which never resolve publicly; a
 * public name answering with such an address exists only to rebind a victim's requests to it.
 */
import type { DnsRule } from "../../../engine/types.js";
import { isPublicDomain } from "../../../intel/domain/public-domain.js";
import { dnsCandidate } from "../shared/candidate.js";
import { credentialServiceAt } from "./link-local-services.js";
import { METADATA_DNS_REBIND } from "./meta.js";

export const metadataDnsRebindRule: DnsRule = {
  id: "metadata-dns-rebind",
  kind: "dns",
  findingTypes: [METADATA_DNS_REBIND],
  evaluate(event, _context, emit) {
    for (const answer of event.answers) {
      const service = credentialServiceAt(answer.data);
      if (!service) continue;
      if (!isPublicDomain(event.queryName)) return;
      emit(
        dnsCandidate(METADATA_DNS_REBIND, event, {
          key: [event.queryName],
          templateValues: { answer: answer.data, service },
          additionalInfo: { answer: answer.data, answerType: answer.type },
        }),
      );
      return;
    }
  },
};
