/** Before a text's terms: its topic, then its count of terms. */
const HEADER = 2;

/**
 * The indexed texts' terms, every text in one growable Int32Array: at a text's offset its header,
 * then its terms (`termsStart` to `termsEnd`). One typed array for the whole index rather than an
 * object, a typed array and its buffer a text: a full garbage collection marks every object held,
 * and while a province's 100 000 proposals were held so, an XLSX export of them (whose garbage
 * brings many collections) took 16 s instead of 10.
 */
export class PackedTexts {
  /** Read by offset (`offsetOf`); replaced when it grows or is compacted, so read it again after a change. */
  data = new Int32Array(1 << 16);
  private used = 0;
  /** Room taken by texts removed or replaced, given back by `compact`. */
  private garbage = 0;
  /** Offsets by text id, in the order the texts were put. */
  private readonly offsets = new Map<number, number>();

  get size(): number {
    return this.offsets.size;
  }

  offsetOf(id: number): number | undefined {
    return this.offsets.get(id);
  }

  /** Text `id`'s topic (it is held). */
  topicOf(id: number): number {
    return this.data[this.offsets.get(id)!]!;
  }

  /** Where the terms of the text at offset `at` start in `data`. */
  termsStart(at: number): number {
    return at + HEADER;
  }

  /** Where they end (exclusive). */
  termsEnd(at: number): number {
    return at + HEADER + this.data[at + 1]!;
  }

  /** The texts' ids and offsets, in the order they were put. */
  entries(): IterableIterator<[number, number]> {
    return this.offsets.entries();
  }

  /** Adds text `id` (not held) of `topicId` with its `terms`. */
  add(id: number, topicId: number, terms: ArrayLike<number>): void {
    const need = this.used + HEADER + terms.length;
    if (need > this.data.length) {
      const grown = new Int32Array(Math.max(need, this.data.length * 2));
      grown.set(this.data.subarray(0, this.used));
      this.data = grown;
    }
    const at = this.used;
    this.data[at] = topicId;
    this.data[at + 1] = terms.length;
    this.data.set(terms, at + HEADER);
    this.used = need;
    this.offsets.set(id, at);
  }

  /** Forgets text `id`; its room is given back once removed texts take half of what is used. */
  delete(id: number): void {
    const at = this.offsets.get(id);
    if (at === undefined) return;
    this.offsets.delete(id);
    this.garbage += this.termsEnd(at) - at;
    if (this.garbage > this.used / 2) this.compact();
  }

  /** Moves the texts held together, in the order they were put. */
  private compact(): void {
    const data = new Int32Array(Math.max(1 << 16, (this.used - this.garbage) * 2));
    let used = 0;
    for (const [id, at] of this.offsets) {
      const length = this.termsEnd(at) - at;
      data.set(this.data.subarray(at, at + length), used);
      this.offsets.set(id, used);
      used += length;
    }
    this.data = data;
    this.used = used;
    this.garbage = 0;
  }
}
