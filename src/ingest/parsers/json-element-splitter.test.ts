import { JsonElementSplitter, type SplitMode } from "./json-element-splitter.js";

type Split = { elements: string[]; incomplete: number[]; closed: boolean; after: string };

function split(mode: SplitMode, chunks: string[]): Split {
  const result: Split = { elements: [], incomplete: [], closed: false, after: "" };
  const splitter = new JsonElementSplitter(mode, {
    element: (text, index) => {
      expect(index).toBe(result.elements.length + 1);
      result.elements.push(text);
    },
    incomplete: (index) => result.incomplete.push(index),
  });
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  result.closed = splitter.arrayClosed;
  result.after = splitter.textAfterArray;
  return result;
}

// Records whose strings hold everything that could fool a splitter: braces, brackets, commas, escaped quotes,
// backslashes right before a closing quote, and escaped JSON.
const TRICKY_RECORDS = [
  { eventName: "PutBucketPolicy", policy: '{"Statement":[{"Effect":"Allow"}]}', note: "} ] , { [" },
  { path: "C:\\temp\\", quote: 'say "hi"', both: '\\"', unicode: "caf\u00e9 \u{1F600} \u2028" },
  { nested: { deeper: [[{ a: "]" }], { b: "}" }] }, empty: {}, list: [] },
  { last: "\\\\" },
];
const ARRAY_BODY = `${TRICKY_RECORDS.map((record) => JSON.stringify(record)).join(" ,\n ")}]}`;

describe("JsonElementSplitter", () => {
  it("cuts out each element of an array whole, whatever its strings contain", () => {
    const result = split("array", [ARRAY_BODY]);
    expect(result.elements.map((text) => JSON.parse(text))).toEqual(TRICKY_RECORDS);
    expect(result.closed).toBe(true);
    expect(result.after).toBe("}");
    expect(result.incomplete).toEqual([]);
  });

  it("gives the same elements when the text is split at any single position", () => {
    const whole = split("array", [ARRAY_BODY]).elements;
    for (let cut = 1; cut < ARRAY_BODY.length; cut++) {
      const parts = split("array", [ARRAY_BODY.slice(0, cut), ARRAY_BODY.slice(cut)]);
      expect(parts.elements).toEqual(whole);
      expect(parts.closed).toBe(true);
    }
  });

  it("gives the same elements when fed one character at a time", () => {
    expect(split("array", [...ARRAY_BODY]).elements).toEqual(split("array", [ARRAY_BODY]).elements);
  });

  it("keeps an escape whose backslash ends one chunk and whose quote starts the next", () => {
    const body = '{"a":"x\\"}"},{"b":1}]';
    const backslash = body.indexOf("\\");
    const result = split("array", [body.slice(0, backslash + 1), body.slice(backslash + 1)]);
    expect(result.elements.map((text) => JSON.parse(text))).toEqual([{ a: 'x"}' }, { b: 1 }]);
  });

  it("passes bare values through so that the caller can reject them", () => {
    const result = split("array", ['42, "text", true, null, {"ok":1}, [1,2]]']);
    expect(result.elements).toEqual(["42", '"text"', "true", "null", '{"ok":1}', "[1,2]"]);
  });

  it("reports an element cut off by the end of the text", () => {
    const result = split("array", ['{"a":1},{"b":"unterminated']);
    expect(result.elements).toEqual(['{"a":1}']);
    expect(result.incomplete).toEqual([2]);
    expect(result.closed).toBe(false);
  });

  it("reads pretty-printed values one after another in sequence mode", () => {
    const text = `${JSON.stringify({ a: 1 }, null, 2)}\n${JSON.stringify({ b: ["}"] }, null, 2)}\n`;
    const result = split("sequence", [...text]);
    expect(result.elements.map((element) => JSON.parse(element))).toEqual([{ a: 1 }, { b: ["}"] }]);
  });
});
