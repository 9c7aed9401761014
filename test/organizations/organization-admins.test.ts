import { randomBytes, randomUUID } from "node:crypto";
import { createLocalPubSub } from "../../src/realtime/pubsub";
import { createServices, type Services } from "../../src/services";
import type { AccountActor } from "../../src/services/actor";
import { createTestDatabase, type TestDatabase } from "../support/database";

const OPERATOR = { kind: "operator" as const };

describe("designating an organisation's administrator (enableOrganizationAdminAccount)", () => {
  let database: TestDatabase;
  let services: Services;
  let next = 330_000_000_000;
  const account = async (withDetector = true): Promise<AccountActor & { detectorId: string }> => {
    const accountId = String(next++);
    const detectorId = randomBytes(16).toString("hex");
    const row = await database.db.account.create({
      data: { accountId, name: accountId, email: `${accountId}@example.com`, ...(withDetector ? { detector: { create: { id: detectorId, status: "ENABLED" } } } : {}) },
    });
    return { kind: "account", accountRowId: row.id, accountId, apiKeyId: randomUUID(), detectorId };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({ db: database.db, operatorToken: "operator", pubSub: createLocalPubSub() });
  });
  afterAll(() => database.drop());

  it("is the operator's, creates the administrator's detector, and is audited as security-relevant", async () => {
    const administrator = await account(false);
    await expect(services.organizationAdmins.enableOrganizationAdminAccount(administrator, administrator.accountId)).rejects.toThrow(/operator token/);
    expect(await services.organizationAdmins.enableOrganizationAdminAccount(OPERATOR, administrator.accountId)).toEqual({ adminAccountId: administrator.accountId, adminStatus: "ENABLED" });
    expect(await database.db.detector.findUnique({ where: { accountId: administrator.accountRowId } })).toMatchObject({ status: "ENABLED" });
    expect(await database.db.auditEvent.findFirst({ where: { operation: "enableOrganizationAdminAccount", accountId: administrator.accountRowId } })).toMatchObject({ actorKind: "OPERATOR", securityRelevant: true });
    expect((await services.organizationAdmins.listOrganizationAdminAccounts(OPERATOR)).map((admin) => admin.adminAccountId)).toContain(administrator.accountId);
  });

  it("refuses an unknown account and another administrator's member", async () => {
    await expect(services.organizationAdmins.enableOrganizationAdminAccount(OPERATOR, "999999999999")).rejects.toThrow(/not registered/);
    const [administrator, member] = [await account(), await account()];
    await database.db.membership.create({ data: { administratorId: administrator.accountRowId, memberId: member.accountRowId, email: "m@example.com", relationshipStatus: "ENABLED" } });
    await expect(services.organizationAdmins.enableOrganizationAdminAccount(OPERATOR, member.accountId)).rejects.toThrow(/never an administrator and a member at once/);
  });

  it("keeps a designated administrator from becoming anyone's member", async () => {
    const [designated, other] = [await account(), await account()];
    await services.organizationAdmins.enableOrganizationAdminAccount(OPERATOR, designated.accountId);
    const result = await services.members.createMembers(other, other.detectorId, [{ accountId: designated.accountId, email: "d@example.com" }]);
    expect(result.unprocessedAccounts).toEqual([{ accountId: designated.accountId, result: expect.stringMatching(/cannot become your member/) }]);
  });

  it("gives an organisation configuration to designated administrators only", async () => {
    const plain = await account();
    await expect(services.organization.describeOrganizationConfiguration(plain, plain.detectorId)).rejects.toThrow(/Only an organisation's administrator/);
  });
});
