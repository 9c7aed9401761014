import { loadNameReference } from "../../reference-data/domain-names.js";
import { PublicSuffixList } from "./public-suffix-list.js";

describe("registeredDomain over the shipped ICANN suffixes", () => {
  const { publicSuffixes } = loadNameReference();
  const registeredDomain = (name: string) => publicSuffixes.registeredDomain(name);

  it.each([
    ["www.example.com", "example", "example.com", ["www"]],
    ["a.b.example.co.uk", "example", "example.co.uk", ["a", "b"]],
    ["d111111abcdef8.cloudfront.net", "cloudfront", "cloudfront.net", ["d111111abcdef8"]],
    ["shop.city.kawasaki.jp", "city", "city.kawasaki.jp", ["shop"]],
    ["x.foo.unknowntld", "foo", "foo.unknowntld", ["x"]],
  ])("%s → %s", (name, label, domain, subdomain) => {
    expect(registeredDomain(name)).toMatchObject({ label, domain, subdomain });
  });

  it("uses wildcard rules and returns nothing for a bare public suffix", () => {
    expect(registeredDomain("www.abc.ck")).toMatchObject({ label: "www", domain: "www.abc.ck" });
    expect(registeredDomain("co.uk")).toBeUndefined();
  });
});

describe("PublicSuffixList", () => {
  it("reads the list's text: comments skipped, exact, wildcard and exception rules", () => {
    const list = new PublicSuffixList("// comment\nuk\nco.uk\n*.ck\n!www.ck\n");
    expect(list.registeredDomain("a.example.co.uk")).toMatchObject({ label: "example", suffix: "co.uk", subdomain: ["a"] });
    expect(list.registeredDomain("shop.abc.ck")).toMatchObject({ label: "shop", suffix: "abc.ck" });
    expect(list.registeredDomain("www.ck")).toMatchObject({ label: "www", suffix: "ck" });
    expect(list.registeredDomain("comment.uk")).toMatchObject({ label: "comment", suffix: "uk" });
  });
});
