/**
 * SIMILAR_TO edges: each eligible pattern points to its `k` nearest patterns at or above the threshold
 * (a directed k-nearest-neighbour graph, so the cost is bounded: k edges a pattern, one search each).
 * Kept up to date incrementally: after a re-index only the changed patterns are searched again, plus
 * the patterns whose edges pointed at a changed or vanished pattern and the patterns whose k nearest a
 * changed pattern now enters; every other stored edge is kept. With exact searches the result is the
 * edge set a full run would cut (test/core/similarity/similar-edges-incremental.test.ts).
 * Pure: the caller loads inputs and stored edges and supplies the searches (a fast vector index).
 */
import { modulePathOf } from '../extract/imports';
import type { Relationship, SimilarEdge, SimilarityInput } from '../ports';
import { DEFAULT_SIMILARITY_THRESHOLD } from './fingerprint';

/** How SIMILAR_TO edges are cut. */
export interface SimilarToSettings {
  /** Similarity at and above which an edge is written. */
  threshold: number;
  /** Edges per pattern at most (its nearest). */
  k: number;
  /** Only patterns with at least this many statements take part (tiny bodies look alike by chance). */
  minStatements: number;
}

/** Defaults: the model's default threshold, five neighbours, bodies of five statements or more. */
export const SIMILAR_TO_DEFAULTS: SimilarToSettings = {
  threshold: DEFAULT_SIMILARITY_THRESHOLD,
  k: 5,
  minStatements: 5,
};

/** Nearest patterns of one pattern, best first, itself excluded (those below `min` may be left out). */
export type NeighbourSearch = (
  id: string,
  k: number,
  min: number,
) => Promise<{ id: string; similarity: number }[]>;

/**
 * Every pattern whose similarity to one pattern is at or above `min`, itself excluded (complete: an
 * incremental run uses it to find the patterns whose k nearest a changed pattern now enters).
 */
export type AboveSearch = (id: string, min: number) => Promise<{ id: string; similarity: number }[]>;

/** The edge set after this run, and how much work it took. */
export interface SimilarEdgesResult {
  edges: Relationship[];
  /** Patterns searched again (all of them on a first or full run). */
  searched: number;
  full: boolean;
}

/** Whether the next `similarEdges` call searches every pattern (first run, settings changed, all changed). */
export function isFullRun(
  inputs: readonly Pick<SimilarityInput, 'changed'>[],
  stored: readonly SimilarEdge[],
  settings: SimilarToSettings,
): boolean {
  const stamp = stampOf(settings);
  return (
    stored.length === 0 || inputs.every((p) => p.changed) || stored.some((e) => !e.evidence.endsWith(stamp))
  );
}

// The settings an edge was cut with, at the end of its evidence.
function stampOf(settings: SimilarToSettings): string {
  return `(${settings.minStatements}+ statements, threshold ${settings.threshold}, ${settings.k} nearest)`;
}

/**
 * Compute the repository's SIMILAR_TO edges from `inputs`, reusing `stored` edges of unchanged patterns.
 * `above` may be null only when the run is a full one (`isFullRun`, or no stored edges passed).
 */
export async function similarEdges(
  inputs: readonly Omit<SimilarityInput, 'vector'>[],
  stored: readonly SimilarEdge[],
  search: NeighbourSearch,
  settings: SimilarToSettings,
  above: AboveSearch | null,
): Promise<SimilarEdgesResult> {
  const byId = new Map(inputs.map((p) => [p.id, p]));
  // Edges cut with other settings are all recomputed (the settings are in every edge's evidence).
  const stamp = stampOf(settings);
  const full = isFullRun(inputs, stored, settings);
  const again = new Set<string>();
  const found = new Map<string, { id: string; similarity: number }[]>();
  const neighbours = async (id: string) => {
    const self = byId.get(id)!;
    const hits = (await search(id, settings.k, settings.threshold)).map((h) => ({
      id: h.id,
      // Equal normalised-AST hashes are the same code up to renaming and literals: 1.0, as in `similar`.
      similarity: byId.get(h.id)?.astHash === self.astHash ? 1 : h.similarity,
    }));
    const kept = hits.filter((h) => h.similarity >= settings.threshold && byId.has(h.id));
    found.set(id, kept);
    return kept;
  };
  if (full) {
    for (const p of inputs) await neighbours(p.id);
    // Similarity is symmetric: a neighbour an approximate search missed from one side is usually
    // found from the other, so each list also considers the patterns that found it.
    const reverse = new Map<string, { id: string; similarity: number }[]>();
    for (const [id, hits] of found) {
      for (const h of hits) {
        const list = reverse.get(h.id);
        if (list) list.push({ id, similarity: h.similarity });
        else reverse.set(h.id, [{ id, similarity: h.similarity }]);
      }
    }
    for (const [id, extra] of reverse) {
      const hits = found.get(id)!;
      const seen = new Set(hits.map((h) => h.id));
      const merged = [...hits, ...extra.filter((h) => !seen.has(h.id))];
      merged.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1));
      found.set(id, merged.slice(0, settings.k));
    }
  } else {
    if (!above)
      throw new Error('an incremental SIMILAR_TO run needs a search of every pattern above the threshold');
    const changed = inputs.filter((p) => p.changed);
    for (const p of changed) again.add(p.id);
    for (const e of stored) {
      const target = byId.get(e.targetId);
      if (byId.has(e.sourceId) && (!target || target.changed)) again.add(e.sourceId);
    }
    // What every other pattern keeps: how many edges and the weakest one's similarity.
    const kept = new Map<string, { count: number; weakest: number }>();
    for (const e of stored) {
      const list = kept.get(e.sourceId);
      if (list) {
        list.count++;
        list.weakest = Math.min(list.weakest, e.similarity);
      } else kept.set(e.sourceId, { count: 1, weakest: e.similarity });
    }
    const byHash = new Map<string, string[]>();
    for (const p of inputs) {
      const ids = byHash.get(p.astHash);
      if (ids) ids.push(p.id);
      else byHash.set(p.astHash, [p.id]);
    }
    // A changed pattern enters another's k nearest when that one has fewer than k edges or a weaker one
    // (kNN is not symmetric: it need not be among the changed pattern's own k nearest). Stored
    // similarities are rounded to 4 places: a tie is searched again rather than guessed.
    for (const p of changed) {
      const copies = byHash.get(p.astHash)!.filter((id) => id !== p.id);
      const candidates = [
        ...(await above(p.id, settings.threshold)),
        ...copies.map((id) => ({ id, similarity: 1 })),
      ];
      for (const hit of candidates) {
        const other = byId.get(hit.id);
        if (!other || again.has(hit.id)) continue;
        const similarity = other.astHash === p.astHash ? 1 : hit.similarity;
        const list = kept.get(hit.id);
        if (!list || list.count < settings.k || similarity >= list.weakest - 1e-4) again.add(hit.id);
      }
    }
    for (const id of again) await neighbours(id);
  }
  const edges: Relationship[] = [];
  // Many edges point into the same file: its module path is worked out once.
  const modules = new Map<string, string>();
  const moduleOf = (filePath: string) => {
    let path = modules.get(filePath);
    if (path === undefined) {
      path = modulePathOf(filePath);
      modules.set(filePath, path);
    }
    return path;
  };
  const edge = (sourceId: string, targetId: string, similarity: number) => {
    const target = byId.get(targetId)!;
    // The evidence is written from the stored (rounded) confidence, so a kept edge comes out exactly as
    // it was cut: from the unrounded similarity, 0.87496 read "0.87" and its kept copy (0.875) "0.88",
    // and the first re-index after a full run rewrote about 290 unchanged edges of the stdlib.
    const confidence = Math.round(similarity * 10000) / 10000;
    edges.push({
      sourceId,
      targetId,
      targetName: `${moduleOf(target.filePath)}.${target.qualifiedName}`,
      type: 'SIMILAR_TO',
      confidence,
      evidence:
        confidence === 1 && byId.get(sourceId)?.astHash === target.astHash
          ? `same normalised syntax tree: a copy up to layout, names and literals ${stamp}`
          : `structural similarity ${confidence.toFixed(2)} ${stamp}`,
      isGuess: false,
      sites: 1,
    });
  };
  for (const e of stored) {
    if (found.has(e.sourceId) || !byId.has(e.sourceId) || !byId.has(e.targetId)) continue;
    edge(e.sourceId, e.targetId, e.similarity);
  }
  for (const [id, hits] of found) for (const h of hits) edge(id, h.id, h.similarity);
  return { edges, searched: found.size, full };
}
