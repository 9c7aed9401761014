/**
 * The details a window's finding shows: those of the window's latest record (GuardDuty shows the
 * latest occurrence). Merging keeps the later of two samples, ties broken by object and line, so the
 * choice does not depend on the order batches are merged in.
 */
import type { FlowEvent } from "../../../events.js";
import type { Subject } from "./subject.js";

export type Sample = {
  time: number;
  object: string;
  line?: number;
  accountId: string;
  region?: string;
  subject: Subject;
  remote?: string;
  localPort?: number;
  remotePort?: number;
  protocol?: number;
  rejected: boolean;
};

// Rules keeping a sample of the same record with the same details get the same (never changed) object.
let last: Sample | undefined;
let lastEvent: FlowEvent | undefined;

export function sampleOf(event: FlowEvent, subject: Subject, details: Pick<Sample, "remote" | "localPort" | "remotePort">): Sample {
  if (event === lastEvent && subject === last!.subject && details.remote === last!.remote && details.localPort === last!.localPort && details.remotePort === last!.remotePort) {
    return last!;
  }
  lastEvent = event;
  last = {
    time: event.time,
    object: event.origin.object,
    line: event.origin.line,
    accountId: event.accountId,
    region: event.region,
    subject,
    remote: details.remote,
    localPort: details.localPort,
    remotePort: details.remotePort,
    protocol: event.protocol,
    rejected: event.action === "REJECT",
  };
  return last;
}

function isLater(time: number, object: string, line: number | undefined, than: Sample): boolean {
  if (time !== than.time) return time > than.time;
  if (object !== than.object) return object > than.object;
  return (line ?? 0) > (than.line ?? 0);
}

export function laterSample(a: Sample, b: Sample): Sample {
  return isLater(b.time, b.object, b.line, a) ? b : a;
}

/** Whether the event's sample would replace `sample` (laterSample), asked before building it. */
export function isLaterThan(event: FlowEvent, sample: Sample): boolean {
  return isLater(event.time, event.origin.object, event.origin.line, sample);
}
