/**
 * Domain names as list entries and as queries: lower case, no trailing dot, IDNs in their ASCII
 * (punycode) form, so that a list entry and a DNS log's query name compare as plain strings.
 */
import { domainToASCII } from "node:url";

const MAX_NAME_LENGTH = 253;
const LABELS = /^(?:[a-z0-9_-]{1,63}\.)+[a-z0-9_-]{1,63}$/;
const NUMERIC_LABEL = /^[0-9]+$/;
const NON_ASCII = /[^\x00-\x7f]/;

export type DomainEntry = { value: string; kind: "domain" | "wildcard" };

/** A list entry: `name.tld` or `*.parent.tld`; a reason string when it is neither. */
export function normalizeDomainEntry(raw: string): DomainEntry | string {
  let name = raw.trim().toLowerCase();
  if (name.endsWith(".")) name = name.slice(0, -1);
  const wildcard = name.startsWith("*.");
  if (wildcard) name = name.slice(2);
  if (name.includes("*")) return "unsupported wildcard: only a leading \"*.\" is allowed";
  if (NON_ASCII.test(name)) {
    name = domainToASCII(name);
    if (name === "") return "invalid internationalized domain name";
  }
  const problem = nameProblem(name);
  if (problem) return problem;
  // A bare TLD would match half the Internet; `*.tld` states that intent explicitly.
  if (!wildcard && !name.includes(".")) return "not a fully qualified domain name (single label)";
  return { value: wildcard ? `*.${name}` : name, kind: wildcard ? "wildcard" : "domain" };
}

function nameProblem(name: string): string | undefined {
  if (name === "") return "empty domain name";
  if (name.length > MAX_NAME_LENGTH) return `domain name longer than ${MAX_NAME_LENGTH} characters`;
  if (!name.includes(".")) return /^[a-z0-9_-]{1,63}$/.test(name) ? undefined : "invalid domain name";
  if (!LABELS.test(name)) return "invalid domain name: labels may hold only letters, digits, '-' and '_'";
  if (NUMERIC_LABEL.test(name.slice(name.lastIndexOf(".") + 1))) return "invalid domain name: numeric top-level label";
  return undefined;
}

/**
 * A query name as found in logs, normalized for lookup; undefined when it cannot be a domain.
 * Cheap on the common path (already lower-case ASCII), since it runs once per DNS record.
 */
export function normalizeDomainQuery(raw: string): string | undefined {
  let name = raw.charCodeAt(raw.length - 1) === 46 ? raw.slice(0, -1) : raw;
  let upper = false;
  let nonAscii = false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code >= 65 && code <= 90) upper = true;
    else if (code > 127) nonAscii = true;
  }
  if (upper) name = name.toLowerCase();
  if (nonAscii) name = domainToASCII(name);
  if (name === "" || name.length > MAX_NAME_LENGTH) return undefined;
  return name;
}
