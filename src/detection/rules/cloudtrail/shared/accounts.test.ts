import { cloudTrailEvent, apiCall, testContext } from "../../../testing/cloudtrail.js";
import { isOutsideAccount, isServicePrincipal, principalAccount } from "./accounts.js";

describe("outside accounts", () => {
  const event = cloudTrailEvent(apiCall());
  const context = testContext({}, { affiliatedAccountIds: new Set(["222233334444"]), trustedAccountIds: new Set(["555566667777"]) });

  it("reads the account a principal names", () => {
    expect(principalAccount("999988887777")).toBe("999988887777");
    expect(principalAccount("arn:aws:iam::999988887777:root")).toBe("999988887777");
    expect(principalAccount("arn:aws-us-gov:iam::999988887777:role/x")).toBe("999988887777");
    expect(principalAccount("*")).toBeUndefined();
    expect(principalAccount("ec2.amazonaws.com")).toBeUndefined();
  });

  it("counts only accounts Vigil does not know as outside", () => {
    expect(isOutsideAccount("999988887777", event, context)).toBe(true);
    expect(isOutsideAccount("111122223333", event, context)).toBe(false);
    expect(isOutsideAccount("222233334444", event, context)).toBe(false);
    expect(isOutsideAccount("555566667777", event, context)).toBe(false);
    expect(isOutsideAccount("all", event, context)).toBe(false);
  });

  it("recognises AWS service principals", () => {
    expect(isServicePrincipal("lambda.amazonaws.com")).toBe(true);
    expect(isServicePrincipal("arn:aws:iam::999988887777:root")).toBe(false);
  });
});
