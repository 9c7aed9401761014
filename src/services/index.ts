import type { Database } from "../db/prisma.js";
import type { VigilPubSub } from "../realtime/pubsub.js";
import { AccountService } from "./accounts/account-service.js";
import { AuditLog } from "./audit/audit-log.js";
import { ApiKeyService } from "./auth/api-key-service.js";
import { Authenticator } from "./auth/authenticator.js";
import { DetectorService } from "./detectors/detector-service.js";
import { InvitationService } from "./invitations/invitation-service.js";
import { MemberService } from "./members/member-service.js";

export type Services = ReturnType<typeof createServices>;

export type ServiceDependencies = { db: Database; operatorToken: string; pubSub: VigilPubSub };

/** The one place services are wired together; the API, the CLI and the workers all use it. */
export function createServices({ db, operatorToken, pubSub }: ServiceDependencies) {
  const audit = new AuditLog(db, pubSub);
  const apiKeys = new ApiKeyService(db, audit);
  const detectors = new DetectorService(db, audit);
  return {
    authenticator: new Authenticator(apiKeys, operatorToken),
    audit,
    apiKeys,
    accounts: new AccountService(db, apiKeys, audit),
    detectors,
    members: new MemberService(db, audit, detectors, pubSub),
    invitations: new InvitationService(db, audit, detectors),
    pubSub,
  };
}
