/** Per finding type: labelled occurrences expected, found, missed, and findings raised where the label says none. */
export type TypeTally = { expected: number; found: number; missed: number; negatives: number; falseFindings: number };

export class Tallies {
  readonly byType = new Map<string, TypeTally>();

  private tally(type: string): TypeTally {
    let tally = this.byType.get(type);
    if (!tally) this.byType.set(type, (tally = { expected: 0, found: 0, missed: 0, negatives: 0, falseFindings: 0 }));
    return tally;
  }

  positive(type: string, found: boolean): void {
    const tally = this.tally(type);
    tally.expected++;
    if (found) tally.found++;
    else tally.missed++;
  }

  negative(type: string, raised: boolean): void {
    const tally = this.tally(type);
    tally.negatives++;
    if (raised) tally.falseFindings++;
  }

  /** A finding on an event labelled benign (no finding expected at all). */
  falseFinding(type: string): void {
    this.tally(type).falseFindings++;
  }

  merge(other: Tallies): void {
    for (const [type, tally] of other.byType) {
      const into = this.tally(type);
      into.expected += tally.expected;
      into.found += tally.found;
      into.missed += tally.missed;
      into.negatives += tally.negatives;
      into.falseFindings += tally.falseFindings;
    }
  }

  total(): TypeTally {
    const total: TypeTally = { expected: 0, found: 0, missed: 0, negatives: 0, falseFindings: 0 };
    for (const tally of this.byType.values()) {
      total.expected += tally.expected;
      total.found += tally.found;
      total.missed += tally.missed;
      total.negatives += tally.negatives;
      total.falseFindings += tally.falseFindings;
    }
    return total;
  }
}
