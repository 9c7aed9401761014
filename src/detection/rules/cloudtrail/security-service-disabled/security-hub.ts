/**
 * Security Hub: switched off, standards disabled, the account or its members cut from the
 * administrator, a product's findings no longer imported, or findings suppressed. Analysts suppress
 * findings while triaging, so suppression is Low, and Security Hub's own automation rules suppressing
 * findings are left out; DeleteInsight / UpdateInsight (saved searches, which Sigma also lists) hide
 * nothing and are left out too.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY } from "../../../engine/types.js";
import { isAwsServiceActing, type Impairment, type ImpairmentCheck } from "../shared/impairment-rule.js";
import { asArray, field, text } from "../shared/request.js";
import { onNamed, onService } from "./checks.js";

const HUB = "AWS::SecurityHub::Hub";

function findingsSuppressed(event: CloudTrailEvent): Impairment | undefined {
  if (isAwsServiceActing(event)) return undefined;
  if (text(field(field(event.requestParameters, "Workflow"), "Status")) !== "SUPPRESSED") return undefined;
  const count = asArray(field(event.requestParameters, "FindingIdentifiers")).length;
  return { effect: `suppressed ${count} finding(s)`, target: "findings", resourceType: HUB, severity: SEVERITY.LOW };
}

export const SECURITY_HUB: Readonly<Record<string, ImpairmentCheck>> = {
  DisableSecurityHub: onService("disabled Security Hub", HUB, SEVERITY.HIGH),
  BatchDisableStandards: onNamed(["StandardsSubscriptionArns"], (standards) => `disabled the standards ${standards}`, "AWS::SecurityHub::Standard"),
  DisassociateFromAdministratorAccount: onService("disassociated the account from its Security Hub administrator", HUB),
  DisassociateFromMasterAccount: onService("disassociated the account from its Security Hub administrator", HUB),
  DisassociateMembers: onNamed(["AccountIds"], (members) => `disassociated the member accounts ${members}`, HUB),
  DeleteMembers: onNamed(["AccountIds"], (members) => `deleted the member accounts ${members}`, HUB),
  DisableOrganizationAdminAccount: onNamed(["AdminAccountId"], (admin) => `removed ${admin} as the organization's Security Hub administrator`, HUB),
  DisableImportFindingsForProduct: onNamed(["ProductSubscriptionArn"], (product) => `stopped importing the findings of ${product}`, HUB),
  BatchUpdateFindings: findingsSuppressed,
};
