/**
 * A Matches pattern as an anchored regular expression. Only `*` is special; everything else is
 * escaped, so the same text means the same thing to JavaScript (flag "s"), PostgreSQL's `~` and
 * jsonpath's like_regex (flag "s"): dot matches newlines in all three.
 */
export function wildcardToRegex(pattern: string): string {
  return `^${pattern
    .split("*")
    .map((part) => part.replace(/[\\^$.|?+()[\]{}\/-]/g, "\\$&"))
    .join(".*")}$`;
}
