/**
 * The console's addresses. A finding's page is `/console/detectors/<detectorId>/findings/<findingId>`, the
 * link Slack messages carry (src/services/publishing/receivers/slack.ts); everything else is `/`. Only ids
 * are ever in a URL, never the key. The detector in the path is the finding's own (a member's, seen by its
 * administrator): the console asks for the finding through the signed-in account's detector either way.
 */
const FINDING_PATH = /^\/console\/detectors\/([^/]+)\/findings\/([^/]+)\/?$/;

export function findingPath(detectorId: string, findingId: string): string {
  return `/console/detectors/${encodeURIComponent(detectorId)}/findings/${encodeURIComponent(findingId)}`;
}

/** The finding a path names, or null for any other path (or a malformed escape). */
export function findingIdOf(pathname: string): string | null {
  const match = FINDING_PATH.exec(pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[2]);
  } catch {
    return null;
  }
}
