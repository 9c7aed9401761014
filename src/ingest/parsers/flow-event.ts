import type { EventOrigin, FlowEvent } from "../../detection/events.js";
import { formatVersion } from "./flow-log-format.js";
import type { ObjectHints } from "./object-hints.js";

// Column kinds, resolved once per format so that each value costs one switch, not a map lookup by name.
const VERSION = 0;
const ACCOUNT_ID = 1;
const INTERFACE_ID = 2;
const SRCADDR = 3;
const DSTADDR = 4;
const SRCPORT = 5;
const DSTPORT = 6;
const PROTOCOL = 7;
const PACKETS = 8;
const BYTES = 9;
const START = 10;
const END = 11;
const ACTION = 12;
const LOG_STATUS = 13;
const VPC_ID = 14;
const SUBNET_ID = 15;
const INSTANCE_ID = 16;
const TCP_FLAGS = 17;
const PKT_SRCADDR = 18;
const PKT_DSTADDR = 19;
const REGION = 20;
const PKT_SRC_AWS_SERVICE = 21;
const PKT_DST_AWS_SERVICE = 22;
const FLOW_DIRECTION = 23;
const TRAFFIC_PATH = 24;
const EXTRA = 25;

const COLUMN_OF_FIELD: ReadonlyMap<string, number> = new Map([
  ["version", VERSION],
  ["account-id", ACCOUNT_ID],
  ["interface-id", INTERFACE_ID],
  ["srcaddr", SRCADDR],
  ["dstaddr", DSTADDR],
  ["srcport", SRCPORT],
  ["dstport", DSTPORT],
  ["protocol", PROTOCOL],
  ["packets", PACKETS],
  ["bytes", BYTES],
  ["start", START],
  ["end", END],
  ["action", ACTION],
  ["log-status", LOG_STATUS],
  ["vpc-id", VPC_ID],
  ["subnet-id", SUBNET_ID],
  ["instance-id", INSTANCE_ID],
  ["tcp-flags", TCP_FLAGS],
  ["pkt-srcaddr", PKT_SRCADDR],
  ["pkt-dstaddr", PKT_DSTADDR],
  ["region", REGION],
  ["pkt-src-aws-service", PKT_SRC_AWS_SERVICE],
  ["pkt-dst-aws-service", PKT_DST_AWS_SERVICE],
  ["flow-direction", FLOW_DIRECTION],
  ["traffic-path", TRAFFIC_PATH],
]);

function isNumeric(column: number): boolean {
  return column === VERSION || (column >= SRCPORT && column <= END) || column === TCP_FLAGS || column === TRAFFIC_PATH;
}

const NO_EXTRA: Record<string, string> = Object.freeze({}) as Record<string, string>;

const DASH = 0x2d;

/** The decimal value of line[start, end) when it is 1 to 15 ASCII digits (exactly what `+text` gives then), else NaN. */
function digitsAt(line: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return NaN;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = line.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

function setNumber(event: FlowEvent, column: number, number: number): void {
  switch (column) {
    case VERSION:
      event.version = number;
      break;
    case SRCPORT:
      event.srcPort = number;
      break;
    case DSTPORT:
      event.dstPort = number;
      break;
    case PROTOCOL:
      event.protocol = number;
      break;
    case PACKETS:
      event.packets = number;
      break;
    case BYTES:
      event.bytes = number;
      break;
    case START:
      event.time = number * 1000;
      break;
    case END:
      event.end = number * 1000;
      break;
    case TCP_FLAGS:
      event.tcpFlags = number;
      break;
    case TRAFFIC_PATH:
      event.trafficPath = number;
      break;
  }
}

/** A record layout: which field each space-separated value is. */
export class FlowRecordLayout {
  readonly fieldCount: number;
  private readonly columns: number[];
  private readonly impliedVersion: number;
  /** Per field, the last text value read: the next record mostly repeats it (account, interface, action, status). */
  private readonly lastText: Array<string | undefined>;
  /** Whether records of this layout have fields the model has no slot for (kept in `extra`). */
  private readonly hasExtra: boolean;
  /** fromLine's scratch: where each value starts (one past the last for the end). */
  private readonly starts: Int32Array;

  constructor(readonly fields: readonly string[]) {
    this.fieldCount = fields.length;
    this.columns = fields.map((field) => COLUMN_OF_FIELD.get(field) ?? EXTRA);
    this.impliedVersion = formatVersion(fields);
    this.lastText = fields.map(() => undefined);
    this.starts = new Int32Array(fields.length + 1);
    this.hasExtra = this.columns.includes(EXTRA);
  }

  /**
   * The record's values as a FlowEvent, or the reason they cannot be one. `-` means "no value". A record needs a
   * time and an account: without a `start` the object's delivery time stands in (custom formats may leave it out),
   * without an account id the caller's hint or the object's name.
   */
  toEvent(values: string[], origin: EventOrigin, hints: ObjectHints): FlowEvent | string {
    const event = this.blank(origin);
    let accountId: string | undefined;
    const columns = this.columns;
    for (let index = 0; index < columns.length; index++) {
      const value = values[index];
      if (value === "-") continue;
      const column = columns[index];
      if (column === ACCOUNT_ID) {
        accountId = value;
        continue;
      }
      if (isNumeric(column)) {
        const number = +value;
        if (number !== number) return this.notANumber(index, value);
        setNumber(event, column, number);
        continue;
      }
      const problem = this.setText(event, index, column, value);
      if (problem !== undefined) return problem;
    }
    return this.complete(event, accountId, hints);
  }

  /**
   * toEvent(line.split(" "), …) for the line text[from, to), read in place: numbers from its digits, texts sliced
   * only when they differ from the previous record's. Undefined when the line does not split into fieldCount values
   * on single spaces (the caller then splits it on any run of blanks).
   */
  fromLine(text: string, from: number, to: number, origin: EventOrigin, hints: ObjectHints): FlowEvent | string | undefined {
    const starts = this.starts;
    const count = this.fieldCount;
    let found = 1;
    starts[0] = from;
    // indexOf runs natively: a JS loop over every character cost more than reading the values.
    for (let space = text.indexOf(" ", from); space !== -1 && space < to; space = text.indexOf(" ", space + 1)) {
      if (found === count) return undefined;
      starts[found++] = space + 1;
    }
    if (found !== count) return undefined;
    starts[count] = to + 1;
    const event = this.blank(origin);
    let accountId: string | undefined;
    const columns = this.columns;
    for (let index = 0; index < count; index++) {
      const start = starts[index];
      const end = starts[index + 1] - 1;
      if (end === start + 1 && text.charCodeAt(start) === DASH) continue;
      const column = columns[index];
      if (isNumeric(column)) {
        let number = digitsAt(text, start, end);
        if (number !== number) number = +text.slice(start, end);
        if (number !== number) return this.notANumber(index, text.slice(start, end));
        setNumber(event, column, number);
      } else if (column === ACCOUNT_ID) {
        accountId = this.textAt(text, start, end, index);
      } else {
        const problem = this.setText(event, index, column, this.textAt(text, start, end, index));
        if (problem !== undefined) return problem;
      }
    }
    return this.complete(event, accountId, hints);
  }

  private textAt(text: string, start: number, end: number, index: number): string {
    const last = this.lastText[index];
    if (last !== undefined && last.length === end - start) {
      let i = 0;
      while (i < last.length && last.charCodeAt(i) === text.charCodeAt(start + i)) i++;
      if (i === last.length) return last;
    }
    return (this.lastText[index] = text.slice(start, end));
  }

  private blank(origin: EventOrigin): FlowEvent {
    return {
      kind: "flow",
      time: NaN,
      end: NaN,
      accountId: "",
      region: undefined,
      version: this.impliedVersion,
      interfaceId: undefined,
      instanceId: undefined,
      vpcId: undefined,
      subnetId: undefined,
      srcAddr: undefined,
      dstAddr: undefined,
      srcPort: undefined,
      dstPort: undefined,
      protocol: undefined,
      packets: undefined,
      bytes: undefined,
      action: undefined,
      logStatus: undefined,
      tcpFlags: undefined,
      flowDirection: undefined,
      pktSrcAddr: undefined,
      pktDstAddr: undefined,
      pktSrcAwsService: undefined,
      pktDstAwsService: undefined,
      trafficPath: undefined,
      // Nothing is ever added to the extra fields of a layout without any: its records share one empty, frozen object.
      extra: this.hasExtra ? {} : NO_EXTRA,
      origin,
    };
  }

  /** Numeric fields: a value that is not a number means the layout does not fit the record. */
  private notANumber(index: number, value: string): string {
    return `${this.fields[index]} ${JSON.stringify(value)} is not a number`;
  }

  private setText(event: FlowEvent, index: number, column: number, value: string): string | undefined {
    switch (column) {
      case INTERFACE_ID:
        event.interfaceId = value;
        break;
      case SRCADDR:
        event.srcAddr = value;
        break;
      case DSTADDR:
        event.dstAddr = value;
        break;
      case ACTION:
        if (value !== "ACCEPT" && value !== "REJECT") return `action ${JSON.stringify(value)} is not ACCEPT or REJECT`;
        event.action = value;
        break;
      case LOG_STATUS:
        event.logStatus = value;
        break;
      case VPC_ID:
        event.vpcId = value;
        break;
      case SUBNET_ID:
        event.subnetId = value;
        break;
      case INSTANCE_ID:
        event.instanceId = value;
        break;
      case PKT_SRCADDR:
        event.pktSrcAddr = value;
        break;
      case PKT_DSTADDR:
        event.pktDstAddr = value;
        break;
      case REGION:
        event.region = value;
        break;
      case PKT_SRC_AWS_SERVICE:
        event.pktSrcAwsService = value;
        break;
      case PKT_DST_AWS_SERVICE:
        event.pktDstAwsService = value;
        break;
      case FLOW_DIRECTION:
        if (value !== "ingress" && value !== "egress") return `flow-direction ${JSON.stringify(value)} is unknown`;
        event.flowDirection = value;
        break;
      default:
        event.extra[this.fields[index]] = value;
    }
    return undefined;
  }

  private complete(event: FlowEvent, accountId: string | undefined, hints: ObjectHints): FlowEvent | string {
    if (event.time !== event.time) {
      if (hints.time === undefined) return "no start time: the format has no start field and the object name no date";
      event.time = hints.time;
    }
    if (event.end !== event.end) event.end = event.time;
    // AWS writes "unknown" for interfaces that AWS services create in the account; the account is still the owner's.
    const account = accountId === undefined || accountId === "unknown" ? (hints.accountId ?? accountId) : accountId;
    if (account === undefined) return "no account id: the format has no account-id field and no hint was given";
    event.accountId = account;
    event.region ??= hints.region;
    return event;
  }
}
