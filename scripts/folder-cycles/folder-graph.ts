// The "no folder cycles" rule of docs/DESIGN.md on the graph dependency-cruiser reports: modules are
// collapsed to their top-level folder (src/<folder>, a file directly in src/, or workers), and any
// strongly connected group of two or more folders is a cycle.

export type ModuleDependencies = { source: string; dependencies: ReadonlyArray<{ resolved: string }> };

/** A folder-to-folder dependency; `via` is one module import that makes it, for the report. */
export type FolderEdge = { from: string; to: string; via: string };

/** Test code and test support may import across layers (real parsers, fixtures); they are not production code. */
const TEST_SUPPORT = /\.test\.ts$|\/test-helpers\.ts$|\/testing\//;
const TOP_FOLDER = /^(src\/[^/]+|workers)(\/|$)/;

export function topFolderOf(modulePath: string): string | undefined {
  if (TEST_SUPPORT.test(modulePath)) return undefined;
  return TOP_FOLDER.exec(modulePath)?.[1];
}

/** One edge per pair of distinct top-level folders, minus the pairs listed as known. */
export function folderEdges(modules: readonly ModuleDependencies[], known: ReadonlySet<string> = new Set()): FolderEdge[] {
  const edges = new Map<string, FolderEdge>();
  for (const module of modules) {
    const from = topFolderOf(module.source);
    if (!from) continue;
    for (const dependency of module.dependencies) {
      const to = topFolderOf(dependency.resolved);
      const key = `${from} -> ${to}`;
      if (!to || to === from || known.has(key) || edges.has(key)) continue;
      edges.set(key, { from, to, via: `${module.source} -> ${dependency.resolved}` });
    }
  }
  return [...edges.values()];
}

/** Groups of folders that reach each other (Tarjan's strongly connected components), each sorted, largest first. */
export function folderCycles(edges: readonly FolderEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    next.set(from, [...(next.get(from) ?? []), to]);
    if (!next.has(to)) next.set(to, []);
  }
  const index = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (folder: string): void => {
    index.set(folder, index.size);
    lowest.set(folder, index.get(folder)!);
    stack.push(folder);
    onStack.add(folder);
    for (const target of next.get(folder)!) {
      if (!index.has(target)) {
        visit(target);
        lowest.set(folder, Math.min(lowest.get(folder)!, lowest.get(target)!));
      } else if (onStack.has(target)) {
        lowest.set(folder, Math.min(lowest.get(folder)!, index.get(target)!));
      }
    }
    if (lowest.get(folder) !== index.get(folder)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== folder);
    if (group.length > 1) groups.push(group.sort());
  };
  for (const folder of next.keys()) if (!index.has(folder)) visit(folder);
  return groups.sort((a, b) => b.length - a.length || a[0].localeCompare(b[0]));
}
