import { createLocalPubSub } from "../../src/realtime/pubsub";
import { createServices } from "../../src/services";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { storeFindings, syntheticFinding } from "./support/findings";

// More findings than listFindings first tests a JSON condition on (500 in sort order), so pages come
// from that prefix, then from the GIN lookup, then from the sort index.
describe("listFindings with a JSON-path condition over more findings than the first in sort order", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it("returns every match once, in order, through the cursors, however common the match", async () => {
    const services = createServices({ db: database.db, operatorToken: "x".repeat(32), pubSub: createLocalPubSub() });
    const account = await database.db.account.create({ data: { accountId: "430000000001", name: "p", email: "p@example.com" } });
    const detectorId = "5".repeat(32);
    await database.db.detector.create({ data: { id: detectorId, accountId: account.id, status: "ENABLED" } });
    const { secret } = await services.apiKeys.issue(account.id, "p");
    const actor = await services.apiKeys.authenticate(secret);
    const findings = Array.from({ length: 1_200 }, (_, n) => syntheticFinding(detectorId, "430000000001", n));
    await storeFindings(database.db, findings);

    const newestFirst = [...findings].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id));
    const cases: Array<[string, string, (f: (typeof findings)[number]) => boolean]> = [
      ["service.action.actionType", "AWS_API_CALL", (f) => f.service.action.actionType === "AWS_API_CALL"], // one in two
      ["service.action.actionType", "DNS_REQUEST", (f) => f.service.action.actionType === "DNS_REQUEST"], // one in four
      ["resource.instanceDetails.instanceId", "i-00000003", (f) => f.resource.instanceDetails?.instanceId === "i-00000003"], // one in fifteen
    ];
    for (const [attribute, value, matches] of cases) {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page = await services.findings.list(actor, detectorId, { findingCriteria: { criterion: { [attribute]: { equals: [value] } } }, first: 50, after });
        seen.push(...page.items.map((f) => f.id));
        after = page.nextCursor;
      } while (after);
      expect({ attribute, value, seen }).toEqual({ attribute, value, seen: newestFirst.filter(matches).map((f) => f.id) });
    }
  }, 60_000);
});
