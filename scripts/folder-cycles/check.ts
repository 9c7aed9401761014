// `npm run lint:deps`, second half: fails when top-level folders import each other in a cycle.
// Folder pairs known to be in a cycle while the tree is reorganised are entries of type "folder" and
// rule "no-folder-cycle" in .dependency-cruiser-known-violations.json (kept by hand: regenerating that
// file with `depcruise --output-type baseline` drops them).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { folderCycles, folderEdges, type ModuleDependencies } from "./folder-graph.js";

const ROOT = path.join(__dirname, "..", "..");
const KNOWN_FILE = path.join(ROOT, ".dependency-cruiser-known-violations.json");
const RULE = "no-folder-cycle";

type KnownViolation = { type: string; from: string; to: string; rule: { name: string } };

function knownFolderEdges(): Set<string> {
  if (!existsSync(KNOWN_FILE)) return new Set();
  const known = JSON.parse(readFileSync(KNOWN_FILE, "utf8")) as KnownViolation[];
  return new Set(known.filter((v) => v.type === "folder" && v.rule.name === RULE).map((v) => `${v.from} -> ${v.to}`));
}

const cruised = execFileSync(path.join(ROOT, "node_modules", ".bin", "depcruise"), ["src", "workers", "--config", ".dependency-cruiser.cjs", "--output-type", "json"], {
  cwd: ROOT,
  encoding: "utf8",
  maxBuffer: 256 * 1024 * 1024,
});
const modules = (JSON.parse(cruised) as { modules: ModuleDependencies[] }).modules;
const edges = folderEdges(modules, knownFolderEdges());
const cycles = folderCycles(edges);
if (cycles.length === 0) {
  console.log("✔ no folder cycles");
} else {
  for (const cycle of cycles) {
    console.error(`  error ${RULE}: ${cycle.join(" ↔ ")}`);
    for (const edge of edges.filter((e) => cycle.includes(e.from) && cycle.includes(e.to))) console.error(`    ${edge.from} -> ${edge.to}  (${edge.via})`);
  }
  console.error(`\nx ${cycles.length} folder cycle(s)`);
  process.exitCode = 1;
}
