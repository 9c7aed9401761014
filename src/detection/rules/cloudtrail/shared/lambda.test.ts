import { lambdaApi, lambdaEventNames, lambdaFunctionName, regionalArnAccount } from "./lambda.js";

describe("Lambda event names and functions", () => {
  it("lists the versioned spellings of an API and strips them back", () => {
    expect(lambdaEventNames(["UpdateFunctionCode"])).toEqual(expect.arrayContaining(["UpdateFunctionCode", "UpdateFunctionCode20150331v2"]));
    expect(lambdaApi("UpdateFunctionCode20150331v2")).toBe("UpdateFunctionCode");
    expect(lambdaApi("CreateFunctionUrlConfig20211031")).toBe("CreateFunctionUrlConfig");
    expect(lambdaApi("AddPermission")).toBe("AddPermission");
  });

  it("reads the account of a layer ARN", () => {
    expect(regionalArnAccount("arn:aws:lambda:eu-west-1:999988887777:layer:ext:3")).toBe("999988887777");
    expect(regionalArnAccount("my-layer")).toBeUndefined();
  });

  it("reads a function's name from a name, a partial ARN or a qualified ARN", () => {
    expect(lambdaFunctionName("my-fn")).toBe("my-fn");
    expect(lambdaFunctionName("111122223333:function:my-fn")).toBe("my-fn");
    expect(lambdaFunctionName("arn:aws:lambda:eu-west-1:111122223333:function:my-fn:prod")).toBe("my-fn");
  });
});
