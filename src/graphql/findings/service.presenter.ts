/** GuardDuty's service JSON as the typed Service. */
import type { Action, PortDetails, RemoteIpDetails } from "./action.types.js";
import { flag, integer, nested, number, object, objects, text, textFields, texts, type Json } from "./json-values.js";
import type { ServiceAdditionalInfo, ServiceType } from "./service.types.js";

const port = (value: unknown): PortDetails | null => nested(value, (json) => ({ port: integer(json.port), portName: text(json.portName) }));

const localIp = (value: unknown) => nested(value, (json) => textFields(json, ["ipAddressV4", "ipAddressV6"]));

function remoteIp(value: unknown): RemoteIpDetails | null {
  return nested(value, (json) => ({
    ...textFields(json, ["ipAddressV4", "ipAddressV6"]),
    city: nested(json.city, (city) => textFields(city, ["cityName"])),
    country: nested(json.country, (country) => textFields(country, ["countryCode", "countryName"])),
    geoLocation: nested(json.geoLocation, (at) => ({ lat: number(at.lat), lon: number(at.lon) })),
    organization: nested(json.organization, (org) => textFields(org, ["asn", "asnOrg", "isp", "org"])),
  }));
}

function action(json: Json): Action {
  return {
    actionType: text(json.actionType) ?? "UNKNOWN",
    awsApiCallAction: nested(json.awsApiCallAction, (call) => ({
      ...textFields(call, ["api", "serviceName", "callerType", "errorCode", "userAgent"]),
      domainDetails: nested(call.domainDetails, (domain) => textFields(domain, ["domain"])),
      remoteIpDetails: remoteIp(call.remoteIpDetails),
      remoteAccountDetails: nested(call.remoteAccountDetails, (account) => ({ accountId: text(account.accountId), affiliated: flag(account.affiliated) })),
      affectedResources: Object.entries(object(call.affectedResources) ?? {}).flatMap(([type, value]) => {
        const shown = text(value);
        return shown === null ? [] : [{ type, value: shown }];
      }),
    })),
    networkConnectionAction: nested(json.networkConnectionAction, (connection) => ({
      ...textFields(connection, ["connectionDirection", "protocol", "localNetworkInterface"]),
      blocked: flag(connection.blocked),
      localPortDetails: port(connection.localPortDetails),
      remotePortDetails: port(connection.remotePortDetails),
      localIpDetails: localIp(connection.localIpDetails),
      remoteIpDetails: remoteIp(connection.remoteIpDetails),
    })),
    portProbeAction: nested(json.portProbeAction, (probe) => ({
      blocked: flag(probe.blocked),
      portProbeDetails: objects(probe.portProbeDetails, (detail) => ({
        localPortDetails: port(detail.localPortDetails),
        localIpDetails: localIp(detail.localIpDetails),
        remoteIpDetails: remoteIp(detail.remoteIpDetails),
      })),
    })),
    dnsRequestAction: nested(json.dnsRequestAction, (dns) => ({
      ...textFields(dns, ["domain", "domainWithSuffix", "protocol", "vpcOwnerAccountId"]),
      blocked: flag(dns.blocked),
    })),
    kubernetesApiCallAction: nested(json.kubernetesApiCallAction, (call) => ({
      ...textFields(call, ["requestUri", "verb", "userAgent", "namespace", "resource", "resourceName", "subresource"]),
      sourceIps: Array.isArray(call.sourceIps) ? texts(call.sourceIps) : null,
      remoteIpDetails: remoteIp(call.remoteIpDetails),
      statusCode: integer(call.statusCode),
    })),
  };
}

function parsedValue(value: string | null): Json {
  if (value === null) return {};
  try {
    return object(JSON.parse(value)) ?? {};
  } catch {
    return {};
  }
}

/**
 * GuardDuty's API writes additionalInfo as `{ value: "<JSON text>", type }`; its EventBridge events of
 * 2018 wrote the fields themselves. Either reads the same here.
 */
function additionalInfo(value: unknown): ServiceAdditionalInfo {
  const json = object(value) ?? {};
  const valueText = text(json.value);
  const details = valueText === null ? json : parsedValue(valueText);
  return {
    value: valueText ?? JSON.stringify(details),
    type: text(json.type) ?? "default",
    threatListName: text(details.threatListName),
    threatName: text(details.threatName),
    context: text(details.context),
    sample: details.sample === true,
    details,
  };
}

export function presentService(value: unknown): ServiceType {
  const json = object(value) ?? {};
  return {
    ...textFields(json, ["serviceName", "detectorId", "featureName", "eventFirstSeen", "eventLastSeen", "resourceRole", "userFeedback"]),
    serviceName: text(json.serviceName) ?? "guardduty",
    detectorId: text(json.detectorId) ?? "",
    action: nested(json.action, action),
    count: integer(json.count) ?? 1,
    archived: json.archived === true,
    evidence: nested(json.evidence, (evidence) => ({
      threatIntelligenceDetails: objects(evidence.threatIntelligenceDetails, (detail) => ({
        ...textFields(detail, ["threatListName", "threatFileSha256"]),
        threatNames: texts(detail.threatNames),
      })),
    })),
    additionalInfo: additionalInfo(json.additionalInfo),
    detection: object(json.detection),
  };
}
