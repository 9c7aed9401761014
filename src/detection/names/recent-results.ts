/**
 * A bounded memo of a pure function of names. DNS logs ask about the same few thousand names all day
 * (the resolvers' clients poll the same services), so the last results are kept: between `capacity`
 * and twice that many, the most recently used ones, in two generations swapped when the newer fills.
 * Results are shared between callers and must not be changed.
 */
export class RecentResults<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();

  /** `stored` is the key as kept, e.g. a copy that does not hold the larger text it was sliced from alive. */
  constructor(
    private readonly compute: (key: string) => V,
    private readonly capacity = 8192,
    private readonly stored: (key: string) => string = (key) => key,
  ) {}

  get(key: string): V {
    const value = this.current.get(key);
    if (value !== undefined || this.current.has(key)) return value as V;
    const result = this.previous.has(key) ? (this.previous.get(key) as V) : this.compute(key);
    if (this.current.size >= this.capacity) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(this.stored(key), result);
    return result;
  }
}
