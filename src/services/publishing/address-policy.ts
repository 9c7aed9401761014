import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { lookup as resolve } from "node:dns/promises";
import { isIP } from "node:net";
import { isPublicAddress } from "../../ingest/lists/address-guard.js";
import { InvalidInputError } from "../errors.js";

/**
 * The SSRF rules of list URLs, for publishing destinations: a webhook URL or an S3 endpoint comes
 * from a client, so unless the operator allows it (VIGIL_PUBLISH_ALLOW_PRIVATE_ADDRESSES) Vigil only
 * connects to globally routable unicast addresses — never 169.254.169.254, localhost or the
 * internal network — and plain http only when VIGIL_PUBLISH_ALLOW_HTTP is set.
 */
export type AddressPolicy = { allowHttp: boolean; allowPrivateAddresses: boolean };

class RefusedAddressError extends Error {}

function refusal(host: string, address: string): RefusedAddressError {
  return new RefusedAddressError(
    `${host} resolves to ${address}, a private, loopback or link-local address; destinations must be public (VIGIL_PUBLISH_ALLOW_PRIVATE_ADDRESSES=true allows them)`,
  );
}

/**
 * Validates a destination URL when it is saved; `what` names it in the error. A name that resolves
 * to a forbidden address is refused now; one that does not resolve yet is checked at each delivery.
 */
export async function checkDestinationUrl(text: string, policy: AddressPolicy, what: string): Promise<URL> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidInputError(`${what} is not a URL.`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && policy.allowHttp)) {
    throw new InvalidInputError(`${what} must use https${policy.allowHttp ? " or http" : " (VIGIL_PUBLISH_ALLOW_HTTP=true allows http)"}.`);
  }
  if (url.username || url.password) throw new InvalidInputError(`${what} must not carry credentials.`);
  if (policy.allowPrivateAddresses) return url;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses = isIP(host) ? [host] : await resolve(host, { all: true }).then((found) => found.map((a) => a.address), () => []);
  const refused = addresses.find((address) => !isPublicAddress(address));
  if (refused) throw new InvalidInputError(`${what}: ${refusal(url.hostname, refused).message}`);
  return url;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * dns.lookup for outgoing requests: the socket connects to the very addresses that were checked, so
 * a name that resolves elsewhere on a second lookup (DNS rebinding) gains nothing.
 */
export function policyLookup(policy: AddressPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = policy.allowPrivateAddresses ? undefined : addresses.find((entry) => !isPublicAddress(entry.address));
      if (refused) return callback(refusal(hostname, refused.address) as NodeJS.ErrnoException, []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** For a URL written with a literal address, which no lookup sees. */
export function checkLiteralAddress(url: URL, policy: AddressPolicy): void {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!policy.allowPrivateAddresses && isIP(host) && !isPublicAddress(host)) throw refusal(url.hostname, host);
}
