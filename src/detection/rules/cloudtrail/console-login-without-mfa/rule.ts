/**
 * InitialAccess:IAMUser/ConsoleLoginWithoutMFA — a successful console sign-in of an IAM user or the
 * root user with additionalEventData.MFAUsed "No".
 *
 * Only IAM users and root sign in with a password kept by AWS. Role sessions (IAM Identity Center,
 * SAML or OIDC federation, switched roles) and federated users authenticate upstream, where MFA is
 * the identity provider's, so their "MFAUsed: No" says nothing; an IAM user event naming a SAML
 * provider is such a federation too. Failed sign-ins are the brute-force rules' business.
 */
import type { CloudTrailRule } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { consoleLoginOutcome, SIGNIN_SOURCE } from "../shared/console-login.js";
import { principalKey } from "../shared/identity.js";
import { field, text } from "../shared/request.js";
import { CONSOLE_LOGIN_WITHOUT_MFA } from "./meta.js";

export const consoleLoginWithoutMfaRule: CloudTrailRule = {
  id: "console-login-without-mfa",
  kind: "cloudtrail",
  findingTypes: [CONSOLE_LOGIN_WITHOUT_MFA],
  triggers: [{ eventSource: SIGNIN_SOURCE, eventNames: ["ConsoleLogin"] }],
  evaluate(event, _context, emit) {
    const type = event.identity.type;
    if (type !== "IAMUser" && type !== "Root") return;
    if (consoleLoginOutcome(event) !== "Success") return;
    const extra = event.additionalEventData;
    if (text(field(extra, "MFAUsed")) !== "No" || field(extra, "SamlProviderArn") !== undefined) return;
    emit(
      apiCallCandidate(CONSOLE_LOGIN_WITHOUT_MFA, event, {
        key: [principalKey(event.identity)],
        severity: type === "Root" ? 8 : undefined,
        additionalInfo: { mfaUsed: "No", loginTo: text(field(extra, "LoginTo")) },
      }),
    );
  },
};
