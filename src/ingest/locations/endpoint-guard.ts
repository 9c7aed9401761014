import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { lookup as resolve } from "node:dns/promises";
import { isIP } from "node:net";
import { isPublicAddress } from "../lists/address-guard.js";

/**
 * An S3 endpoint is a client's input: without this guard, a source could make workers send requests
 * to http://169.254.169.254/ (cloud credentials), localhost or the internal network and read the
 * answers back in the source's lastError. Unless VIGIL_LOG_SOURCE_ALLOW_PRIVATE_ENDPOINTS is set (a
 * MinIO on the local network, tests), endpoints must be globally routable.
 */
export function endpointRefusal(host: string, address: string): string {
  return `s3Endpoint ${host} resolves to ${address}, a private, loopback or link-local address (VIGIL_LOG_SOURCE_ALLOW_PRIVATE_ENDPOINTS=true allows it)`;
}

function bare(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, "$1");
}

/** The refusal for an endpoint, or undefined when it may be used. A name that does not resolve yet is checked again at connection. */
export async function refusedEndpoint(endpoint: URL): Promise<string | undefined> {
  const host = bare(endpoint.hostname);
  const addresses = isIP(host) ? [host] : await resolve(host, { all: true }).then((found) => found.map((entry) => entry.address), () => []);
  const refused = addresses.find((address) => !isPublicAddress(address));
  return refused ? endpointRefusal(endpoint.hostname, refused) : undefined;
}

/** For an endpoint written as an address, which no lookup sees. */
export function refusedLiteralEndpoint(endpoint: URL): string | undefined {
  const host = bare(endpoint.hostname);
  return isIP(host) && !isPublicAddress(host) ? endpointRefusal(endpoint.hostname, host) : undefined;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup for the S3 client's sockets: they connect to the addresses checked here, so DNS rebinding gains nothing. */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) return callback(Object.assign(new Error(endpointRefusal(hostname, refused.address)), { code: "EPRIVATEADDRESS" }), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}
