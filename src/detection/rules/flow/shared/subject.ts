/**
 * The instance a flow finding is about. A record names its interface (and, from v3, its instance), but
 * only the local end of the record is that interface: the instance id is used when logged, else the
 * interface id stands in. An end whose side the record does not tell (flow-view.ts) is named by its
 * VPC and address, which is what an analyst can look the instance up by.
 */
import type { FlowEvent } from "../../../events.js";
import type { FindingResource } from "../../../findings/types.js";
import { addressOf, scopeOf, type FlowView, type Side } from "./flow-view.js";

export type Subject = {
  /** Stable within an account: instance id, interface id, or "<vpc>/<address>". */
  key: string;
  instanceId?: string;
  interfaceId?: string;
  address?: string;
  publicAddress?: boolean;
  vpcId?: string;
  subnetId?: string;
};

// Several windowed rules keep a sample of the same record from the same side; the last subject made
// is handed out again, so their window states share it instead of holding a copy each.
let lastEvent: FlowEvent | undefined;
let lastSide: Side | undefined;
let last: Subject | undefined;

export function subjectOf(event: FlowEvent, view: FlowView, side: Side): Subject {
  if (event === lastEvent && side === lastSide) return last!;
  last = makeSubject(event, view, side);
  lastEvent = event;
  lastSide = side;
  return last;
}

function makeSubject(event: FlowEvent, view: FlowView, side: Side): Subject {
  const address = addressOf(view, side);
  const publicAddress = scopeOf(view, side) === "public";
  const key = subjectKeyOf(event, view, side);
  if (view.local === side && (event.instanceId ?? event.interfaceId)) {
    return { key, instanceId: event.instanceId, interfaceId: event.interfaceId, address, publicAddress, vpcId: event.vpcId, subnetId: event.subnetId };
  }
  return { key, address, publicAddress, vpcId: event.vpcId };
}

/** subjectOf(…).key alone: windowed rules key every record by it, and need the whole subject only for samples. */
export function subjectKeyOf(event: FlowEvent, view: FlowView, side: Side): string {
  const logged = event.instanceId ?? event.interfaceId;
  if (view.local === side && logged) return logged;
  return `${event.vpcId ?? "vpc"}/${addressOf(view, side) ?? "unknown"}`;
}

/** How the subject reads in titles: its instance, else its interface, else its address. */
export function subjectLabel(subject: Subject): string {
  return subject.instanceId ?? subject.interfaceId ?? subject.address ?? "an instance";
}

export function instanceResource(subject: Subject): FindingResource {
  return {
    resourceType: "Instance",
    instanceDetails: {
      instanceId: subject.instanceId ?? subject.interfaceId ?? "unknown",
      networkInterfaces: [
        {
          networkInterfaceId: subject.interfaceId,
          ...(subject.publicAddress ? { publicIp: subject.address } : { privateIpAddress: subject.address }),
          subnetId: subject.subnetId,
          vpcId: subject.vpcId,
        },
      ],
    },
  };
}
