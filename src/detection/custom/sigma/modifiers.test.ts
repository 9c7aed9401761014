/** One case per value form and modifier, each with a record that must match and one that must not. */
import { matcher } from "../../testing/sigma-rules.js";

const call = (fields: Record<string, unknown>) => ({ eventSource: "iam.amazonaws.com", eventName: "CreateUser", ...fields });

describe("Sigma value forms", () => {
  it("plain values match the whole text, case-insensitively", () => {
    const test = matcher("selection:\n    eventName: createuser\ncondition: selection");
    expect(test(call({}))).toBe(true);
    expect(test(call({ eventName: "CreateUserX" }))).toBe(false);
  });

  it("wildcards * and ? match any run and one character; escaped ones are literal", () => {
    const test = matcher("selection:\n    userAgent: 'aws-cli/?.*'\ncondition: selection");
    expect(test(call({ userAgent: "aws-cli/2.15.0 Python" }))).toBe(true);
    expect(test(call({ userAgent: "aws-cli/22" }))).toBe(false);
    const literal = matcher("selection:\n    userAgent: 'star\\*'\ncondition: selection");
    expect(literal(call({ userAgent: "star*" }))).toBe(true);
    expect(literal(call({ userAgent: "stars" }))).toBe(false);
  });

  it("a list is any of its values, a map all of its fields", () => {
    const test = matcher("selection:\n    eventSource: iam.amazonaws.com\n    eventName:\n        - DeleteUser\n        - CreateUser\ncondition: selection");
    expect(test(call({}))).toBe(true);
    expect(test(call({ eventName: "GetUser" }))).toBe(false);
    expect(test(call({ eventSource: "sts.amazonaws.com" }))).toBe(false);
  });

  it("a list of maps is any of the maps", () => {
    const test = matcher("selection:\n    - eventName: GetUser\n    - sourceIPAddress: AWS Internal\ncondition: selection");
    expect(test(call({ sourceIPAddress: "AWS Internal" }))).toBe(true);
    expect(test(call({ sourceIPAddress: "198.51.100.1" }))).toBe(false);
  });

  it("null matches an absent or null field only", () => {
    const test = matcher("selection:\n    errorCode: null\ncondition: selection");
    expect(test(call({}))).toBe(true);
    expect(test(call({ errorCode: null }))).toBe(true);
    expect(test(call({ errorCode: "AccessDenied" }))).toBe(false);
  });

  it("numbers and booleans compare with the logged value as text", () => {
    const test = matcher("selection:\n    requestParameters.fromPort: 22\n    readOnly: false\ncondition: selection");
    expect(test(call({ requestParameters: { fromPort: 22 }, readOnly: false }))).toBe(true);
    expect(test(call({ requestParameters: { fromPort: 2222 }, readOnly: false }))).toBe(false);
  });

  it("field paths walk nested maps and arrays", () => {
    const test = matcher("selection:\n    requestParameters.ipPermissions.items.ipRanges.items.cidrIp: 0.0.0.0/0\ncondition: selection");
    const open = { ipPermissions: { items: [{ ipRanges: { items: [{ cidrIp: "10.0.0.0/8" }, { cidrIp: "0.0.0.0/0" }] } }] } };
    expect(test(call({ requestParameters: open }))).toBe(true);
    expect(test(call({ requestParameters: { ipPermissions: { items: [] } } }))).toBe(false);
  });
});

describe("Sigma modifiers", () => {
  it("contains, startswith and endswith", () => {
    expect(matcher("s:\n    userAgent|contains: TruffleHog\ncondition: s")(call({ userAgent: "x trufflehog y" }))).toBe(true);
    expect(matcher("s:\n    userAgent|contains: TruffleHog\ncondition: s")(call({ userAgent: "truffle" }))).toBe(false);
    expect(matcher("s:\n    userAgent|startswith: Boto3\ncondition: s")(call({ userAgent: "boto3/1.2" }))).toBe(true);
    expect(matcher("s:\n    userAgent|startswith: Boto3\ncondition: s")(call({ userAgent: "x Boto3" }))).toBe(false);
    expect(matcher("s:\n    userAgent|endswith: '/1.0'\ncondition: s")(call({ userAgent: "tool/1.0" }))).toBe(true);
    expect(matcher("s:\n    userAgent|endswith: '/1.0'\ncondition: s")(call({ userAgent: "tool/1.0.1" }))).toBe(false);
  });

  it("contains with an inner wildcard", () => {
    const test = matcher("s:\n    userAgent|contains: 'S3*Browser'\ncondition: s");
    expect(test(call({ userAgent: "the S3 Browser 9" }))).toBe(true);
    expect(test(call({ userAgent: "Browser S3" }))).toBe(false);
  });

  it("contains|all needs every value; over a map it reads the texts inside", () => {
    const test = matcher("s:\n    requestParameters|contains|all:\n        - '\"s3:GetObject\"'\n        - '\"Allow\"'\ncondition: s");
    const policy = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject" }] });
    expect(test(call({ requestParameters: { policyDocument: policy } }))).toBe(true);
    expect(test(call({ requestParameters: { policyDocument: JSON.stringify({ Statement: [{ Effect: "Deny", Action: "s3:GetObject" }] }) } }))).toBe(false);
  });

  it("a plain value compares with a map's JSON, not with the texts inside it", () => {
    const test = matcher("s:\n    responseElements: Success\ncondition: s");
    expect(test(call({ responseElements: { ConsoleLogin: "Success" } }))).toBe(false);
    expect(matcher("s:\n    responseElements|contains: Success\ncondition: s")(call({ responseElements: { ConsoleLogin: "Success" } }))).toBe(true);
  });

  it("cased makes a comparison case-sensitive", () => {
    const test = matcher("s:\n    userAgent|cased|contains: Hog\ncondition: s");
    expect(test(call({ userAgent: "TruffleHog" }))).toBe(true);
    expect(test(call({ userAgent: "trufflehog" }))).toBe(false);
  });

  it("re searches with RE2, case-sensitively unless |i", () => {
    const test = matcher("s:\n    userIdentity.arn|re: '.+:assumed-role/aws:.+'\ncondition: s");
    expect(test(call({ userIdentity: { arn: "arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-0abc" } }))).toBe(true);
    expect(test(call({ userIdentity: { arn: "arn:aws:sts::111122223333:assumed-role/AWS:ec2-instance/i-0abc" } }))).toBe(false);
    const insensitive = matcher("s:\n    userIdentity.arn|re|i: ':assumed-role/aws:'\ncondition: s");
    expect(insensitive(call({ userIdentity: { arn: "x:ASSUMED-ROLE/AWS:y" } }))).toBe(true);
  });

  it("cidr matches IPv4 and IPv6 addresses inside the block", () => {
    const test = matcher("s:\n    sourceIPAddress|cidr:\n        - 10.0.0.0/8\n        - '2001:db8::/32'\ncondition: s");
    expect(test(call({ sourceIPAddress: "10.200.3.4" }))).toBe(true);
    expect(test(call({ sourceIPAddress: "2001:db8:1::5" }))).toBe(true);
    expect(test(call({ sourceIPAddress: "11.0.0.1" }))).toBe(false);
    expect(test(call({ sourceIPAddress: "2001:db9::1" }))).toBe(false);
    expect(test(call({ sourceIPAddress: "ec2.amazonaws.com" }))).toBe(false);
  });

  it("base64 and base64offset match the encoded value", () => {
    const plain = matcher("s:\n    requestParameters.userData|base64: '#!/bin/bash'\ncondition: s");
    expect(plain(call({ requestParameters: { userData: Buffer.from("#!/bin/bash").toString("base64") } }))).toBe(true);
    expect(plain(call({ requestParameters: { userData: "#!/bin/bash" } }))).toBe(false);
    const offset = matcher("s:\n    requestParameters.userData|base64offset|contains: 'curl '\ncondition: s");
    for (const prefix of ["", "x", "xy", "sudo "]) {
      expect(offset(call({ requestParameters: { userData: Buffer.from(`${prefix}curl http://x`).toString("base64") } }))).toBe(true);
    }
    expect(offset(call({ requestParameters: { userData: Buffer.from("wget http://x").toString("base64") } }))).toBe(false);
  });

  it("exists: true needs the field, false its absence", () => {
    expect(matcher("s:\n    errorCode|exists: true\ncondition: s")(call({ errorCode: "AccessDenied" }))).toBe(true);
    expect(matcher("s:\n    errorCode|exists: true\ncondition: s")(call({}))).toBe(false);
    expect(matcher("s:\n    errorCode|exists: false\ncondition: s")(call({}))).toBe(true);
  });

  it("windash matches a flag written with any Windows dash", () => {
    const test = matcher("s:\n    requestParameters.commands|windash|contains: ' -enc '\ncondition: s");
    expect(test(call({ requestParameters: { commands: ["powershell /enc AAA"] } }))).toBe(true);
    expect(test(call({ requestParameters: { commands: ["powershell \u2013enc AAA"] } }))).toBe(true);
    expect(test(call({ requestParameters: { commands: ["powershell enc AAA"] } }))).toBe(false);
  });

  it("fieldref compares two fields of the same record", () => {
    const test = matcher("s:\n    userIdentity.userName|fieldref: requestParameters.userName\ncondition: s");
    expect(test(call({ userIdentity: { userName: "bob" }, requestParameters: { userName: "bob" } }))).toBe(true);
    expect(test(call({ userIdentity: { userName: "bob" }, requestParameters: { userName: "eve" } }))).toBe(false);
  });

  it("gt, gte, lt and lte compare numbers", () => {
    const test = matcher("s:\n    requestParameters.maxCount|gte: 10\ncondition: s");
    expect(test(call({ requestParameters: { maxCount: 10 } }))).toBe(true);
    expect(test(call({ requestParameters: { maxCount: "9" } }))).toBe(false);
    expect(matcher("s:\n    requestParameters.maxCount|lt: 10\ncondition: s")(call({ requestParameters: { maxCount: 9 } }))).toBe(true);
  });
});
