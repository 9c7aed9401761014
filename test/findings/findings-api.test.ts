import { findingTypeCatalogue } from "../../src/detection/catalogue";
import type { Finding } from "../../src/detection/findings/types";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { storeFindings, syntheticFinding } from "./support/findings";

const FIELDS = "id accountId detectorId type severity severityLabel count archived sample feedback title updatedAt createdAt resource service";
const LIST = `query($d: ID!, $c: FindingCriteriaInput, $s: SortCriteriaInput, $first: Int, $after: String) {
  listFindings(detectorId: $d, findingCriteria: $c, sortCriteria: $s, first: $first, after: $after) { findings { ${FIELDS} } nextCursor } }`;

type Listed = { id: string; accountId: string; severity: number; count: number; archived: boolean; type: string; updatedAt: string; service: Record<string, any> };

describe("findings API", () => {
  let app: TestApp;
  let admin: TestAccount;
  let member: TestAccount;
  let outsider: TestAccount;
  const stored: Record<string, Finding[]> = {};

  const list = async (caller: TestAccount, variables: Record<string, unknown> = {}) => {
    const result = await app.gql(LIST, { d: caller.detectorId, ...variables }, caller.key);
    return { findings: (result.data?.listFindings.findings ?? []) as Listed[], nextCursor: result.data?.listFindings.nextCursor as string | null, errors: result.errors };
  };
  const listAll = async (caller: TestAccount, variables: Record<string, unknown> = {}) => {
    const all: Listed[] = [];
    let after: string | null = null;
    do {
      const page = await list(caller, { ...variables, first: 7, after });
      expect(page.errors).toBeUndefined();
      all.push(...page.findings);
      after = page.nextCursor;
    } while (after);
    return all;
  };
  const archive = (caller: TestAccount, ids: string[], operation = "archiveFindings") =>
    app.gql(`mutation($d: ID!, $ids: [String!]!) { ${operation}(detectorId: $d, findingIds: $ids) }`, { d: caller.detectorId, ids }, caller.key);

  beforeAll(async () => {
    app = await startTestApp();
    [admin, member, outsider] = await Promise.all(["310000000001", "310000000002", "310000000003"].map((id) => accountWithDetector(app, id)));
    await associate(app, admin, member);
    for (const [account, count] of [[admin, 12], [member, 10], [outsider, 5]] as const) {
      stored[account.accountId] = Array.from({ length: count }, (_, n) => syntheticFinding(account.detectorId, account.accountId, n));
      await storeFindings(app.database.db, stored[account.accountId]);
    }
  });
  afterAll(() => app.close());

  describe("visibility", () => {
    it("shows an administrator its own and its members' findings, with their account ids", async () => {
      const seen = await listAll(admin);
      expect(seen).toHaveLength(22);
      expect(new Set(seen.map((f) => f.accountId))).toEqual(new Set([admin.accountId, member.accountId]));
    });

    it("shows a member and a standalone account their own findings only", async () => {
      expect((await listAll(member)).map((f) => f.accountId)).toEqual(Array(10).fill(member.accountId));
      expect((await listAll(outsider)).map((f) => f.accountId)).toEqual(Array(5).fill(outsider.accountId));
    });

    it("answers NOT_FOUND for another account's detector and leaves others' ids out of getFindings", async () => {
      const foreign = await app.gql(LIST, { d: admin.detectorId }, outsider.key);
      expect(foreign.errors?.[0].extensions?.code).toBe("NOT_FOUND");
      const ids = [stored[member.accountId][0].id, stored[outsider.accountId][0].id];
      const query = `query($d: ID!, $ids: [String!]!) { getFindings(detectorId: $d, findingIds: $ids) { id accountId } }`;
      const byAdmin = await app.gql(query, { d: admin.detectorId, ids }, admin.key);
      expect(byAdmin.data?.getFindings).toEqual([{ id: ids[0], accountId: member.accountId }]);
      const byOutsider = await app.gql(query, { d: outsider.detectorId, ids }, outsider.key);
      expect(byOutsider.data?.getFindings).toEqual([{ id: ids[1], accountId: outsider.accountId }]);
    });

    it("names the log events a finding came from", async () => {
      const finding = stored[member.accountId][3];
      const query = `query($d: ID!, $ids: [String!]!) { getFindings(detectorId: $d, findingIds: $ids) { sourceEvents { object line eventId } } }`;
      const answer = await app.gql(query, { d: member.detectorId, ids: [finding.id] }, member.key);
      expect(answer.data?.getFindings).toEqual([{ sourceEvents: [{ object: "synthetic", line: 3, eventId: null }] }]);
    });
  });

  describe("listFindings", () => {
    it.each([
      ["updatedAt", "DESC"],
      ["severity", "ASC"],
      ["severity", "DESC"],
      ["count", "DESC"],
      ["type", "ASC"],
      ["createdAt", "ASC"],
    ])("pages through every finding once, sorted by %s %s, ties broken by id", async (attributeName, orderBy) => {
      const seen = await listAll(admin, { s: { attributeName, orderBy } });
      expect(new Set(seen.map((f) => f.id)).size).toBe(22);
      const key = (f: Listed) => (attributeName === "updatedAt" || attributeName === "createdAt" ? Date.parse((f as any)[attributeName]) : (f as any)[attributeName]);
      const sign = orderBy === "ASC" ? 1 : -1;
      const sorted = [...seen].sort((a, b) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : a.id < b.id ? -sign : sign));
      expect(seen.map((f) => f.id)).toEqual(sorted.map((f) => f.id));
    });

    it("filters with FindingCriteria in GuardDuty's attribute paths", async () => {
      const criteria = { criterion: [{ attribute: "severity", greaterThanOrEqual: 5 }, { attribute: "resource.resourceType", equals: ["Instance"] }] };
      const seen = await listAll(admin, { c: criteria });
      const expected = [...stored[admin.accountId], ...stored[member.accountId]].filter((f) => f.severity >= 5 && f.resource.resourceType === "Instance");
      expect(seen.map((f) => f.id).sort()).toEqual(expected.map((f) => f.id).sort());
      expect(seen.length).toBeGreaterThan(0);
    });

    it("pages through findings matched on a JSON attribute (looked up through the GIN index, then sorted)", async () => {
      const criteria = { criterion: [{ attribute: "resource.instanceDetails.networkInterfaces.privateIpAddress", equals: ["10.0.0.0", "10.0.0.3"] }] };
      const seen: Listed[] = [];
      let after: string | null = null;
      do {
        const page = await list(admin, { c: criteria, s: { attributeName: "severity", orderBy: "DESC" }, first: 1, after });
        seen.push(...page.findings);
        after = page.nextCursor;
      } while (after);
      const expected = [...stored[admin.accountId], ...stored[member.accountId]]
        .filter((f) => f.resource.instanceDetails?.networkInterfaces?.some((i) => ["10.0.0.0", "10.0.0.3"].includes(i.privateIpAddress ?? "")))
        .sort((a, b) => b.severity - a.severity || (a.id < b.id ? 1 : -1));
      expect(expected.length).toBeGreaterThan(1);
      expect(seen.map((f) => f.id)).toEqual(expected.map((f) => f.id));
    });

    it("rejects unknown attributes, page sizes over 50 and cursors of another sort", async () => {
      const unknown = await list(admin, { c: { criterion: [{ attribute: "service.secret", equals: ["x"] }] } });
      expect(unknown.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
      expect((await list(admin, { first: 51 })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
      const page = await list(admin, { first: 2 });
      const mismatched = await list(admin, { first: 2, after: page.nextCursor, s: { attributeName: "severity" } });
      expect(mismatched.errors?.[0].message).toMatch(/same sort criteria/);
      expect((await list(admin, { s: { attributeName: "title" } })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    });
  });

  describe("archive rules", () => {
    it("lets an administrator archive and unarchive its members' findings, in the JSON too, audited", async () => {
      const target = stored[member.accountId][1].id;
      expect((await archive(admin, [target])).data?.archiveFindings).toBe(true);
      const archived = await list(member, { c: { criterion: [{ attribute: "service.archived", equals: ["true"] }] } });
      expect(archived.findings.map((f) => [f.id, f.archived, f.service.archived])).toEqual([[target, true, true]]);
      expect((await archive(admin, [target], "unarchiveFindings")).data?.unarchiveFindings).toBe(true);
      expect((await list(member, { c: { criterion: [{ attribute: "service.archived", equals: ["true"] }] } })).findings).toHaveLength(0);
      const audit = await app.gql(`{ auditEvents { events { operation accountId } } }`, {}, admin.key);
      expect(audit.data?.auditEvents.events).toEqual(
        expect.arrayContaining([
          { operation: "archiveFindings", accountId: member.accountId },
          { operation: "unarchiveFindings", accountId: member.accountId },
        ]),
      );
    });

    it("lets a member archive its own findings only when its administrator allows it", async () => {
      const own = stored[member.accountId][2].id;
      const refused = await archive(member, [own]);
      expect(refused.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      const allowed = await app.gql(`mutation($d: ID!) { updateDetector(detectorId: $d, membersCanArchive: true) { membersCanArchive } }`, { d: admin.detectorId }, admin.key);
      expect(allowed.data?.updateDetector.membersCanArchive).toBe(true);
      expect((await archive(member, [own])).data?.archiveFindings).toBe(true);
      // Still not the administrator's findings: those are not the member's to see.
      expect((await archive(member, [stored[admin.accountId][0].id])).errors?.[0].extensions?.code).toBe("NOT_FOUND");
      await app.gql(`mutation($d: ID!) { updateDetector(detectorId: $d, membersCanArchive: false) { membersCanArchive } }`, { d: admin.detectorId }, admin.key);
      expect((await archive(member, [own], "unarchiveFindings")).errors?.[0].extensions?.code).toBe("FORBIDDEN");
      const audit = await app.gql(`{ auditEvents { events { operation after } } }`, {}, admin.key);
      const detectorUpdates = audit.data?.auditEvents.events.filter((e: { operation: string }) => e.operation === "updateDetector");
      expect(detectorUpdates.map((e: { after: { membersCanArchive: boolean } }) => e.after.membersCanArchive)).toEqual([true, false]);
    });

    it("lets a standalone account archive its own, and nobody archive what they cannot see", async () => {
      expect((await archive(outsider, [stored[outsider.accountId][0].id])).data?.archiveFindings).toBe(true);
      const foreign = await archive(outsider, [stored[outsider.accountId][1].id, stored[member.accountId][3].id]);
      expect(foreign.errors?.[0].extensions?.code).toBe("NOT_FOUND");
      // All or nothing: the visible one in the refused call stays as it was.
      const still = await app.gql(`query($d: ID!, $ids: [String!]!) { getFindings(detectorId: $d, findingIds: $ids) { archived } }`, { d: outsider.detectorId, ids: [stored[outsider.accountId][1].id] }, outsider.key);
      expect(still.data?.getFindings).toEqual([{ archived: false }]);
    });
  });

  it("records feedback in service.userFeedback", async () => {
    const id = stored[member.accountId][4].id;
    const result = await app.gql(
      `mutation($d: ID!, $ids: [String!]!) { updateFindingsFeedback(detectorId: $d, findingIds: $ids, feedback: NOT_USEFUL, comments: "scanner") }`,
      { d: member.detectorId, ids: [id] },
      member.key,
    );
    expect(result.data?.updateFindingsFeedback).toBe(true);
    const seen = await list(admin, { c: { criterion: [{ attribute: "service.userFeedback", equals: ["NOT_USEFUL"] }] } });
    expect(seen.findings.map((f) => [f.id, (f as any).feedback, f.service.userFeedback])).toEqual([[id, "NOT_USEFUL", "NOT_USEFUL"]]);
  });

  describe("samples and statistics", () => {
    it("creates one [SAMPLE] finding per catalogue type, never counted in statistics unless asked", async () => {
      const sampler = await accountWithDetector(app, "310000000009");
      const created = await app.gql(`mutation($d: ID!) { createSampleFindings(detectorId: $d) { type title sample service accountId } }`, { d: sampler.detectorId }, sampler.key);
      const samples = created.data?.createSampleFindings as Array<{ type: string; title: string; sample: boolean; service: { additionalInfo: { value: string } }; accountId: string }>;
      expect(samples.map((s) => s.type).sort()).toEqual(findingTypeCatalogue().map((e) => e.type).sort());
      for (const sample of samples) {
        expect(sample.title.startsWith("[SAMPLE] ")).toBe(true);
        expect(sample.title).not.toMatch(/\bunknown\b|[{}]/); // every placeholder filled
        expect(sample.sample).toBe(true);
        expect(JSON.parse(sample.service.additionalInfo.value).sample).toBe(true);
        expect(sample.accountId).toBe(sampler.accountId);
      }
      const counts = `query($d: ID!, $samples: Boolean!) { getFindingsStatistics(detectorId: $d, includeSamples: $samples) { countBySeverity { severity count } } }`;
      const without = await app.gql(counts, { d: sampler.detectorId, samples: false }, sampler.key);
      expect(without.data?.getFindingsStatistics.countBySeverity).toEqual([]);
      const withSamples = await app.gql(counts, { d: sampler.detectorId, samples: true }, sampler.key);
      const total = withSamples.data?.getFindingsStatistics.countBySeverity.reduce((sum: number, s: { count: number }) => sum + s.count, 0);
      expect(total).toBe(samples.length);

      const some = await app.gql(`mutation($d: ID!) { createSampleFindings(detectorId: $d, findingTypes: ["Recon:EC2/Portscan"]) { type count } }`, { d: sampler.detectorId }, sampler.key);
      expect(some.data?.createSampleFindings).toEqual([{ type: "Recon:EC2/Portscan", count: 2 }]);
      const unknown = await app.gql(`mutation($d: ID!) { createSampleFindings(detectorId: $d, findingTypes: ["Made:Up/Type"]) { type } }`, { d: sampler.detectorId }, sampler.key);
      expect(unknown.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("counts by severity and groups by account, type, resource, date and severity", async () => {
      const all = [...stored[admin.accountId], ...stored[member.accountId]];
      const query = `query($d: ID!, $g: GroupBy, $o: OrderBy, $m: Int) { getFindingsStatistics(detectorId: $d, groupBy: $g, orderBy: $o, maxResults: $m) {
        countBySeverity { severity count }
        groupedByAccount { accountId totalFindings lastGeneratedAt }
        groupedByFindingType { findingType totalFindings }
        groupedByResource { accountId resourceType resourceId totalFindings }
        groupedByDate { date severity totalFindings }
        groupedBySeverity { severity totalFindings } } }`;
      const run = async (variables: Record<string, unknown>) => (await app.gql(query, { d: admin.detectorId, ...variables }, admin.key)).data?.getFindingsStatistics;

      const bySeverity = await run({});
      const expectedSeverities = new Map<number, number>();
      for (const f of all) expectedSeverities.set(f.severity, (expectedSeverities.get(f.severity) ?? 0) + 1);
      expect(bySeverity.countBySeverity).toEqual([...expectedSeverities].sort((a, b) => b[0] - a[0]).map(([severity, count]) => ({ severity, count })));
      expect(bySeverity.groupedByAccount).toBeNull();

      const byAccount = await run({ g: "ACCOUNT" });
      expect(byAccount.groupedByAccount.map((g: { accountId: string; totalFindings: number }) => [g.accountId, g.totalFindings])).toEqual([[admin.accountId, 12], [member.accountId, 10]]);
      const lastOfAdmin = stored[admin.accountId].map((f) => f.updatedAt).sort().at(-1);
      expect(byAccount.groupedByAccount[0].lastGeneratedAt).toBe(lastOfAdmin);

      const byType = await run({ g: "FINDING_TYPE", o: "ASC", m: 2 });
      expect(byType.groupedByFindingType).toHaveLength(2);
      expect(byType.groupedByFindingType[0].totalFindings).toBeLessThanOrEqual(byType.groupedByFindingType[1].totalFindings);

      const byResource = await run({ g: "RESOURCE", m: 100 });
      expect(byResource.groupedByResource.reduce((sum: number, g: { totalFindings: number }) => sum + g.totalFindings, 0)).toBe(22);
      expect(byResource.groupedByResource.some((g: { resourceType: string; resourceId: string }) => g.resourceType === "Instance" && g.resourceId.startsWith("i-"))).toBe(true);

      const byDate = await run({ g: "DATE", m: 100 });
      expect(byDate.groupedByDate.reduce((sum: number, g: { totalFindings: number }) => sum + g.totalFindings, 0)).toBe(22);
      expect(byDate.groupedByDate[0].date).toMatch(/^\d{4}-\d{2}-\d{2}$/);

      const bySeverityGroup = await run({ g: "SEVERITY" });
      expect(bySeverityGroup.groupedBySeverity.reduce((sum: number, g: { totalFindings: number }) => sum + g.totalFindings, 0)).toBe(22);

      const both = await app.gql(`query($d: ID!) { getFindingsStatistics(detectorId: $d, groupBy: ACCOUNT, findingStatisticTypes: [COUNT_BY_SEVERITY]) { countBySeverity { count } } }`, { d: admin.detectorId }, admin.key);
      expect(both.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    });
  });
});
