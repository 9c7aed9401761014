import { COUNTRY_NAMES } from "./country-names.js";

/** What Intl answers for every two-letter code it has an English name for. */
function intlNames(): Record<string, string> {
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  const known: Record<string, string> = {};
  for (let first = 65; first <= 90; first++) {
    for (let second = 65; second <= 90; second++) {
      const code = String.fromCharCode(first, second);
      const name = names.of(code);
      if (name && name !== code) known[code] = name;
    }
  }
  return known;
}

describe("COUNTRY_NAMES", () => {
  it("is Intl's English name of every region code Intl knows, and only those", () => {
    expect(COUNTRY_NAMES).toEqual(intlNames());
    expect(COUNTRY_NAMES.DE).toBe("Germany");
  });
});
