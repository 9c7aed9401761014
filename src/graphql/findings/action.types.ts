/**
 * GuardDuty's Action (API_Action): `actionType` says which of the actions is set. Remote addresses
 * carry GuardDuty's enrichment (city, country, location, network owner) when Vigil's geo data has it.
 */
import { Field, Float, Int, ObjectType } from "type-graphql";

@ObjectType()
export class City {
  @Field(() => String, { nullable: true })
  cityName!: string | null;
}

@ObjectType()
export class Country {
  @Field(() => String, { nullable: true })
  countryCode!: string | null;

  @Field(() => String, { nullable: true })
  countryName!: string | null;
}

@ObjectType()
export class GeoLocation {
  @Field(() => Float, { nullable: true })
  lat!: number | null;

  @Field(() => Float, { nullable: true })
  lon!: number | null;
}

@ObjectType({ description: "Who owns the address's network." })
export class Organization {
  @Field(() => String, { nullable: true, description: "A string, as GuardDuty's API writes it (its 2018 events wrote a number)." })
  asn!: string | null;

  @Field(() => String, { nullable: true })
  asnOrg!: string | null;

  @Field(() => String, { nullable: true })
  isp!: string | null;

  @Field(() => String, { nullable: true })
  org!: string | null;
}

@ObjectType()
export class RemoteIpDetails {
  @Field(() => String, { nullable: true })
  ipAddressV4!: string | null;

  @Field(() => String, { nullable: true })
  ipAddressV6!: string | null;

  @Field(() => City, { nullable: true })
  city!: City | null;

  @Field(() => Country, { nullable: true })
  country!: Country | null;

  @Field(() => GeoLocation, { nullable: true })
  geoLocation!: GeoLocation | null;

  @Field(() => Organization, { nullable: true })
  organization!: Organization | null;
}

@ObjectType()
export class LocalIpDetails {
  @Field(() => String, { nullable: true })
  ipAddressV4!: string | null;

  @Field(() => String, { nullable: true })
  ipAddressV6!: string | null;
}

@ObjectType({ description: "GuardDuty's LocalPortDetails and RemotePortDetails (the same two fields)." })
export class PortDetails {
  @Field(() => Int, { nullable: true })
  port!: number | null;

  @Field(() => String, { nullable: true, description: "The service usually on the port (SSH, HTTPS…), Unknown otherwise." })
  portName!: string | null;
}

@ObjectType()
export class DomainDetails {
  @Field(() => String, { nullable: true })
  domain!: string | null;
}

@ObjectType()
export class RemoteAccountDetails {
  @Field(() => String, { nullable: true })
  accountId!: string | null;

  @Field(() => Boolean, { nullable: true, description: "The account belongs to the same organization." })
  affiliated!: boolean | null;
}

@ObjectType({ description: "One resource an API call acted on: its CloudFormation-style type and ARN or name (GuardDuty's affectedResources map, as a list)." })
export class AffectedResource {
  @Field(() => String)
  type!: string;

  @Field(() => String)
  value!: string;
}

@ObjectType()
export class AwsApiCallAction {
  @Field(() => String, { nullable: true })
  api!: string | null;

  @Field(() => String, { nullable: true, description: "The service called, e.g. iam.amazonaws.com." })
  serviceName!: string | null;

  @Field(() => String, { nullable: true, description: "Remote IP when the caller's address is logged, Domain when an AWS service name stands in for it." })
  callerType!: string | null;

  @Field(() => String, { nullable: true })
  errorCode!: string | null;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;

  @Field(() => DomainDetails, { nullable: true })
  domainDetails!: DomainDetails | null;

  @Field(() => RemoteIpDetails, { nullable: true })
  remoteIpDetails!: RemoteIpDetails | null;

  @Field(() => RemoteAccountDetails, { nullable: true })
  remoteAccountDetails!: RemoteAccountDetails | null;

  @Field(() => [AffectedResource])
  affectedResources!: AffectedResource[];
}

@ObjectType()
export class NetworkConnectionAction {
  @Field(() => String, { nullable: true, description: "INBOUND, OUTBOUND or UNKNOWN." })
  connectionDirection!: string | null;

  @Field(() => String, { nullable: true })
  protocol!: string | null;

  @Field(() => Boolean, { nullable: true })
  blocked!: boolean | null;

  @Field(() => PortDetails, { nullable: true })
  localPortDetails!: PortDetails | null;

  @Field(() => PortDetails, { nullable: true })
  remotePortDetails!: PortDetails | null;

  @Field(() => LocalIpDetails, { nullable: true })
  localIpDetails!: LocalIpDetails | null;

  @Field(() => String, { nullable: true, description: "The instance's network interface (eni-…) the record is about." })
  localNetworkInterface!: string | null;

  @Field(() => RemoteIpDetails, { nullable: true })
  remoteIpDetails!: RemoteIpDetails | null;
}

@ObjectType()
export class PortProbeDetail {
  @Field(() => PortDetails, { nullable: true })
  localPortDetails!: PortDetails | null;

  @Field(() => LocalIpDetails, { nullable: true })
  localIpDetails!: LocalIpDetails | null;

  @Field(() => RemoteIpDetails, { nullable: true })
  remoteIpDetails!: RemoteIpDetails | null;
}

@ObjectType()
export class PortProbeAction {
  @Field(() => Boolean, { nullable: true })
  blocked!: boolean | null;

  @Field(() => [PortProbeDetail])
  portProbeDetails!: PortProbeDetail[];
}

@ObjectType()
export class DnsRequestAction {
  @Field(() => String, { nullable: true })
  domain!: string | null;

  @Field(() => String, { nullable: true, description: "The registrable part of the domain." })
  domainWithSuffix!: string | null;

  @Field(() => String, { nullable: true })
  protocol!: string | null;

  @Field(() => Boolean, { nullable: true, description: "Route 53 Resolver DNS Firewall blocked the query." })
  blocked!: boolean | null;

  @Field(() => String, { nullable: true })
  vpcOwnerAccountId!: string | null;
}

@ObjectType({ description: "GuardDuty's EKS audit-log action; Vigil reads no Kubernetes logs yet, so it is never set today." })
export class KubernetesApiCallAction {
  @Field(() => String, { nullable: true })
  requestUri!: string | null;

  @Field(() => String, { nullable: true })
  verb!: string | null;

  @Field(() => [String], { nullable: true })
  sourceIps!: string[] | null;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;

  @Field(() => RemoteIpDetails, { nullable: true })
  remoteIpDetails!: RemoteIpDetails | null;

  @Field(() => Int, { nullable: true })
  statusCode!: number | null;

  @Field(() => String, { nullable: true })
  namespace!: string | null;

  @Field(() => String, { nullable: true })
  resource!: string | null;

  @Field(() => String, { nullable: true })
  resourceName!: string | null;

  @Field(() => String, { nullable: true })
  subresource!: string | null;
}

@ObjectType()
export class Action {
  @Field(() => String, { description: "AWS_API_CALL, NETWORK_CONNECTION, PORT_PROBE, DNS_REQUEST (KUBERNETES_API_CALL and others in GuardDuty's add-ons)." })
  actionType!: string;

  @Field(() => AwsApiCallAction, { nullable: true })
  awsApiCallAction!: AwsApiCallAction | null;

  @Field(() => NetworkConnectionAction, { nullable: true })
  networkConnectionAction!: NetworkConnectionAction | null;

  @Field(() => PortProbeAction, { nullable: true })
  portProbeAction!: PortProbeAction | null;

  @Field(() => DnsRequestAction, { nullable: true })
  dnsRequestAction!: DnsRequestAction | null;

  @Field(() => KubernetesApiCallAction, { nullable: true })
  kubernetesApiCallAction!: KubernetesApiCallAction | null;
}
