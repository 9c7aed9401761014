/**
 * The one registry of the rules Vigil ships: each is a folder rules/<kind>/<rule id>/ (meta.ts,
 * rule.ts, tests) listed here once. The engine and the catalogue read these lists; registry.test.ts
 * fails when a rule folder is missing from them.
 */
import type { EventRule, WindowedRule } from "../engine/types.js";
import { apiEnumerationBurstRule } from "./cloudtrail/api-enumeration-burst/rule.js";
import { deniedCallsBurstRule } from "./cloudtrail/denied-calls-burst/rule.js";
import { sensitiveCallDeniedRule } from "./cloudtrail/sensitive-call-denied/rule.js";
import { instanceUserDataReadRule } from "./cloudtrail/instance-user-data-read/rule.js";
import { unusualInstancesLaunchedRule } from "./cloudtrail/unusual-instances-launched/rule.js";
import { ssmRemoteExecutionRule } from "./cloudtrail/ssm-remote-execution/rule.js";
import { ec2InstanceConnectRule } from "./cloudtrail/ec2-instance-connect/rule.js";
import { bedrockModelAbuseRule } from "./cloudtrail/bedrock-model-abuse/rule.js";
import { s3MassDeletionRule } from "./cloudtrail/s3-mass-deletion/rule.js";
import { massResourceDeletionRule } from "./cloudtrail/mass-resource-deletion/rule.js";
import { bedrockLoggingDisabledRule } from "./cloudtrail/bedrock-logging-disabled/rule.js";
import { configRecordingDisabledRule } from "./cloudtrail/config-recording-disabled/rule.js";
import { dnsQueryLoggingDeletedRule } from "./cloudtrail/dns-query-logging-deleted/rule.js";
import { guardDutyImpairedRule } from "./cloudtrail/guardduty-impaired/rule.js";
import { securityServiceDisabledRule } from "./cloudtrail/security-service-disabled/rule.js";
import { organizationLeaveRule } from "./cloudtrail/organization-leave/rule.js";
import { bucketShortLifecycleRule } from "./cloudtrail/bucket-short-lifecycle/rule.js";
import { cloudWatchMonitoringImpairedRule } from "./cloudtrail/cloudwatch-monitoring-impaired/rule.js";
import { flowLogsDeletedRule } from "./cloudtrail/flow-logs-deleted/rule.js";
import { cloudTrailLoggingDisabledRule } from "./cloudtrail/cloudtrail-logging-disabled/rule.js";
import { imageSharedOutsideRule } from "./cloudtrail/image-shared-outside/rule.js";
import { instanceCredentialExfiltrationRule } from "./cloudtrail/instance-credential-exfiltration/rule.js";
import { instanceCredentialsOffInstanceRule } from "./cloudtrail/instance-credentials-off-instance/rule.js";
import { networkOpenToInternetRule } from "./cloudtrail/network-open-to-internet/rule.js";
import { passwordPolicyChangeRule } from "./cloudtrail/password-policy-change/rule.js";
import { pentestUserAgentRule } from "./cloudtrail/pentest-user-agent/rule.js";
import { rdsDataExposureRule } from "./cloudtrail/rds-data-exposure/rule.js";
import { resourcePolicyOutsideRule } from "./cloudtrail/resource-policy-outside/rule.js";
import { rootCredentialUsageRule } from "./cloudtrail/root-credential-usage/rule.js";
import { s3BlockPublicAccessRule } from "./cloudtrail/s3-block-public-access/rule.js";
import { s3PublicAccessGrantedRule } from "./cloudtrail/s3-public-access-granted/rule.js";
import { s3OutsideAccountRule } from "./cloudtrail/s3-outside-account/rule.js";
import { s3ServerAccessLoggingRule } from "./cloudtrail/s3-server-access-logging/rule.js";
import { snapshotSharedOutsideRule } from "./cloudtrail/snapshot-shared-outside/rule.js";
import { threatIntelCallerRule } from "./cloudtrail/threat-intel-caller/rule.js";
import { secretsBatchRetrievalRule, secretsRetrievalBurstRule } from "./cloudtrail/secrets-bulk-retrieval/rule.js";
import { ssmParametersBulkDecryptedRule } from "./cloudtrail/ssm-parameters-bulk-decrypted/rule.js";
import { ec2PasswordDataBurstRule, ec2PasswordDataRule } from "./cloudtrail/ec2-password-data/rule.js";
import { consoleLoginWithoutMfaRule } from "./cloudtrail/console-login-without-mfa/rule.js";
import { consolePasswordSprayingRule } from "./cloudtrail/console-password-spraying/rule.js";
import { consoleBruteForceSuccessRule } from "./cloudtrail/console-brute-force-success/rule.js";
import { consoleSigninTokenRule } from "./cloudtrail/console-signin-token/rule.js";
import { rootAccessKeyCreatedRule } from "./cloudtrail/root-access-key-created/rule.js";
import { iamCredentialsForAnotherUserRule } from "./cloudtrail/iam-credentials-for-another-user/rule.js";
import { iamAdminGrantedRule } from "./cloudtrail/iam-admin-granted/rule.js";
import { iamRoleTrustOpenedRule } from "./cloudtrail/iam-role-trust-opened/rule.js";
import { lambdaCodeChangedRule } from "./cloudtrail/lambda-code-changed/rule.js";
import { lambdaInvokeOpenedRule } from "./cloudtrail/lambda-invoke-opened/rule.js";
import { rolesAnywhereTrustAnchorRule } from "./cloudtrail/rolesanywhere-trust-anchor/rule.js";
import { stsFederationTokenRule } from "./cloudtrail/sts-federation-token/rule.js";
import { ec2UserDataModifiedRule } from "./cloudtrail/ec2-user-data-modified/rule.js";
import { identityProviderChangedRule } from "./cloudtrail/identity-provider-changed/rule.js";
import { dgaDomainRequest } from "./anomaly/dga-domain-request/rule.js";
import { dnsDataExfiltration } from "./anomaly/dns-data-exfiltration/rule.js";
import { metadataDnsRebindRule } from "./dns/metadata-dns-rebind/rule.js";
import { threatIntelDomainRule } from "./dns/threat-intel-domain/rule.js";
import { bruteForceRule } from "./flow/brute-force/rule.js";
import { denialOfServiceRule } from "./flow/denial-of-service/rule.js";
import { portProbeRule } from "./flow/port-probe/rule.js";
import { portSweepRule } from "./flow/port-sweep/rule.js";
import { portscanRule } from "./flow/portscan/rule.js";
import { threatIntelConnectionRule } from "./flow/threat-intel-connection/rule.js";
import { torRelayRule } from "./flow/tor-relay/rule.js";

export const EVENT_RULES: readonly EventRule[] = [
  cloudTrailLoggingDisabledRule,
  rootCredentialUsageRule,
  passwordPolicyChangeRule,
  pentestUserAgentRule,
  s3BlockPublicAccessRule,
  s3PublicAccessGrantedRule,
  s3ServerAccessLoggingRule,
  s3OutsideAccountRule,
  snapshotSharedOutsideRule,
  imageSharedOutsideRule,
  networkOpenToInternetRule,
  rdsDataExposureRule,
  resourcePolicyOutsideRule,
  bedrockLoggingDisabledRule,
  threatIntelCallerRule,
  instanceCredentialExfiltrationRule,
  sensitiveCallDeniedRule,
  unusualInstancesLaunchedRule,
  flowLogsDeletedRule,
  dnsQueryLoggingDeletedRule,
  configRecordingDisabledRule,
  guardDutyImpairedRule,
  securityServiceDisabledRule,
  organizationLeaveRule,
  bucketShortLifecycleRule,
  cloudWatchMonitoringImpairedRule,
  secretsBatchRetrievalRule(),
  ec2PasswordDataRule,
  consoleLoginWithoutMfaRule,
  consoleSigninTokenRule,
  rootAccessKeyCreatedRule,
  iamCredentialsForAnotherUserRule,
  iamAdminGrantedRule,
  iamRoleTrustOpenedRule,
  lambdaCodeChangedRule,
  lambdaInvokeOpenedRule,
  rolesAnywhereTrustAnchorRule,
  stsFederationTokenRule,
  ec2UserDataModifiedRule,
  identityProviderChangedRule,
  threatIntelConnectionRule,
  portProbeRule,
  threatIntelDomainRule,
  metadataDnsRebindRule,
];

/** Flow rules with their default settings; build others with the factories to tune thresholds. */
export const WINDOWED_RULES: readonly WindowedRule[] = [
  dgaDomainRequest,
  dnsDataExfiltration,
  portscanRule(),
  portSweepRule(),
  bruteForceRule(),
  denialOfServiceRule(),
  torRelayRule(),
  secretsRetrievalBurstRule(),
  ssmParametersBulkDecryptedRule(),
  ec2PasswordDataBurstRule(),
  consolePasswordSprayingRule(),
  consoleBruteForceSuccessRule(),
  apiEnumerationBurstRule(),
  deniedCallsBurstRule(),
  instanceUserDataReadRule(),
  ssmRemoteExecutionRule(),
  ec2InstanceConnectRule(),
  bedrockModelAbuseRule(),
  s3MassDeletionRule(),
  massResourceDeletionRule(),
  instanceCredentialsOffInstanceRule(),
];
