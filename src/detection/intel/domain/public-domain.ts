/**
 * GuardDuty applies lists only to publicly routable domains. Names under special-use top-level
 * domains (RFC 2606, 6761, 6762, 7686, 8375 and ICANN's `.internal`) never resolve on the public DNS, so
 * they never match; that includes AWS's own `ec2.internal` / `compute.internal` host names.
 * Second-level documentation names such as example.com are real, resolvable domains and do match.
 */
const SPECIAL_USE_SUFFIXES = ["localhost", "local", "test", "example", "invalid", "internal", "home.arpa", "onion"];

export function isPublicDomain(name: string): boolean {
  if (!name.includes(".")) return false;
  for (const suffix of SPECIAL_USE_SUFFIXES) {
    if (name === suffix || (name.endsWith(suffix) && name.charCodeAt(name.length - suffix.length - 1) === 46)) {
      return false;
    }
  }
  return true;
}
