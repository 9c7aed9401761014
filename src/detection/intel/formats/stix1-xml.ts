/**
 * STIX 1.x XML (CybOX observables), the format GuardDuty documents for `STIX`:
 *  - AddressObject `Address_Value`: one address or CIDR, a list (CybOX's `##comma##` delimiter, or
 *    plain commas), or with condition="InclusiveBetween" a `first##comma##last` range, which becomes
 *    the smallest set of CIDRs covering it;
 *  - DomainNameObject `Value`;
 *  - URIObject `Value` (its host).
 * Other CybOX objects (files, e-mails…) cannot match traffic and are reported as rejected.
 * Observables are found wherever they sit (inside indicators or in a package's Observables), by the
 * xsi:type of their Properties. Element prefixes are ignored since producers choose their own, but
 * attribute prefixes are kept: CybOX puts a plain `type` (FQDN, URL) beside `xsi:type`.
 */
import { XMLParser } from "fast-xml-parser";
import { rangeToCidrs } from "../address/ip-range.js";
import { isEntryValue, parseEntryValue, type EntryValue } from "./entry-value.js";
import { LineLocator, truncate } from "./text-lines.js";
import type { FormatResult } from "./types.js";

type XmlNode = Record<string, unknown>;
type Located = { line: number };

const LIST_DELIMITER = /##comma##|,/;
const ADDRESS_CATEGORIES = new Set(["ipv4-addr", "ipv6-addr", "ipv4-net", "ipv6-net", "cidr"]);
// Typed as the `Symbol` wrapper object by fast-xml-parser, though it is a primitive symbol.
const metadata = XMLParser.getMetaDataSymbol() as unknown as symbol;

export function parseStix1Xml(text: string): FormatResult {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    parseTagValue: false,
    parseAttributeValue: false,
    captureMetaData: true,
  });
  let document: unknown;
  try {
    document = parser.parse(text, true);
  } catch (error) {
    return { entries: [], rejected: [], fatal: `not well-formed XML: ${(error as Error).message}` };
  }
  const root = isNode(document) ? child(document, "STIX_Package") : undefined;
  if (!isNode(root)) return { entries: [], rejected: [], fatal: "not a STIX 1.x document (no STIX_Package root element)" };
  const result: FormatResult = { entries: [], rejected: [] };
  const lines = new LineLocator(text);
  forEachProperties(root, (properties) => {
    const type = xsiType(properties);
    const at: Located = { line: nodeLine(properties, lines) };
    if (type.endsWith("AddressObjectType")) readAddressObject(properties, at, result);
    else if (type.endsWith("DomainNameObjectType")) readNamedValues(properties, at, result, ["domain"]);
    else if (type.endsWith("URIObjectType")) readNamedValues(properties, at, result, ["ipv4", "ipv6", "domain"]);
    else result.rejected.push({ line: at.line, text: truncate(type), reason: "only Address, DomainName and URI objects can be matched" });
  });
  return result;
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function localName(key: string): string {
  return key.slice(key.indexOf(":") + 1);
}

/** The element of `node` named `name` in whatever namespace prefix. */
function child(node: XmlNode, name: string): unknown {
  const key = Object.keys(node).find((candidate) => !candidate.startsWith("@_") && localName(candidate) === name);
  return key === undefined ? undefined : node[key];
}

/** The object type (`xsi:type="AddressObj:AddressObjectType"`), whatever the XML Schema instance prefix. */
function xsiType(node: XmlNode): string {
  const key = Object.keys(node).find((candidate) => candidate.startsWith("@_") && candidate.endsWith(":type"));
  return key === undefined ? "" : String(node[key]);
}

function forEachProperties(node: XmlNode, visit: (properties: XmlNode) => void): void {
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("@_")) continue;
    for (const item of asArray(value)) {
      if (!isNode(item)) continue;
      const name = localName(key);
      if (name === "Properties" || name === "Defined_Object") visit(item);
      else forEachProperties(item, visit);
    }
  }
}

function nodeLine(node: XmlNode, lines: LineLocator): number {
  const position = (node as Record<symbol, { startIndex?: number } | undefined>)[metadata];
  return position?.startIndex === undefined ? 0 : lines.lineAt(position.startIndex);
}

/** Text and attributes of a leaf element, which the parser gives as a string or {#text, @_attr}. */
function leaf(value: unknown): { text: string; condition: string } {
  if (isNode(value)) return { text: String(value["#text"] ?? "").trim(), condition: String(value["@_condition"] ?? "Equals") };
  return { text: String(value ?? "").trim(), condition: "Equals" };
}

function readAddressObject(properties: XmlNode, at: Located, result: FormatResult): void {
  const category = String(properties["@_category"] ?? "ipv4-addr");
  for (const raw of asArray(child(properties, "Address_Value"))) {
    const { text, condition } = leaf(raw);
    const reject = (reason: string) => result.rejected.push({ line: at.line, text: truncate(text), reason });
    if (!ADDRESS_CATEGORIES.has(category)) {
      reject(`address category "${category}" is not an IP address`);
      continue;
    }
    const values = text.split(LIST_DELIMITER).map((value) => value.trim()).filter((value) => value !== "");
    if (condition === "InclusiveBetween") {
      if (values.length !== 2) {
        reject("InclusiveBetween needs exactly two addresses");
        continue;
      }
      const cidrs = rangeToCidrs(values[0], values[1]);
      if ("reason" in cidrs) reject(cidrs.reason);
      else for (const cidr of cidrs) addValue(cidr, at, result, ["cidr4", "cidr6", "ipv4", "ipv6"]);
    } else if (condition === "Equals") {
      for (const value of values) addValue(value, at, result, ["ipv4", "ipv6", "cidr4", "cidr6"]);
    } else {
      reject(`condition "${condition}" is not supported (only Equals and InclusiveBetween)`);
    }
  }
}

function readNamedValues(properties: XmlNode, at: Located, result: FormatResult, kinds: EntryValue["kind"][]): void {
  for (const raw of asArray(child(properties, "Value"))) {
    const { text, condition } = leaf(raw);
    if (condition !== "Equals") {
      result.rejected.push({ line: at.line, text: truncate(text), reason: `condition "${condition}" is not supported (only Equals)` });
      continue;
    }
    for (const value of text.split(/##comma##/)) addValue(value, at, result, kinds);
  }
}

function addValue(value: string, at: Located, result: FormatResult, kinds: EntryValue["kind"][]): void {
  const entry = parseEntryValue(value);
  if (!isEntryValue(entry)) result.rejected.push({ line: at.line, text: truncate(value), reason: entry.reason });
  else if (!kinds.includes(entry.kind)) result.rejected.push({ line: at.line, text: truncate(value), reason: `not a valid value for this object type` });
  else result.entries.push(entry);
}
