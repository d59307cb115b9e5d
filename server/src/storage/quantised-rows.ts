/**
 * The embedded index's fast copy of its vectors: each row quantised to int8 (scaled by its own largest
 * component, so a unit vector keeps about two and a half significant digits per dimension), laid out
 * contiguously in a WebAssembly memory and scanned by the SIMD kernel of int8-kernel.ts. A scan gives
 * approximate dot products for every row at a quarter of the float32 memory traffic; the index then
 * re-ranks the best candidates with the exact float32 vectors.
 */
import { type Int8Kernel, kernelMemory, type ScanFn } from './int8-kernel';

/** Int8 rows mirroring the index's float32 rows, by row number. */
export class QuantisedRows {
  private capacity = 0;
  private scan!: ScanFn;
  private int8!: Int8Array;
  private scales!: Float32Array;
  private scores!: Float32Array;
  private query!: Int16Array;
  private scalesAt = 0;
  private scoresAt = 0;
  private queryAt = 0;

  constructor(
    private readonly kernel: Int8Kernel,
    private readonly dims: number,
  ) {
    if (dims % 16 !== 0) throw new Error(`quantised rows need a multiple of 16 dimensions, not ${dims}`);
    this.grow(1024, 0);
  }

  /** Make room for `capacity` rows, keeping the first `size`. */
  reserve(capacity: number, size: number): void {
    if (capacity > this.capacity) this.grow(Math.max(capacity, this.capacity * 2), size);
  }

  /** Quantise `vector` into row `row`. */
  set(row: number, vector: Float32Array): void {
    let max = 0;
    for (let d = 0; d < this.dims; d++) max = Math.max(max, Math.abs(vector[d]!));
    const at = row * this.dims;
    const factor = max === 0 ? 0 : 127 / max;
    for (let d = 0; d < this.dims; d++) this.int8[at + d] = Math.round(vector[d]! * factor);
    this.scales[row] = max / 127;
  }

  /** Row `row`'s scale: its largest component / 127, so its int8 rounding errs by at most half of it. */
  scaleOf(row: number): number {
    return this.scales[row]!;
  }

  /** Copy row `from` over row `to` (deletes keep the rows dense). */
  move(from: number, to: number): void {
    this.int8.copyWithin(to * this.dims, from * this.dims, (from + 1) * this.dims);
    this.scales[to] = this.scales[from]!;
  }

  /**
   * Approximate dot products of `query` with the first `size` rows, in proportion to the true ones (the
   * query's own scale is left out: it is the same for every row). The array is reused by the next scan.
   */
  scanAll(query: Float32Array, size: number): Float32Array {
    this.setQuery(query);
    return this.scanRange(0, size);
  }

  /**
   * Quantise `query` for the following `scanRange` calls; returns the factor that turns their scores
   * back into approximate dot products.
   */
  setQuery(query: Float32Array): number {
    let max = 0;
    for (let d = 0; d < this.dims; d++) max = Math.max(max, Math.abs(query[d]!));
    const factor = max === 0 ? 0 : 32767 / max;
    for (let d = 0; d < this.dims; d++) this.query[d] = Math.round(query[d]! * factor);
    return max / 32767;
  }

  /** Approximate dot products of the last `setQuery` with rows `from` … `from + count - 1` (reused array). */
  scanRange(from: number, count: number): Float32Array {
    this.scan(
      this.queryAt,
      from * this.dims,
      this.scalesAt + from * 4,
      this.scoresAt + from * 4,
      count,
      this.dims,
    );
    return this.scores.subarray(from, from + count);
  }

  private grow(capacity: number, size: number): void {
    const scalesAt = capacity * this.dims;
    const scoresAt = scalesAt + capacity * 4;
    const queryAt = scoresAt + capacity * 4;
    const bytes = queryAt + this.dims * 2;
    const { buffer, scan } = kernelMemory(this.kernel, bytes);
    const int8 = new Int8Array(buffer, 0, capacity * this.dims);
    const scales = new Float32Array(buffer, scalesAt, capacity);
    if (this.capacity > 0) {
      int8.set(this.int8.subarray(0, size * this.dims));
      scales.set(this.scales.subarray(0, size));
    }
    this.scan = scan;
    this.int8 = int8;
    this.scales = scales;
    this.scores = new Float32Array(buffer, scoresAt, capacity);
    this.query = new Int16Array(buffer, queryAt, this.dims);
    this.scalesAt = scalesAt;
    this.scoresAt = scoresAt;
    this.queryAt = queryAt;
    this.capacity = capacity;
  }
}
