/**
 * GuardDuty's Resource (API_Resource and the shapes under it), typed: field names and meanings as
 * GetFindings returns them. Every field is optional as in GuardDuty's API; Vigil fills the access key,
 * instance and S3 bucket shapes, and the others are here so clients written for GuardDuty's
 * RDS, EKS and Lambda findings read the same fields when rules raise them.
 */
import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "A key-value tag, as EC2 and GuardDuty write them." })
export class Tag {
  @Field(() => String, { nullable: true })
  key!: string | null;

  @Field(() => String, { nullable: true })
  value!: string | null;
}

@ObjectType()
export class AccessKeyDetails {
  @Field(() => String, { nullable: true })
  accessKeyId!: string | null;

  @Field(() => String, { nullable: true })
  principalId!: string | null;

  @Field(() => String, { nullable: true })
  userName!: string | null;

  @Field(() => String, { nullable: true, description: "Root, IAMUser, AssumedRole, FederatedUser…" })
  userType!: string | null;
}

@ObjectType()
export class IamInstanceProfile {
  @Field(() => String, { nullable: true })
  arn!: string | null;

  @Field(() => String, { nullable: true })
  id!: string | null;
}

@ObjectType()
export class ProductCode {
  @Field(() => String, { nullable: true })
  code!: string | null;

  @Field(() => String, { nullable: true })
  productType!: string | null;
}

@ObjectType()
export class SecurityGroup {
  @Field(() => String, { nullable: true })
  groupId!: string | null;

  @Field(() => String, { nullable: true })
  groupName!: string | null;
}

@ObjectType({ description: "GuardDuty's PrivateIpAddressDetails." })
export class PrivateIpAddressDetails {
  @Field(() => String, { nullable: true })
  privateDnsName!: string | null;

  @Field(() => String, { nullable: true })
  privateIpAddress!: string | null;
}

@ObjectType()
export class NetworkInterface {
  @Field(() => String, { nullable: true })
  networkInterfaceId!: string | null;

  @Field(() => String, { nullable: true })
  privateDnsName!: string | null;

  @Field(() => String, { nullable: true })
  privateIpAddress!: string | null;

  @Field(() => [PrivateIpAddressDetails], { nullable: true })
  privateIpAddresses!: PrivateIpAddressDetails[] | null;

  @Field(() => String, { nullable: true })
  publicDnsName!: string | null;

  @Field(() => String, { nullable: true })
  publicIp!: string | null;

  @Field(() => [String], { nullable: true })
  ipv6Addresses!: string[] | null;

  @Field(() => [SecurityGroup], { nullable: true })
  securityGroups!: SecurityGroup[] | null;

  @Field(() => String, { nullable: true })
  subnetId!: string | null;

  @Field(() => String, { nullable: true })
  vpcId!: string | null;
}

@ObjectType({ description: "The instance a finding is about. Flow and DNS records name its id, interface and addresses; the rest comes from what CloudTrail told of it." })
export class InstanceDetails {
  @Field(() => String, { nullable: true })
  instanceId!: string | null;

  @Field(() => String, { nullable: true })
  instanceType!: string | null;

  @Field(() => String, { nullable: true, description: "pending, running, stopping, stopped, shutting-down, terminated." })
  instanceState!: string | null;

  @Field(() => String, { nullable: true, description: "ISO 8601 (GuardDuty's API writes a string; its EventBridge events of 2018 wrote epoch milliseconds, shown here as ISO too)." })
  launchTime!: string | null;

  @Field(() => String, { nullable: true })
  platform!: string | null;

  @Field(() => String, { nullable: true })
  availabilityZone!: string | null;

  @Field(() => String, { nullable: true })
  imageId!: string | null;

  @Field(() => String, { nullable: true })
  imageDescription!: string | null;

  @Field(() => String, { nullable: true })
  outpostArn!: string | null;

  @Field(() => IamInstanceProfile, { nullable: true })
  iamInstanceProfile!: IamInstanceProfile | null;

  @Field(() => [NetworkInterface], { nullable: true })
  networkInterfaces!: NetworkInterface[] | null;

  @Field(() => [ProductCode], { nullable: true })
  productCodes!: ProductCode[] | null;

  @Field(() => [Tag], { nullable: true })
  tags!: Tag[] | null;
}

@ObjectType()
export class Owner {
  @Field(() => String, { nullable: true })
  id!: string | null;
}

@ObjectType()
export class PublicAccess {
  @Field(() => String, { nullable: true, description: "PUBLIC, NOT_PUBLIC or UNKNOWN." })
  effectivePermission!: string | null;
}

@ObjectType()
export class DefaultServerSideEncryption {
  @Field(() => String, { nullable: true })
  encryptionType!: string | null;

  @Field(() => String, { nullable: true })
  kmsMasterKeyArn!: string | null;
}

@ObjectType()
export class S3BucketDetail {
  @Field(() => String, { nullable: true })
  arn!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true, description: "Destination for the bucket an API call acted on; Source for one data was copied from." })
  type!: string | null;

  @Field(() => String, { nullable: true })
  createdAt!: string | null;

  @Field(() => Owner, { nullable: true })
  owner!: Owner | null;

  @Field(() => [Tag], { nullable: true })
  tags!: Tag[] | null;

  @Field(() => DefaultServerSideEncryption, { nullable: true })
  defaultServerSideEncryption!: DefaultServerSideEncryption | null;

  @Field(() => PublicAccess, { nullable: true })
  publicAccess!: PublicAccess | null;
}

@ObjectType()
export class RdsDbInstanceDetails {
  @Field(() => String, { nullable: true })
  dbInstanceIdentifier!: string | null;

  @Field(() => String, { nullable: true })
  dbInstanceArn!: string | null;

  @Field(() => String, { nullable: true })
  dbClusterIdentifier!: string | null;

  @Field(() => String, { nullable: true })
  engine!: string | null;

  @Field(() => String, { nullable: true })
  engineVersion!: string | null;

  @Field(() => [Tag], { nullable: true })
  tags!: Tag[] | null;
}

@ObjectType()
export class EksClusterDetails {
  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  arn!: string | null;

  @Field(() => String, { nullable: true })
  vpcId!: string | null;

  @Field(() => String, { nullable: true })
  status!: string | null;

  @Field(() => String, { nullable: true })
  createdAt!: string | null;

  @Field(() => [Tag], { nullable: true })
  tags!: Tag[] | null;
}

@ObjectType()
export class VpcConfig {
  @Field(() => String, { nullable: true })
  vpcId!: string | null;

  @Field(() => [String], { nullable: true })
  subnetIds!: string[] | null;

  @Field(() => [SecurityGroup], { nullable: true })
  securityGroups!: SecurityGroup[] | null;
}

@ObjectType()
export class LambdaDetails {
  @Field(() => String, { nullable: true })
  functionArn!: string | null;

  @Field(() => String, { nullable: true })
  functionName!: string | null;

  @Field(() => String, { nullable: true })
  functionVersion!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true })
  lastModifiedAt!: string | null;

  @Field(() => String, { nullable: true })
  revisionId!: string | null;

  @Field(() => String, { nullable: true })
  role!: string | null;

  @Field(() => VpcConfig, { nullable: true })
  vpcConfig!: VpcConfig | null;

  @Field(() => [Tag], { nullable: true })
  tags!: Tag[] | null;
}

@ObjectType("Resource", { description: "GuardDuty's Resource, typed; `resourceType` says which details are set (AccessKey, Instance, S3Bucket; RDSDBInstance, EKSCluster, Lambda in GuardDuty's add-ons)." })
export class ResourceType {
  @Field(() => String)
  resourceType!: string;

  @Field(() => AccessKeyDetails, { nullable: true })
  accessKeyDetails!: AccessKeyDetails | null;

  @Field(() => InstanceDetails, { nullable: true })
  instanceDetails!: InstanceDetails | null;

  @Field(() => [S3BucketDetail], { nullable: true })
  s3BucketDetails!: S3BucketDetail[] | null;

  @Field(() => RdsDbInstanceDetails, { nullable: true })
  rdsDbInstanceDetails!: RdsDbInstanceDetails | null;

  @Field(() => EksClusterDetails, { nullable: true })
  eksClusterDetails!: EksClusterDetails | null;

  @Field(() => LambdaDetails, { nullable: true })
  lambdaDetails!: LambdaDetails | null;
}
