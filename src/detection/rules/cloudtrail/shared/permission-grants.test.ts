import { apiCall, cloudTrailEvent, testContext } from "../../../testing/cloudtrail.js";
import { ec2PermissionAdditions, sharedWith, sharingGrant } from "./permission-grants.js";

describe("sharing grants", () => {
  const event = cloudTrailEvent(apiCall());
  const context = testContext({}, { affiliatedAccountIds: new Set(["222233334444"]) });

  it("reads the additions of an EC2 permission attribute in both call forms, not its removals", () => {
    const listed = { launchPermission: { add: { items: [{ userId: "999988887777" }, { group: "all" }] }, remove: { items: [{ userId: "555566667777" }] } } };
    expect(ec2PermissionAdditions(listed, "launchPermission")).toEqual(["999988887777", "all"]);
    expect(ec2PermissionAdditions({ operationType: "add", userIds: ["999988887777"], groupNames: ["all"] }, "createVolumePermission")).toEqual(["999988887777", "all"]);
    expect(ec2PermissionAdditions({ operationType: "remove", userIds: ["999988887777"] }, "createVolumePermission")).toEqual([]);
  });

  it("is public with 'all', outside for unknown accounts, and nothing for the account's own organization", () => {
    expect(sharingGrant(["ALL"], event, context)).toEqual({ public: true, outsideAccounts: [] });
    expect(sharingGrant(["999988887777", "999988887777", "222233334444"], event, context)).toEqual({ public: false, outsideAccounts: ["999988887777"] });
    expect(sharingGrant(["222233334444", "111122223333"], event, context)).toBeUndefined();
  });

  it("says whom a grant lets in", () => {
    expect(sharedWith({ public: true, outsideAccounts: ["999988887777", "888877776666"] })).toBe("everyone (public) and accounts 999988887777, 888877776666");
  });
});
