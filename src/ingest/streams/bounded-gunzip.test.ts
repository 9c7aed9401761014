import { gzipSync } from "node:zlib";
import { DecompressedTooLargeError, gunzipAtMost } from "./bounded-gunzip";

describe("gunzipAtMost", () => {
  const spaces = (bytes: number) => gzipSync(Buffer.alloc(bytes, 0x20));

  it("inflates a small member whole, under the limit and past the inline cap of 1 MiB", async () => {
    expect((await gunzipAtMost(spaces(1000), 1 << 20)).length).toBe(1000);
    const bomb = spaces(3 << 20);
    expect(bomb.length).toBeLessThan(16 * 1024);
    expect((await gunzipAtMost(bomb, 4 << 20)).length).toBe(3 << 20);
  });

  it("refuses what inflates past the limit, inline and in the thread pool", async () => {
    await expect(gunzipAtMost(spaces(1000), 999)).rejects.toBeInstanceOf(DecompressedTooLargeError);
    await expect(gunzipAtMost(spaces(3 << 20), 2 << 20)).rejects.toBeInstanceOf(DecompressedTooLargeError);
  });

  it("rejects corrupt and truncated gzip with zlib's error code", async () => {
    const member = spaces(1000);
    await expect(gunzipAtMost(member.subarray(0, member.length - 6), 1 << 20)).rejects.toMatchObject({ code: expect.stringMatching(/^Z_/) });
  });
});
