/**
 * A reusable counter of 32-bit feature hashes (open addressing over typed arrays): the similarity
 * model counts tens of features per definition, and a `Map` per definition cost more in allocation
 * and garbage collection than the counting itself.
 */

/** Counts per 32-bit key; `clear()` forgets them without freeing the arrays. */
export class CountTable {
  private keys: Uint32Array;
  private counts: Uint32Array;
  private slots: Int32Array;
  /** Number of distinct keys. */
  size = 0;

  constructor(capacity = 1024) {
    this.keys = new Uint32Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.slots = new Int32Array(capacity);
  }

  /** Count `key` once more. */
  add(key: number): void {
    if (this.size * 2 >= this.keys.length) this.grow();
    this.insert(key >>> 0 || 1, 1);
  }

  // Keys are stored non-zero (0 as 1): a zero count marks an empty slot, so keys need no sentinel.
  private insert(k: number, by: number): void {
    const mask = this.keys.length - 1;
    let i = Math.imul(k, 0x9e3779b1) >>> 0;
    for (;;) {
      i &= mask;
      if (this.counts[i] === 0) {
        this.keys[i] = k;
        this.counts[i] = by;
        this.slots[this.size++] = i;
        return;
      }
      if (this.keys[i] === k) {
        this.counts[i]! += by;
        return;
      }
      i++;
    }
  }

  /** Call `fn(key, count)` for every key, in insertion order. */
  forEach(fn: (key: number, count: number) => void): void {
    for (let s = 0; s < this.size; s++) {
      const i = this.slots[s]!;
      fn(this.keys[i]!, this.counts[i]!);
    }
  }

  clear(): void {
    for (let s = 0; s < this.size; s++) this.counts[this.slots[s]!] = 0;
    this.size = 0;
  }

  private grow(): void {
    const keys = this.keys;
    const counts = this.counts;
    const slots = this.slots.slice(0, this.size);
    const capacity = keys.length * 2;
    this.keys = new Uint32Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.slots = new Int32Array(capacity);
    this.size = 0;
    for (const slot of slots) this.insert(keys[slot]!, counts[slot]!);
  }
}
