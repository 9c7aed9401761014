/**
 * Recon:EC2/PortProbeUnprotectedPort and PortProbeEMRUnprotectedPort: a host on a scanner or
 * malicious-address feed opened a connection to the instance and it was accepted. The finding is the
 * port's exposure, so it is keyed by instance and port; each accepted probe adds to its count.
 *
 * The scanner must be the one connecting in. TCP flags tell when logged; otherwise the port the probe
 * reached decides: a service port of the lists here is the instance's, whatever source port the scanner
 * used, and for any other port the lower port is the service (flow-view.ts).
 * Only managed feeds count: an address on the account's own list raises MaliciousIPCaller.Custom.
 */
import type { FlowEvent } from "../../../events.js";
import { SEVERITY, type FlowRule } from "../../../engine/types.js";
import { portName } from "../../../findings/port-names.js";
import type { ThreatMatch } from "../../../intel/lookup.js";
import { connectionCandidate } from "../shared/candidate.js";
import { addressOf, other, portOf, viewOf, type FlowView, type Side } from "../shared/flow-view.js";
import { listNames, matchRemote, threatInfo } from "../shared/threat-matches.js";
import { EMR_UNPROTECTED_PORT, UNPROTECTED_PORT } from "./meta.js";
import { ELASTICSEARCH_PORTS, EMR_PORTS } from "./ports.js";

const TCP = 6;

function isScanner(match: ThreatMatch): boolean {
  return match.source === "MANAGED" && (match.category === "SCANNER" || match.category === "MALICIOUS_IP");
}

function openedByRemote(event: FlowEvent, view: FlowView, local: Side): boolean {
  const flagsKnown = event.protocol === TCP && event.tcpFlags !== undefined && (event.tcpFlags & 18) !== 0;
  const localPort = portOf(event, local);
  if (!flagsKnown && localPort !== undefined && (EMR_PORTS.has(localPort) || ELASTICSEARCH_PORTS.has(localPort))) return true;
  return view.initiator === other(local);
}

export const portProbeRule: FlowRule = {
  id: "port-probe",
  kind: "flow",
  findingTypes: [UNPROTECTED_PORT, EMR_UNPROTECTED_PORT],
  evaluate(event, context, emit) {
    if (event.action !== "ACCEPT") return;
    const view = viewOf(event);
    const found = matchRemote(event, view, context);
    // The probe is the scanner's own record: sent by the remote end, to the instance.
    if (!found || found.local !== "dst" || !openedByRemote(event, view, found.local)) return;
    const matches = found.matches.filter(isScanner);
    const port = event.dstPort;
    if (matches.length === 0 || port === undefined || port === 0) return;
    const emr = EMR_PORTS.has(port);
    const candidate = connectionCandidate(emr ? EMR_UNPROTECTED_PORT : UNPROTECTED_PORT, event, view, "dst", {
      key: [String(port)],
      severity: emr || ELASTICSEARCH_PORTS.has(port) ? SEVERITY.HIGH : SEVERITY.LOW,
      templateValues: { port: String(port), portName: portName(port), lists: listNames(matches) },
      threatIntel: matches,
      additionalInfo: threatInfo(matches),
    });
    candidate.action = { actionType: "PORT_PROBE", blocked: false, probes: [{ localPort: port, localIp: addressOf(view, "dst"), remoteIp: addressOf(view, "src")! }] };
    emit(candidate);
  },
};
