import type { Request } from "./graphql-client";

export type SignedInAccount = { accountId: string; name: string; detectorId: string | null };

/** Who the key belongs to and its detector (an account has zero or one). */
export async function whoAmI(request: Request): Promise<SignedInAccount> {
  const data = await request<{ me: { accountId: string; name: string }; listDetectors: string[] }>(`{ me { accountId name } listDetectors }`);
  return { ...data.me, detectorId: data.listDetectors[0] ?? null };
}
