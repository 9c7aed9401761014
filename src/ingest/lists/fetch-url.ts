import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { checkLiteralHost, guardedLookup } from "./address-guard.js";
import { readBounded } from "./bounded-read.js";
import { FetchError, tooLarge } from "./fetch-error.js";

export type UrlFetchOptions = {
  maxBytes: number;
  /** For the whole download, redirects included. */
  timeoutMs: number;
  maxRedirects: number;
  allowHttp: boolean;
  allowPrivateAddresses: boolean;
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** GETs a list over https (http if allowed), following a few redirects, bounded in size and time. */
export async function fetchUrl(start: URL, options: UrlFetchOptions): Promise<Buffer> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const timedOut = () => `no complete answer within ${options.timeoutMs / 1000} s`;
  let url = start;
  for (let redirects = 0; ; redirects++) {
    const response = await request(url, options, deadline, timedOut);
    const status = response.statusCode ?? 0;
    if (REDIRECTS.has(status) && response.headers.location) {
      response.destroy();
      if (redirects >= options.maxRedirects) throw new FetchError(`more than ${options.maxRedirects} redirects`);
      url = followed(response.headers.location, url);
      continue;
    }
    if (status !== 200) {
      response.destroy();
      throw new FetchError(`the server answered HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ""}`);
    }
    const declared = Number(response.headers["content-length"]);
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      response.destroy();
      throw tooLarge(options.maxBytes, declared);
    }
    return readBounded(response, options.maxBytes, (error) => (deadline.aborted ? timedOut() : `the download broke off: ${error.message}`));
  }
}

function followed(location: string, from: URL): URL {
  try {
    return new URL(location, from);
  } catch {
    throw new FetchError(`the server redirected to an invalid location (${location.slice(0, 100)})`);
  }
}

function request(url: URL, options: UrlFetchOptions, deadline: AbortSignal, timedOut: () => string): Promise<IncomingMessage> {
  if (url.protocol !== "https:" && !(url.protocol === "http:" && options.allowHttp)) {
    return Promise.reject(new FetchError(`${url.protocol}// is not allowed (${url.href})`));
  }
  if (!options.allowPrivateAddresses) {
    try {
      checkLiteralHost(url.hostname);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = client.request(url, {
      method: "GET",
      headers: { "user-agent": "Vigil threat-list fetcher", accept: "*/*" },
      signal: deadline,
      // No shared keep-alive sockets: each connection is made (and checked) for this download.
      agent: false,
      ...(options.allowPrivateAddresses ? {} : { lookup: guardedLookup }),
    });
    outgoing.on("response", resolve);
    outgoing.on("error", (error) => {
      if (error instanceof FetchError) reject(error);
      else if (deadline.aborted) reject(new FetchError(timedOut()));
      else reject(new FetchError(`cannot reach ${url.host}: ${error.message}`));
    });
    outgoing.end();
  });
}
