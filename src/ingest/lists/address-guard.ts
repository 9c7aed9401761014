import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { FetchError } from "./fetch-error.js";

/**
 * The SSRF guard. A list URL comes from a client, so without it a client could make Vigil fetch
 * http://169.254.169.254/ (cloud credentials), localhost admin ports or the internal network, and read
 * the answer back in the list's status message. Only globally routable unicast addresses pass.
 */
export function isPublicAddress(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === "unicast";
}

export function refusal(host: string, address: string): FetchError {
  return new FetchError(
    `${host} resolves to ${address}, a private, loopback or link-local address; list URLs must be public (VIGIL_LIST_ALLOW_PRIVATE_ADDRESSES=true allows them)`,
  );
}

/** Checks a host written as an address; names are checked by the lookup below when they resolve. */
export function checkLiteralHost(hostname: string): void {
  const bare = hostname.replace(/^\[(.*)\]$/, "$1");
  if (isIP(bare) && !isPublicAddress(bare)) throw refusal(hostname, bare);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A drop-in for dns.lookup given to http(s).request: the connection goes to the very address that was
 * checked, so a name that resolves differently on a second lookup (DNS rebinding) gains nothing. Every
 * address of the name must be public, since the socket may try any of them.
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) return callback(refusal(hostname, refused.address) as NodeJS.ErrnoException, []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}
