import { registeredDomain } from "./registered-domain.js";

describe("registeredDomain", () => {
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
