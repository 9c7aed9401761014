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

export function sampleOf(event: FlowEvent, subject: Subject, details: Pick<Sample, "remote" | "localPort" | "remotePort">): Sample {
  return {
    time: event.time,
    object: event.origin.object,
    line: event.origin.line,
    accountId: event.accountId,
    region: event.region,
    subject,
    ...details,
    protocol: event.protocol,
    rejected: event.action === "REJECT",
  };
}

function isLater(a: Sample, b: Sample): boolean {
  if (a.time !== b.time) return a.time > b.time;
  if (a.object !== b.object) return a.object > b.object;
  return (a.line ?? 0) > (b.line ?? 0);
}

export function laterSample(a: Sample, b: Sample): Sample {
  return isLater(b, a) ? b : a;
}
