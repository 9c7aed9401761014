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

/** A record layout: which field each space-separated value is. */
export class FlowRecordLayout {
  readonly fieldCount: number;
  private readonly columns: number[];
  private readonly impliedVersion: number;

  constructor(readonly fields: readonly string[]) {
    this.fieldCount = fields.length;
    this.columns = fields.map((field) => COLUMN_OF_FIELD.get(field) ?? EXTRA);
    this.impliedVersion = formatVersion(fields);
  }

  /**
   * The record's values as a FlowEvent, or the reason they cannot be one. `-` means "no value". A record needs a
   * time and an account: without a `start` the object's delivery time stands in (custom formats may leave it out),
   * without an account id the caller's hint or the object's name.
   */
  toEvent(values: string[], origin: EventOrigin, hints: ObjectHints): FlowEvent | string {
    const event: FlowEvent = {
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
      extra: {},
      origin,
    };
    let accountId: string | undefined;
    const columns = this.columns;
    for (let index = 0; index < columns.length; index++) {
      const value = values[index];
      if (value === "-") continue;
      const column = columns[index];
      // Numeric fields: a value that is not a number means the layout does not fit the record.
      let number = NaN;
      if (column === VERSION || (column >= SRCPORT && column <= END) || column === TCP_FLAGS || column === TRAFFIC_PATH) {
        number = +value;
        if (number !== number) return `${this.fields[index]} ${JSON.stringify(value)} is not a number`;
      }
      switch (column) {
        case VERSION:
          event.version = number;
          break;
        case ACCOUNT_ID:
          accountId = value;
          break;
        case INTERFACE_ID:
          event.interfaceId = value;
          break;
        case SRCADDR:
          event.srcAddr = value;
          break;
        case DSTADDR:
          event.dstAddr = value;
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
        case TCP_FLAGS:
          event.tcpFlags = number;
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
        case TRAFFIC_PATH:
          event.trafficPath = number;
          break;
        default:
          event.extra[this.fields[index]] = value;
      }
    }
    return this.complete(event, accountId, hints);
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
