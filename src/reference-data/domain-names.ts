/**
 * The name data the DNS model rules read (DetectionContext.names), from the lists shipped in data/:
 * the ICANN public suffixes and the organization words the DGA model learns real names from. Read
 * and built once per process (~64k words, tens of ms), each when a rule first reads it: a scan of
 * CloudTrail files never needs them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { NameReference } from "../detection/engine/types.js";
import { CharacterModel } from "../detection/names/character-model.js";
import { PublicSuffixList } from "../detection/names/public-suffix-list.js";
import { PROJECT_ROOT } from "../paths.js";

const DATA = path.join(PROJECT_ROOT, "src", "reference-data", "data");
export const PUBLIC_SUFFIX_FILE = path.join(DATA, "public-suffix-icann.dat");
export const BENIGN_WORDS_FILE = path.join(DATA, "organization-words.txt.gz");

let publicSuffixes: PublicSuffixList | undefined;
let benignNames: CharacterModel | undefined;

const NAMES: NameReference = {
  get publicSuffixes() {
    return (publicSuffixes ??= new PublicSuffixList(readFileSync(PUBLIC_SUFFIX_FILE, "utf8")));
  },
  get benignNames() {
    return (benignNames ??= new CharacterModel(gunzipSync(readFileSync(BENIGN_WORDS_FILE)).toString("utf8").split("\n").filter(Boolean)));
  },
};

export function loadNameReference(): NameReference {
  return NAMES;
}
