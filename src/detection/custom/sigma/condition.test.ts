/** Condition forms (and, or, not, parentheses, 1 of / all of patterns and them) and the errors of bad ones. */
import { compileSigmaRule } from "./compile.js";
import { SigmaRuleError } from "./errors.js";
import { compileDetection, matcher, sigmaRule } from "../../testing/sigma-rules.js";

const SELECTIONS = `sel_iam:
    eventSource: iam.amazonaws.com
sel_create:
    eventName: CreateUser
filter_main_cli:
    userAgent|startswith: aws-cli
filter_main_internal:
    sourceIPAddress: AWS Internal
_helper:
    eventName: never`;

const record = (eventSource: string, eventName: string, userAgent = "Boto3", sourceIPAddress = "198.51.100.1") => ({ eventSource, eventName, userAgent, sourceIPAddress });
const when = (condition: string) => matcher(`${SELECTIONS}\ncondition: ${condition}`);

describe("Sigma conditions", () => {
  it("and needs both, or either", () => {
    expect(when("sel_iam and sel_create")(record("iam.amazonaws.com", "CreateUser"))).toBe(true);
    expect(when("sel_iam and sel_create")(record("iam.amazonaws.com", "DeleteUser"))).toBe(false);
    expect(when("sel_iam or sel_create")(record("sts.amazonaws.com", "CreateUser"))).toBe(true);
    expect(when("sel_iam or sel_create")(record("sts.amazonaws.com", "GetCallerIdentity"))).toBe(false);
  });

  it("not negates; and binds tighter than or; parentheses regroup", () => {
    expect(when("sel_iam and not filter_main_cli")(record("iam.amazonaws.com", "CreateUser", "aws-cli/2"))).toBe(false);
    expect(when("sel_iam and not filter_main_cli")(record("iam.amazonaws.com", "CreateUser"))).toBe(true);
    // sel_create or (sel_iam and filter_main_cli)
    expect(when("sel_create or sel_iam and filter_main_cli")(record("sts.amazonaws.com", "CreateUser"))).toBe(true);
    expect(when("(sel_create or sel_iam) and filter_main_cli")(record("sts.amazonaws.com", "CreateUser"))).toBe(false);
  });

  it("1 of pattern is any matching selection, all of pattern every one", () => {
    expect(when("sel_iam and not 1 of filter_main_*")(record("iam.amazonaws.com", "X", "Boto3", "AWS Internal"))).toBe(false);
    expect(when("sel_iam and not 1 of filter_main_*")(record("iam.amazonaws.com", "X"))).toBe(true);
    expect(when("all of sel_*")(record("iam.amazonaws.com", "CreateUser"))).toBe(true);
    expect(when("all of sel_*")(record("iam.amazonaws.com", "GetUser"))).toBe(false);
  });

  it("them is every selection except those starting with _", () => {
    const all = record("iam.amazonaws.com", "CreateUser", "aws-cli/2", "AWS Internal");
    expect(when("all of them")(all)).toBe(true); // _helper (eventName: never) is not part of them
    expect(when("1 of them")(record("sts.amazonaws.com", "GetUser"))).toBe(false);
    expect(when("1 of them")(record("sts.amazonaws.com", "GetUser", "aws-cli/2"))).toBe(true);
  });

  it("names the line and field of a condition it cannot read", () => {
    const refuse = (condition: string) => () => compileDetection(`sel:\n    eventName: X\ncondition: ${condition}`);
    expect(refuse("sel and missing")).toThrow("field 'detection.condition': names no selection 'missing'");
    expect(refuse("(sel")).toThrow(/'\(' is not closed|ends where/);
    expect(refuse("1 of nothing*")).toThrow("'nothing*' matches no selection");
    expect(refuse("sel | near other")).toThrow("'near' correlations are deprecated");
    try {
      refuse("sel or or sel")();
      throw new Error("compiled");
    } catch (error) {
      expect(error).toBeInstanceOf(SigmaRuleError);
      expect((error as SigmaRuleError).line).toBe(11);
    }
  });
});

describe("Sigma rule errors", () => {
  it("name the line of the field at fault", () => {
    expect(() => compileDetection("sel:\n    eventName|shout: X\ncondition: sel")).toThrow("line 10: field 'detection.sel.eventName|shout': unknown modifier 'shout'");
  });

  it("refuse a regular expression RE2 cannot run in linear time, saying why", () => {
    expect(() => compileDetection("sel:\n    userAgent|re: '(a+)+\\1'\ncondition: sel")).toThrow(/line 10: field 'detection\.sel\.userAgent\|re': regular expression refused by RE2/);
    expect(() => compileDetection("sel:\n    userAgent|re: '(?=admin)'\ncondition: sel")).toThrow(/refused by RE2/);
  });

  it("a hostile pattern that is valid RE2 stays linear on a long input", () => {
    const test = matcher("sel:\n    userAgent|re: '(a|aa)+$'\ncondition: sel");
    const started = Date.now();
    expect(test({ userAgent: `${"a".repeat(50_000)}!` })).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("refuse other logsources, placeholders and keyword selections", () => {
    expect(() => compileSigmaRule(sigmaRule("sel:\n    a: b\ncondition: sel").replace("product: aws", "product: windows"))).toThrow("field 'logsource.product': must be 'aws'");
    expect(() => compileDetection("sel:\n    a|expand: '%admins%'\ncondition: sel")).toThrow("modifier 'expand' is not supported");
    expect(() => compileDetection("keywords:\n    - mimikatz\ncondition: keywords")).toThrow("keyword selections");
    expect(() => compileSigmaRule("title: x\nid: y\nlogsource: {product: aws, service: cloudtrail}\ndetection: {s: {a: b}, condition: s}\n")).toThrow("field 'author'");
    expect(() => compileSigmaRule("title: [unclosed\n")).toThrow(/^line 2: field '\(yaml\)': Flow sequence/);
  });

  it("accept Vigil's logsource names for the other sources", () => {
    for (const [service, kind] of [["vpcflow", "flow"], ["route53resolver", "dns"], ["dns", "dns"], ["s3dataevents", "cloudtrail"]]) {
      const compiled = compileSigmaRule(sigmaRule("sel:\n    a: b\ncondition: sel").replace("service: cloudtrail", `service: ${service}`));
      expect(compiled.rule.value.kind).toBe(kind);
    }
  });
});
