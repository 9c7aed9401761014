import { aclGrants } from "./acl-exposure.js";

const exposures = (parameters: Record<string, unknown>) => aclGrants(parameters).map((grant) => grant.exposure);

describe("aclGrants", () => {
  it("reads canned ACLs, as text or as a one-element header array", () => {
    expect(exposures({ "x-amz-acl": ["public-read"] })).toEqual(["anonymous"]);
    expect(exposures({ "x-amz-acl": "public-read-write" })).toEqual(["anonymous"]);
    expect(exposures({ "x-amz-acl": ["authenticated-read"] })).toEqual(["authenticated"]);
    expect(exposures({ "x-amz-acl": ["private"] })).toEqual([]);
    expect(exposures({ "x-amz-acl": ["bucket-owner-full-control"] })).toEqual([]);
  });

  it("reads grant headers", () => {
    expect(exposures({ "x-amz-grant-read": ['uri="http://acs.amazonaws.com/groups/global/AllUsers"'] })).toEqual(["anonymous"]);
    expect(exposures({ "x-amz-grant-write": 'uri="http://acs.amazonaws.com/groups/global/AuthenticatedUsers"' })).toEqual(["authenticated"]);
    expect(exposures({ "x-amz-grant-read": ['id="79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"'] })).toEqual([]);
  });

  it("reads an AccessControlPolicy body with one grant or several", () => {
    const body = (grants: unknown) => ({ AccessControlPolicy: { Owner: { ID: "owner" }, AccessControlList: { Grant: grants } } });
    const allUsers = { Grantee: { "xsi:type": "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" };
    const owner = { Grantee: { "xsi:type": "CanonicalUser", ID: "owner" }, Permission: "FULL_CONTROL" };
    const logDelivery = { Grantee: { "xsi:type": "Group", URI: "http://acs.amazonaws.com/groups/s3/LogDelivery" }, Permission: "WRITE" };
    expect(exposures(body(allUsers))).toEqual(["anonymous"]);
    expect(exposures(body([owner, allUsers]))).toEqual(["anonymous"]);
    expect(exposures(body([owner, logDelivery]))).toEqual([]);
  });
});
