import { apiCall, cloudTrailEvent } from "../../../testing/cloudtrail.js";
import { consoleLoginOutcome, signInUser } from "./console-login.js";

describe("console sign-in records", () => {
  const login = (extra: Record<string, unknown>) => cloudTrailEvent(apiCall({ eventSource: "signin.amazonaws.com", eventName: "ConsoleLogin", ...extra }));

  it("reads the outcome from responseElements, else from an error", () => {
    expect(consoleLoginOutcome(login({ responseElements: { ConsoleLogin: "Success" } }))).toBe("Success");
    expect(consoleLoginOutcome(login({ responseElements: { ConsoleLogin: "Failure" } }))).toBe("Failure");
    expect(consoleLoginOutcome(login({ errorMessage: "Failed authentication" }))).toBe("Failure");
    expect(consoleLoginOutcome(login({}))).toBeUndefined();
    expect(consoleLoginOutcome(cloudTrailEvent(apiCall({ responseElements: { ConsoleLogin: "Success" } })))).toBeUndefined();
  });

  it("names the user, root as root", () => {
    expect(signInUser(login({}))).toBe("alice");
    expect(signInUser(login({ userIdentity: { type: "Root", arn: "arn:aws:iam::111122223333:root", accountId: "111122223333" } }))).toBe("root");
  });
});
