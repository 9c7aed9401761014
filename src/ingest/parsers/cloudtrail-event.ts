import type { CloudTrailEvent, CloudTrailIdentity, EventOrigin } from "../../detection/events.js";
import {
  booleanField,
  isoTime,
  objectField,
  presentString,
  stringField,
  type JsonObject,
} from "./json-values.js";
import type { ObjectHints } from "./object-hints.js";

/**
 * A CloudTrail record as a CloudTrailEvent, or the reason it cannot be one. Only eventName, eventTime and
 * eventSource are required: without them no detection can use the record. The whole record stays in `raw`.
 */
export function toCloudTrailEvent(record: JsonObject, origin: EventOrigin, hints: ObjectHints): CloudTrailEvent | string {
  const eventName = presentString(record.eventName);
  const eventSource = presentString(record.eventSource);
  // Logstash-shipped CloudTrail (as in OTRF's datasets) renames eventTime to @timestamp.
  const time = isoTime(record.eventTime ?? record["@timestamp"]);
  if (eventName === undefined || eventSource === undefined || time === undefined) {
    return missingFieldsMessage(record, eventName, eventSource, time);
  }
  const userIdentity = objectField(record.userIdentity);
  const accountId =
    presentString(record.recipientAccountId) ?? presentString(userIdentity?.accountId) ?? hints.accountId;
  if (accountId === undefined) return "no account id: neither recipientAccountId nor userIdentity.accountId is set";
  return {
    kind: "cloudtrail",
    time,
    accountId,
    region: presentString(record.awsRegion) ?? hints.region ?? "",
    eventId: stringField(record.eventID) ?? "",
    eventSource,
    eventName,
    eventType: stringField(record.eventType),
    eventCategory: stringField(record.eventCategory),
    readOnly: booleanField(record.readOnly),
    errorCode: stringField(record.errorCode),
    errorMessage: stringField(record.errorMessage),
    sourceIp: stringField(record.sourceIPAddress) ?? "",
    userAgent: stringField(record.userAgent) ?? "",
    identity: toIdentity(userIdentity),
    requestParameters: objectField(record.requestParameters) ?? null,
    responseElements: objectField(record.responseElements) ?? null,
    additionalEventData: objectField(record.additionalEventData),
    resources: Array.isArray(record.resources) ? (record.resources as CloudTrailEvent["resources"]) : undefined,
    vpcEndpointId: stringField(record.vpcEndpointId),
    raw: record,
    origin,
  };
}

function toIdentity(userIdentity: JsonObject | undefined): CloudTrailIdentity {
  if (userIdentity === undefined) return { type: "Unknown" };
  const sessionContext = objectField(userIdentity.sessionContext);
  const attributes = objectField(sessionContext?.attributes);
  const creationDate = isoTime(attributes?.creationDate);
  return {
    type: presentString(userIdentity.type) ?? "Unknown",
    principalId: stringField(userIdentity.principalId),
    arn: stringField(userIdentity.arn),
    accountId: stringField(userIdentity.accountId),
    accessKeyId: stringField(userIdentity.accessKeyId),
    userName: stringField(userIdentity.userName),
    sessionIssuer: toSessionIssuer(objectField(sessionContext?.sessionIssuer)),
    mfaAuthenticated: booleanField(attributes?.mfaAuthenticated),
    sessionCreationDate: creationDate,
    invokedBy: stringField(userIdentity.invokedBy),
    ec2RoleDelivery: stringField(sessionContext?.ec2RoleDelivery),
    sourceIdentity: stringField(sessionContext?.sourceIdentity) ?? stringField(userIdentity.sourceIdentity),
  };
}

/** CloudTrail writes `"sessionIssuer": {}` for sessions that have no issuer; that is no issuer. */
function toSessionIssuer(issuer: JsonObject | undefined): CloudTrailIdentity["sessionIssuer"] {
  if (issuer === undefined) return undefined;
  const type = stringField(issuer.type);
  const arn = stringField(issuer.arn);
  if (type === undefined && arn === undefined) return undefined;
  return {
    type,
    arn,
    userName: stringField(issuer.userName),
    accountId: stringField(issuer.accountId),
    principalId: stringField(issuer.principalId),
  };
}

function missingFieldsMessage(
  record: JsonObject,
  eventName: string | undefined,
  eventSource: string | undefined,
  time: number | undefined,
): string {
  const problems: string[] = [];
  if (eventName === undefined) problems.push("no eventName");
  if (eventSource === undefined) problems.push("no eventSource");
  if (time === undefined) {
    const eventTime = JSON.stringify(record.eventTime ?? record["@timestamp"])?.slice(0, 60);
    problems.push(eventTime === undefined ? "no eventTime" : `eventTime ${eventTime} is not a time`);
  }
  return `not a CloudTrail record: ${problems.join(", ")}`;
}
