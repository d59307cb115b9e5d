/**
 * The indexer's SIMILAR_TO pass: the repository's eligible vectors go into a neighbour search
 * (a cluster index over all of them on a full run, exact embedded-index scans when a few files changed),
 * the patterns whose edges may have changed are searched (see core/similarity/similar-edges.ts) and the
 * difference is written to the relationships table. In an index run it starts when the file phase ends:
 * a full search runs on a worker thread (similar-worker.ts) while the graph pass runs on the main thread,
 * and `finish` writes the edges afterwards. The inputs are final by then: later steps change no vector.
 */
import type { Logger, PatternStore } from '../core/ports';
import { VECTOR_DIMENSIONS } from '../core/similarity/features';
import {
  type AboveSearch,
  isFullRun,
  type NeighbourSearch,
  SIMILAR_TO_DEFAULTS,
  type SimilarToSettings,
  similarEdges,
} from '../core/similarity/similar-edges';
import { buildClusterIndex } from '../storage/cluster-index';
import { createMemoryIndex, type MemoryIndex } from '../storage/memory-index';
import { type BackgroundSearch, defaultSearchWorkerScript, searchInBackground } from './background-search';
import type { NeighbourTable } from './neighbour-table';
import { type FreshInputs, loadSimilarityInputs, type SimilarityPattern } from './similar-to-inputs';

/** What the pass did, and how long it took. */
export interface SimilarToSummary {
  /** True when nothing changed since the last finished pass with these settings: nothing was read or searched. */
  skipped: boolean;
  /** Patterns taking part (enough statements, function or class). */
  patterns: number;
  /** Patterns whose neighbours were searched this time. */
  searched: number;
  full: boolean;
  edges: { total: number; added: number; removed: number; changed: number };
  /** Main-thread milliseconds (reading inputs, waiting for the search, building and writing edges). */
  durationMs: number;
  /** Where the neighbour search ran: on a worker thread, overlapping the graph pass, or on the main thread. */
  searchedOn: 'worker' | 'main';
  /** The worker's own milliseconds searching, overlapping the graph pass (0 when searched on the main thread). */
  workerMs: number;
  /** Main-thread milliseconds per step: inputs, search (waiting for the worker), edges, write. */
  steps: Record<string, number>;
}

/** Bumped when the pass computes other edges from the same vectors and settings. */
const SIMILAR_PASS_VERSION = 1;

/**
 * What a finished pass is recorded against: its version, its settings and `files`, the repository's
 * files fingerprint (`graphFingerprint().current`) read before the pass reads its inputs.
 */
export function similarFingerprint(settings: SimilarToSettings, files: string): string {
  return `s${SIMILAR_PASS_VERSION}:${settings.threshold}:${settings.k}:${settings.minStatements}:${files}`;
}

/** The summary of a pass skipped because its recorded fingerprint is current. */
export function skippedSimilarTo(): SimilarToSummary {
  return {
    skipped: true,
    patterns: 0,
    searched: 0,
    full: false,
    edges: { total: 0, added: 0, removed: 0, changed: 0 },
    durationMs: 0,
    searchedOn: 'main',
    workerMs: 0,
    steps: {},
  };
}

/** How the pass gets its inputs and where it searches. */
export interface SimilarToPassOptions {
  /** The patterns the run wrote, collected as written: only the other files' are read back. */
  fresh?: FreshInputs;
  /** The search worker's script; null searches on the main thread (default: the built one, if any). */
  workerScript?: string | null;
  /** Told when the worker fails and the pass searches on the main thread instead. */
  logger?: Logger;
}

/** A pass whose full search may already be running; `finish` completes it (a pass never finished writes nothing). */
export interface StartedSimilarToPass {
  finish(): Promise<SimilarToSummary>;
}

/** Bring `repository`'s SIMILAR_TO edges up to date as part of index run `runId`, on the main thread. */
export async function runSimilarToPass(
  store: PatternStore,
  repository: string,
  runId: number,
  settings: SimilarToSettings = SIMILAR_TO_DEFAULTS,
): Promise<SimilarToSummary> {
  return (await startSimilarToPass(store, repository, runId, settings, { workerScript: null })).finish();
}

/**
 * Read the pass's inputs now and, for a full search with a worker script, start the search on a worker;
 * call `finish` once the store may be written again (nothing is written before).
 */
export async function startSimilarToPass(
  store: PatternStore,
  repository: string,
  runId: number,
  settings: SimilarToSettings = SIMILAR_TO_DEFAULTS,
  options: SimilarToPassOptions = {},
): Promise<StartedSimilarToPass> {
  const steps: Record<string, number> = {};
  let mark = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    steps[name] = (steps[name] ?? 0) + Math.round(now - mark);
    mark = now;
  };
  const { minStatements, k } = settings;
  let inputs = await loadSimilarityInputs(store, repository, minStatements, runId, options.fresh);
  const { patterns } = inputs;
  const stored = await store.similarity.similarEdges(repository);
  // A full run searches every pattern: the cluster index (IVF) makes that about probes/√n of an
  // exact all-pairs search. A run that changed a few files searches few: exact embedded-index scans
  // (and reads no vector at all when nothing must be searched).
  const changed = patterns.filter((p) => p.changed).length;
  const cluster = isFullRun(patterns, stored, settings) || changed > patterns.length / 20;
  const script = options.workerScript === undefined ? defaultSearchWorkerScript() : options.workerScript;
  let background: BackgroundSearch | null = null;
  // The worker takes the vectors' buffer; the main thread keeps the patterns' names only.
  if (cluster && script !== null && patterns.length > 0)
    background = searchInBackground(script, await inputs.vectors(), VECTOR_DIMENSIONS, k, {
      min: settings.threshold,
      uncut: sharedHashRows(patterns),
    });
  step('inputs');
  return {
    async finish() {
      mark = performance.now();
      let search: NeighbourSearch;
      let above: AboveSearch | null = null;
      let workerMs = 0;
      if (background) {
        try {
          const table = await background.wait();
          workerMs = background.searchMs;
          search = tableSearch(patterns, table);
        } catch (error) {
          // The vectors went to the worker: read them again (all stored by now) and search here.
          options.logger?.warn(`${(error as Error).message}; searching on the main thread instead`);
          background = null;
          inputs = await loadSimilarityInputs(store, repository, minStatements, runId);
          search = clusterSearch(inputs.patterns, await inputs.vectors(), sharedHashRows(inputs.patterns));
        }
      } else if (cluster) {
        search = clusterSearch(patterns, await inputs.vectors(), sharedHashRows(patterns));
      } else {
        ({ search, above } = exactSearches(patterns, inputs.vectors, repository));
      }
      step('search');
      // A cluster search covers every pattern, so its run is a full one: kept edges would mix with its
      // approximate lists. Only the exact searches of a few changed files update the stored edges.
      const result = await similarEdges(inputs.patterns, cluster ? [] : stored, search, settings, above);
      step('edges');
      const unchanged = result.searched === 0 && result.edges.length === stored.length;
      const written = unchanged
        ? { added: 0, removed: 0, changed: 0 }
        : await store.graph.replaceEdges(repository, ['SIMILAR_TO'], result.edges);
      step('write');
      return {
        skipped: false,
        patterns: inputs.patterns.length,
        searched: result.searched,
        full: result.full,
        edges: { total: result.edges.length, ...written },
        durationMs: Object.values(steps).reduce((a, b) => a + b, 0),
        searchedOn: background ? 'worker' : 'main',
        workerMs,
        steps,
      };
    },
  };
}

// Answers from a table searched ahead (by the worker): the same lists the cluster index gives.
function tableSearch(patterns: readonly SimilarityPattern[], table: NeighbourTable): NeighbourSearch {
  const position = new Map(patterns.map((p, i) => [p.id, i]));
  return async (id, k) => {
    const row = position.get(id)!;
    const hits: { id: string; similarity: number }[] = [];
    for (let j = 0; j < Math.min(k, table.k); j++) {
      const at = row * table.k + j;
      const index = table.index[at]!;
      if (index < 0) break;
      hits.push({ id: patterns[index]!.id, similarity: table.similarity[at]! });
    }
    return hits;
  };
}

function clusterSearch(
  patterns: readonly SimilarityPattern[],
  vectors: Float32Array,
  uncut: Uint8Array,
): NeighbourSearch {
  const position = new Map(patterns.map((p, i) => [p.id, i]));
  const index = buildClusterIndex(rowsOf(vectors, patterns.length), VECTOR_DIMENSIONS);
  return async (id, k, min) => {
    const row = position.get(id)!;
    return index
      .neighbours(row, k, uncut[row] === 0 ? min : undefined)
      .map((h) => ({ id: patterns[h.index]!.id, similarity: h.similarity }));
  };
}

/**
 * 1 for the patterns that share their syntax-tree hash with another: a neighbour with the same hash is
 * an edge at 1.0 whatever its vectors say (similar-edges.ts), so their searches may not leave out
 * neighbours below the threshold. Every other search may: those would be cut anyway.
 */
function sharedHashRows(patterns: readonly SimilarityPattern[]): Uint8Array {
  const count = new Map<string, number>();
  for (const p of patterns) count.set(p.astHash, (count.get(p.astHash) ?? 0) + 1);
  return Uint8Array.from(patterns, (p) => (count.get(p.astHash)! > 1 ? 1 : 0));
}

function exactSearches(
  patterns: readonly SimilarityPattern[],
  vectors: () => Promise<Float32Array>,
  repository: string,
): { search: NeighbourSearch; above: AboveSearch } {
  const position = new Map(patterns.map((p, i) => [p.id, i]));
  let ready: Promise<{ rows: Float32Array[]; index: MemoryIndex }> | null = null;
  // Vectors read and indexed only when something must be searched: an unchanged repository costs
  // two reads without vectors.
  const load = async () => {
    const rows = rowsOf(await vectors(), patterns.length);
    const index = createMemoryIndex(VECTOR_DIMENSIONS, { fastFrom: 0 });
    await index.upsert(
      patterns.map((p, i) => ({
        vector: rows[i]!,
        payload: {
          patternId: p.id,
          patternType: '',
          category: '',
          quality: 0,
          repository,
          filePath: p.filePath,
        },
      })),
    );
    return { rows, index };
  };
  return {
    async search(id, k) {
      ready ??= load();
      const { rows, index } = await ready;
      return index.search(rows[position.get(id)!]!, { k, filter: { notIds: [id] } });
    },
    async above(id, min) {
      ready ??= load();
      const { rows, index } = await ready;
      return index.searchAbove(rows[position.get(id)!]!, { min, filter: { notIds: [id] } });
    },
  };
}

function rowsOf(vectors: Float32Array, n: number): Float32Array[] {
  const dims = VECTOR_DIMENSIONS;
  return Array.from({ length: n }, (_, i) => vectors.subarray(i * dims, (i + 1) * dims));
}
