/**
 * Domain index: two hash maps keyed by name, so a lookup costs one map probe per label of the
 * query, whatever the number of entries.
 *  - `exact`: names that match only themselves (every plain entry).
 *  - `below`: parents whose strict subdomains match (`*.parent` wildcards, and plain entries of lists
 *    whose plain names also cover subdomains).
 * Several entries may share a key (the same name on several lists); they are chained through `next`
 * instead of holding an array per key, which keeps 250,000 names to two small typed arrays.
 */

export class DomainIndex {
  constructor(
    private readonly exact: ReadonlyMap<string, number>,
    private readonly below: ReadonlyMap<string, number>,
    private readonly nodePayload: Int32Array,
    private readonly nodeNext: Int32Array,
  ) {}

  /**
   * Calls visit(payload) for every entry matching the normalized name, the most specific first: the
   * name itself, then each parent from the nearest to the top-level label.
   */
  forEachMatch(name: string, visit: (payload: number) => void): void {
    this.visitChain(this.exact.get(name), visit);
    for (let dot = name.indexOf("."); dot >= 0; dot = name.indexOf(".", dot + 1)) {
      this.visitChain(this.below.get(name.slice(dot + 1)), visit);
    }
  }

  private visitChain(head: number | undefined, visit: (payload: number) => void): void {
    for (let node = head ?? -1; node >= 0; node = this.nodeNext[node]) visit(this.nodePayload[node]);
  }
}

export class DomainIndexBuilder {
  private readonly exact = new Map<string, number>();
  private readonly below = new Map<string, number>();
  private readonly payload: number[] = [];
  private readonly next: number[] = [];

  /** `name` matches itself only. */
  addExact(name: string, payload: number): void {
    this.link(this.exact, name, payload);
  }

  /** Strict subdomains of `parent` match (a.parent, b.a.parent), not parent itself. */
  addSubdomainsOf(parent: string, payload: number): void {
    this.link(this.below, parent, payload);
  }

  build(): DomainIndex {
    return new DomainIndex(this.exact, this.below, Int32Array.from(this.payload), Int32Array.from(this.next));
  }

  private link(map: Map<string, number>, key: string, payload: number): void {
    const node = this.payload.length;
    this.payload.push(payload);
    this.next.push(map.get(key) ?? -1);
    map.set(key, node);
  }
}
