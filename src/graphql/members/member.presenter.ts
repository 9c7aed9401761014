import type { MemberRecord } from "../../services/members/member-service.js";
import { presentRelationshipStatus } from "../../services/policies/relationships.js";
import type { MemberType } from "./member.types.js";

export function presentMember(record: MemberRecord): MemberType {
  return {
    accountId: record.member.accountId,
    detectorId: record.member.detector?.id ?? null,
    administratorId: record.administrator.accountId,
    email: record.email,
    relationshipStatus: presentRelationshipStatus(record.relationshipStatus),
    invitedAt: record.invitedAt,
    updatedAt: record.updatedAt,
  };
}
