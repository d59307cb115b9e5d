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

/** Eligible patterns in id order; row `i` of `vectors` (VECTOR_DIMENSIONS floats) is `patterns[i]`'s. */
export interface PackedInputs {
  patterns: SimilarityPattern[];
  vectors: Float32Array;
}

/** Collects the eligible patterns of the files an index run writes, as they are written. */
export interface FreshInputs {
  /** Record that `filePath` was written with `patterns` (its stored patterns are no longer current). */
  add(filePath: string, patterns: readonly PatternRecord[]): void;
  /** The files written so far. */
  readonly files: ReadonlySet<string>;
  /** What was collected (the collector is empty afterwards). */
  take(): PackedInputs;
}

/** A collector keeping what the SIMILAR_TO pass reads: patterns with ≥ `minStatements`, no design patterns. */
export function collectFreshInputs(minStatements: number): FreshInputs {
  const dims = VECTOR_DIMENSIONS;
  let patterns: SimilarityPattern[] = [];
  let vectors = new Float32Array(1024 * dims);
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
        if ((patterns.length + 1) * dims > vectors.length) {
          const grown = new Float32Array(vectors.length * 2);
          grown.set(vectors);
          vectors = grown;
        }
        vectors.set(f.vector, patterns.length * dims);
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
      const taken = { patterns, vectors: vectors.subarray(0, patterns.length * dims) };
      patterns = [];
      vectors = new Float32Array(0);
      return taken;
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
  const own = fresh?.take() ?? { patterns: [], vectors: new Float32Array(0) };
  const order = Array.from({ length: own.patterns.length }, (_, i) => i).sort((a, b) =>
    byId(own.patterns[a]!, own.patterns[b]!),
  );
  const n = own.patterns.length + stored.length;
  const patterns: SimilarityPattern[] = new Array(n);
  // Where row `i`'s vector comes from: a row of `own.vectors`, or -1 for the store.
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
          vectors.set(own.vectors.subarray(from * dims, (from + 1) * dims), row * dims);
          continue;
        }
        // A pattern another writer removed since the names were read keeps a zero vector: no
        // neighbours this time; its file changed, so the next run searches it again.
        const vector = byRow.get(patterns[row]!.id);
        if (vector && vector.length !== dims)
          throw new Error(`stored vector of ${vector.length} dimensions, expected ${dims}`);
        if (vector) vectors.set(vector, row * dims);
      }
      own.vectors = new Float32Array(0);
      return vectors;
    },
  };
}

// Ids are ASCII (hex): code-unit order is the embedded store's order (collation "C").
function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
