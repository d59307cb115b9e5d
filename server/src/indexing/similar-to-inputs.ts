/**
 * The SIMILAR_TO pass's inputs, compact: the eligible patterns (without vectors) in id order and their
 * vectors packed row by row in one Float32Array (one buffer a worker thread can take without a copy).
 * The indexer collects the patterns it writes during the run (`collectFreshInputs`), so only the
 * patterns of files it did not write (unchanged on an incremental run) are read back from the store.
 */
import type { PatternRecord } from '../core/pattern';
import type { PatternStore, SimilarityInput } from '../core/ports';
import { VECTOR_DIMENSIONS } from '../core/similarity/features';

/** An eligible pattern without its vector. */
export type SimilarityPattern = Omit<SimilarityInput, 'vector'>;

/** Collected patterns in the order written; `row(i)` is `patterns[i]`'s vector. */
export interface CollectedInputs {
  patterns: SimilarityPattern[];
  row(i: number): Float32Array;
}

// Vectors are kept in chunks of this many rows: no over-allocation or copy as the collection grows
// (it grows during the file phase, where memory is tight).
const CHUNK_ROWS = 512;

/** Collects the eligible patterns of the files an index run writes, as they are written. */
export interface FreshInputs {
  /** Record that `filePath` was written with `patterns` (its stored patterns are no longer current). */
  add(filePath: string, patterns: readonly PatternRecord[]): void;
  /** The files written so far. */
  readonly files: ReadonlySet<string>;
  /** What was collected (the collector is empty afterwards). */
  take(): CollectedInputs;
}

/** A collector keeping what the SIMILAR_TO pass reads: patterns with ≥ `minStatements`, no design patterns. */
export function collectFreshInputs(minStatements: number): FreshInputs {
  const dims = VECTOR_DIMENSIONS;
  let patterns: SimilarityPattern[] = [];
  let chunks: Float32Array[] = [];
  const files = new Set<string>();
  return {
    files,
    add(filePath, records) {
      files.add(filePath);
      for (const p of records) {
        const f = p.fingerprint;
        if (!f || f.statements < minStatements || p.patternType === 'design_pattern') continue;
        if (f.vector.length !== dims)
          throw new Error(`fingerprint of ${f.vector.length} dimensions, expected ${dims}`);
        const at = patterns.length % CHUNK_ROWS;
        if (at === 0) chunks.push(new Float32Array(CHUNK_ROWS * dims));
        chunks[chunks.length - 1]!.set(f.vector, at * dims);
        // Only the strings are kept, not the record: its file's other data can be collected.
        patterns.push({
          id: p.id,
          filePath,
          qualifiedName: p.qualifiedName,
          astHash: f.astHash,
          changed: true,
        });
      }
    },
    take() {
      const taken = chunks;
      const row = (i: number) => {
        const at = (i % CHUNK_ROWS) * dims;
        return taken[Math.floor(i / CHUNK_ROWS)]!.subarray(at, at + dims);
      };
      const collected = { patterns, row };
      patterns = [];
      chunks = [];
      return collected;
    },
  };
}

/** The eligible patterns, and their vectors when needed (a run that searches nothing reads none). */
export interface LoadedInputs {
  /** Eligible patterns in id order. */
  patterns: SimilarityPattern[];
  /** The vectors of `patterns`, packed in that order: the stored ones are read now. Call once. */
  vectors(): Promise<Float32Array>;
}

/**
 * The repository's eligible patterns: `fresh` (written this run, so changed) and the stored ones of every
 * other file, merged in id order (what the store's `ORDER BY` gives, so searches come out the same).
 */
export async function loadSimilarityInputs(
  store: PatternStore,
  repository: string,
  minStatements: number,
  runId: number,
  fresh?: FreshInputs,
): Promise<LoadedInputs> {
  const dims = VECTOR_DIMENSIONS;
  const except = fresh ? [...fresh.files] : [];
  const stored = await store.similarity.similarityPatterns(repository, minStatements, runId, except);
  // Sorted here too: a PostgreSQL database may collate differently (sorted input costs one pass).
  stored.sort(byId);
  let own: CollectedInputs = fresh?.take() ?? NOTHING;
  const order = Array.from({ length: own.patterns.length }, (_, i) => i).sort((a, b) =>
    byId(own.patterns[a]!, own.patterns[b]!),
  );
  const n = own.patterns.length + stored.length;
  const patterns: SimilarityPattern[] = new Array(n);
  // Where row `i`'s vector comes from: a collected row, or -1 for the store.
  const source = new Int32Array(n);
  let a = 0;
  let b = 0;
  for (let row = 0; row < n; row++) {
    if (b >= stored.length || (a < order.length && byId(own.patterns[order[a]!]!, stored[b]!) < 0)) {
      source[row] = order[a]!;
      patterns[row] = own.patterns[order[a++]!]!;
    } else {
      source[row] = -1;
      patterns[row] = stored[b++]!;
    }
  }
  return {
    patterns,
    async vectors() {
      const vectors = new Float32Array(n * dims);
      const read =
        stored.length === 0
          ? []
          : await store.similarity.similarityInputs(repository, minStatements, runId, except);
      const byRow = new Map(read.map((r) => [r.id, r.vector]));
      for (let row = 0; row < n; row++) {
        const from = source[row]!;
        if (from >= 0) {
          vectors.set(own.row(from), row * dims);
          continue;
        }
        // A pattern another writer removed since the names were read keeps a zero vector: no
        // neighbours this time; its file changed, so the next run searches it again.
        const vector = byRow.get(patterns[row]!.id);
        if (vector && vector.length !== dims)
          throw new Error(`stored vector of ${vector.length} dimensions, expected ${dims}`);
        if (vector) vectors.set(vector, row * dims);
      }
      own = NOTHING;
      return vectors;
    },
  };
}

const NOTHING: CollectedInputs = {
  patterns: [],
  row: () => {
    throw new Error('no collected vectors');
  },
};

// Ids are ASCII (hex): code-unit order is the embedded store's order (collation "C").
function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
