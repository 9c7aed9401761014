/**
 * GuardDuty's `STIX` format: its documentation describes STIX 1.x XML, while today's feeds publish
 * STIX 2.1 JSON bundles. Both are accepted; the first significant character tells which one it is.
 */
import { parseStix1Xml } from "./stix1-xml.js";
import { parseStix2Json } from "./stix2-json.js";
import type { FormatResult } from "./types.js";

export function parseStix(text: string): FormatResult {
  const first = /\S/.exec(text)?.[0];
  if (first === "{" || first === "[") return parseStix2Json(text);
  if (first === "<") return parseStix1Xml(text);
  return { entries: [], rejected: [], fatal: "not a STIX document: expected a STIX 2.1 JSON bundle or STIX 1.x XML" };
}
