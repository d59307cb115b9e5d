/**
 * `motif duplicates [--min-similarity S]`: clone groups of the store: exact and renamed copies (equal
 * normalised-AST hashes) merged with near copies at or above S, among definitions of at least
 * `--min-statements` statements (tiny functions are all alike and not worth reporting).
 */
import { toPatternJson } from '../core/pattern-json';
import type { VectorHit } from '../core/ports';
import { cloneGroups } from '../core/similarity/clone-groups';
import { createMemoryIndex, loadMemoryIndex } from '../storage/memory-index';
import type { Storage } from '../storage/open-storage';
import { type CliIo, EXIT, out } from './cli-context';
import { numberOption } from './query-commands';

/** Default similarity for near copies in `duplicates` (stricter than the SIMILAR_TO threshold). */
const DEFAULT_DUPLICATE_SIMILARITY = 0.9;

/** `motif duplicates`. */
export async function duplicatesCommand(
  io: CliIo,
  storage: Storage,
  o: { minSimilarity?: string; minStatements?: string; json?: boolean },
): Promise<number> {
  const minSimilarity =
    numberOption('--min-similarity', o.minSimilarity, 0, 1) ?? DEFAULT_DUPLICATE_SIMILARITY;
  const minStatements = numberOption('--min-statements', o.minStatements ?? '5', 0)!;
  const wanted = new Set(await storage.similarity.idsWithStatements(minStatements));
  const all = await loadMemoryIndex(storage.similarity);
  // Near copies are looked for among sizeable definitions only: a smaller index, fewer queries.
  const index = createMemoryIndex();
  for (const id of wanted) {
    const vector = all.vectorOf(id);
    if (vector)
      await index.upsert([
        {
          vector,
          payload: { patternId: id, patternType: '', category: '', quality: 0, repository: '', filePath: '' },
        },
      ]);
  }
  const pairs: [string, VectorHit][] = [];
  for (const id of wanted) {
    const vector = index.vectorOf(id);
    if (!vector) continue;
    for (const hit of await index.search(vector, { k: 10, filter: { notIds: [id] } })) {
      if (hit.similarity >= minSimilarity && id < hit.id) pairs.push([id, hit]);
    }
  }
  const hashGroups = (await storage.similarity.hashGroups(minStatements)).filter(
    (g) => g.patternIds.length > 1,
  );
  const groups = cloneGroups(hashGroups, pairs);
  const patterns = new Map(
    (await Promise.all(groups.flatMap((g) => g.patternIds).map((id) => storage.store.getPattern(id))))
      .filter((p) => p !== null)
      .map((p) => [p.id, p]),
  );
  if (o.json) {
    const json = groups.map((g) => ({
      exact: g.exact,
      min_similarity: g.minSimilarity,
      patterns: g.patternIds.flatMap((id) => (patterns.has(id) ? [toPatternJson(patterns.get(id)!)] : [])),
    }));
    out(io, JSON.stringify(json, null, 2));
    return EXIT.ok;
  }
  if (groups.length === 0) {
    out(io, `No clone groups (similarity ≥ ${minSimilarity}, ≥ ${minStatements} statements).`);
    return EXIT.ok;
  }
  for (const [i, g] of groups.entries()) {
    out(
      io,
      `Group ${i + 1}: ${g.patternIds.length} patterns, ${g.exact ? 'exact or renamed copies' : `similarity ≥ ${g.minSimilarity.toFixed(2)}`}`,
    );
    for (const id of g.patternIds) {
      const p = patterns.get(id);
      if (p) out(io, `  ${p.qualifiedName}  ${p.filePath}:${p.lineRange[0]}`);
    }
  }
  return EXIT.ok;
}
