/** Value modifiers that rewrite a value before it is matched: base64, base64offset and windash. */
const BASE64_START = [0, 2, 3] as const;
const BASE64_END = [undefined, -3, -2] as const;

export function base64(value: string): string[] {
  return [Buffer.from(value, "utf8").toString("base64")];
}

/** The value's base64 text at each of the three byte offsets it may sit at inside a longer encoded text. */
export function base64Offsets(value: string): string[] {
  const length = Buffer.byteLength(value, "utf8");
  return [0, 1, 2].map((shift) =>
    Buffer.from(" ".repeat(shift) + value, "utf8")
      .toString("base64")
      .slice(BASE64_START[shift], BASE64_END[(length + shift) % 3]),
  );
}

const DASHES = ["-", "/", "\u2013", "\u2014", "\u2015"];
/** Past this many flags a value would expand into thousands of variants. */
const MAX_WINDASH_FLAGS = 4;

/** Windows command-line flags written with any of the dashes Windows accepts (`-f`, `/f`, en dash…). */
export function windash(value: string): string[] | undefined {
  const positions: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if ((value[i] === "-" || value[i] === "/") && (i === 0 || /\s/.test(value[i - 1]!))) positions.push(i);
  }
  if (positions.length > MAX_WINDASH_FLAGS) return undefined;
  let variants = [value];
  for (const position of positions) {
    variants = variants.flatMap((variant) => DASHES.map((dash) => variant.slice(0, position) + dash + variant.slice(position + 1)));
  }
  return variants;
}
