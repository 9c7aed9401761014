import { Readable } from "node:stream";
import { ACCOUNT } from "./support/cloudtrail";
import { startTestPipeline, type TestPipeline } from "./support/pipeline";

const HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
const START = 1772359200; // 2026-03-01T10:00:00Z

/** `count` short SSH connection attempts (each from its own client port) from one outside address to one instance. */
function sshAttempts(count: number, offsetSeconds: number): string {
  const lines = Array.from({ length: count }, (_, i) => {
    const start = START + offsetSeconds + i * 5;
    return `2 ${ACCOUNT} eni-0aaaabbbbccccdddd 91.240.118.172 10.0.0.5 ${40000 + offsetSeconds + i} 22 6 4 240 ${start} ${start + 10} ACCEPT OK`;
  });
  return `${HEADER}\n${lines.join("\n")}\n`;
}

function object(key: string, text: string) {
  return { key, size: text.length, lastModified: new Date(), open: async () => Readable.from([Buffer.from(text)]) };
}

describe("windowed rules through the pipeline", () => {
  let pipeline: TestPipeline;
  beforeAll(async () => {
    pipeline = await startTestPipeline();
  });
  afterAll(() => pipeline.close());

  const bruteForce = () => pipeline.database.db.finding.findMany({ where: { type: "UnauthorizedAccess:EC2/SSHBruteForce" } });

  it("counts a window across log objects once, and a retried object adds nothing", async () => {
    const id = await pipeline.createSource({ name: "flows", kind: "VPC_FLOW_LOGS", location: "flows" });
    const source = (await pipeline.services.ingestion.source(id))!;
    const reader = pipeline.ingest.reader;

    // 12 attempts in one object, 12 more in the next: only together do they pass the threshold.
    expect(await reader.read(source, object("a.log", sshAttempts(12, 0)))).toMatchObject({ status: "DONE", findings: 0 });
    expect(await bruteForce()).toEqual([]);
    expect(await reader.read(source, object("b.log", sshAttempts(12, 60)))).toMatchObject({ status: "DONE", findings: 1 });
    const [finding] = await bruteForce();
    expect(finding).toMatchObject({ count: 1, severity: 2 });

    // The worker died after the commit of b.log but before acknowledging its job: the retry is a no-op.
    expect(await reader.read(source, object("b.log", sshAttempts(12, 60)))).toEqual({ status: "ALREADY_RECORDED" });
    // The worker died before committing b.log: PostgreSQL holds nothing of it (undone here by hand), while
    // Redis kept its window contributions. The retry replaces them and decides exactly as the first run.
    await pipeline.database.db.$transaction([
      pipeline.database.db.ingestedObject.delete({ where: { logSourceId_objectKey: { logSourceId: id, objectKey: "b.log" } } }),
      pipeline.database.db.finding.delete({ where: { id: finding.id } }),
    ]);
    expect(await reader.read(source, object("b.log", sshAttempts(12, 60)))).toMatchObject({ status: "DONE", findings: 1 });
    expect((await bruteForce()).map((f) => [f.id, f.count])).toEqual([[finding.id, 1]]);

    // Later attempts in the same window raise nothing more than the crossing did.
    expect(await reader.read(source, object("c.log", sshAttempts(10, 120)))).toMatchObject({ status: "DONE", findings: 0 });
    expect((await bruteForce()).map((f) => f.count)).toEqual([1]);
  });
});
