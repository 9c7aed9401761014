import type { SecurityConfigurationChange } from "../../src/realtime/topics";
import { startTestApp, type TestApp } from "../support/app";
import { recordTopic } from "../support/topic-recorder";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";

const EVENTS = `query($after: String) { auditEvents(first: 50, after: $after) { events { accountId relatedAccountId actorKind actorAccountId apiKeyId operation targetType targetId before after securityRelevant } nextCursor } }`;

type Event = { accountId: string; relatedAccountId: string | null; actorAccountId: string | null; operation: string; securityRelevant: boolean; before: any; after: any; apiKeyId: string | null };

describe("audit log", () => {
  let app: TestApp;
  let admin: TestAccount;
  let member: TestAccount;
  let outsider: TestAccount;
  let recorded: { events: SecurityConfigurationChange[]; stop(): void };

  beforeAll(async () => {
    app = await startTestApp();
    recorded = recordTopic(app.services.pubSub, "SECURITY_CONFIGURATION_CHANGED");

    admin = await accountWithDetector(app, "700000000001");
    member = await accountWithDetector(app, "700000000002");
    outsider = await accountWithDetector(app, "700000000003");
    await associate(app, admin, member);
    await app.gql(`mutation($d: ID!) { updateDetector(detectorId: $d, enable: false) { status } }`, { d: member.detectorId }, member.key);
    await app.gql(`mutation($d: ID!) { disassociateFromAdministratorAccount(detectorId: $d) }`, { d: member.detectorId }, member.key);
    await app.gql(`mutation($d: ID!) { deleteDetector(detectorId: $d) }`, { d: member.detectorId }, member.key);
  });
  afterAll(async () => {
    recorded.stop();
    await app.close();
  });

  async function allEvents(key: string): Promise<Event[]> {
    const events: Event[] = [];
    let after: string | null = null;
    do {
      const page: any = await app.gql(EVENTS, { after }, key);
      events.push(...page.data.auditEvents.events);
      after = page.data.auditEvents.nextCursor;
    } while (after);
    return events;
  }

  it("records who changed what, with before and after", async () => {
    const events = await allEvents(member.key);
    const disable = events.find((e) => e.operation === "updateDetector")!;
    expect(disable).toMatchObject({
      accountId: member.accountId,
      actorAccountId: member.accountId,
      before: { status: "ENABLED" },
      after: { status: "DISABLED" },
      securityRelevant: true,
    });
    expect(disable.apiKeyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(events.map((e) => e.operation)).toEqual([
      "createAccount",
      "createDetector",
      "createMembers", // the administrator's, about this member
      "inviteMembers",
      "acceptAdministratorInvitation",
      "updateDetector",
      "disassociateFromAdministratorAccount",
      "deleteDetector",
    ]);
  });

  it("lets the administrator see its members' changes and the member leaving", async () => {
    const events = await allEvents(admin.key);
    const operations = events.map((e) => `${e.operation}:${e.accountId}`);
    expect(operations).toEqual(
      expect.arrayContaining([
        `createMembers:${admin.accountId}`,
        `acceptAdministratorInvitation:${member.accountId}`,
        `updateDetector:${member.accountId}`,
        `disassociateFromAdministratorAccount:${member.accountId}`,
      ]),
    );
    // After the member left, its later changes are its own business.
    expect(operations).not.toContain(`deleteDetector:${member.accountId}`);
    expect(operations).not.toContain(`createAccount:${member.accountId}`);
  });

  it("shows an unrelated account nothing but its own", async () => {
    const events = await allEvents(outsider.key);
    expect(events.map((e) => e.operation)).toEqual(["createAccount", "createDetector"]);
    expect(events.every((e) => e.accountId === outsider.accountId)).toBe(true);
  });

  it("publishes the changes that blind detection", async () => {
    await new Promise((r) => setTimeout(r, 200));
    const memberRow = await app.database.db.account.findUniqueOrThrow({ where: { accountId: member.accountId } });
    const mine = recorded.events.filter((p) => p.accountId === memberRow.id).map((p) => p.operation);
    expect(mine).toEqual(["updateDetector", "disassociateFromAdministratorAccount", "deleteDetector"]);
  });

  it("records trusted accounts on a detector, a newly trusted one as security relevant", async () => {
    const owner = await accountWithDetector(app, "700000000004");
    const TRUST = `mutation($d: ID!, $ids: [String!]) { updateDetector(detectorId: $d, trustedAccountIds: $ids) { trustedAccountIds } }`;
    const trusted = await app.gql(TRUST, { d: owner.detectorId, ids: ["999988887777", "444455556666", "999988887777"] }, owner.key);
    expect(trusted.data?.updateDetector.trustedAccountIds).toEqual(["444455556666", "999988887777"]);
    await app.gql(TRUST, { d: owner.detectorId, ids: ["444455556666"] }, owner.key);
    const refused = await app.gql(TRUST, { d: owner.detectorId, ids: ["12345"] }, owner.key);
    expect(refused.errors?.[0]).toMatchObject({ message: expect.stringContaining("12-digit"), extensions: { code: "BAD_USER_INPUT" } });

    const updates = (await allEvents(owner.key)).filter((e) => e.operation === "updateDetector");
    expect(updates.map((e) => [e.before.trustedAccountIds, e.after.trustedAccountIds, e.securityRelevant])).toEqual([
      [[], ["444455556666", "999988887777"], true],
      [["444455556666", "999988887777"], ["444455556666"], false],
    ]);
  });

  it("cannot be rewritten", async () => {
    await expect(app.database.db.$executeRawUnsafe(`UPDATE "audit_events" SET "operation" = 'nothing'`)).rejects.toThrow(/cannot be updated/);
  });
});
