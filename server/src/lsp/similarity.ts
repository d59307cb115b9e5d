/**
 * Similar patterns in the editor, over the similarity issue's ports: an embedded vector index loaded
 * from the store once, kept in step with the editor's writes, and per open file the "N similar" counts
 * and the "a similar reusable pattern already exists" suggestions (computed after the lenses, so a
 * save never waits for them).
 */
import type { SimilarityStore } from '../core/ports';
import { similarPatterns } from '../core/similarity/find-similar';
import { loadMemoryIndex, type MemoryIndex } from '../storage/memory-index';
import { uriOf } from './convert';
import type { SimilarSuggestion } from './diagnostics';
import type { FileView, Session, SimilarityService } from './session';
import { placedPatterns } from './view-patterns';

// Tiny definitions (getters, one-line wrappers) look like thousands of others: neither counted nor suggested.
const MIN_STATEMENTS = 3;
const COUNT_K = 20;
const SUGGEST_CANDIDATES = 5;

/** The editor's similarity state over one store. */
export interface EditorSimilarity extends SimilarityService {
  /** Put the stored vectors of `paths` into the index (after the editor wrote them). */
  syncFiles(repository: string, paths: string[]): Promise<void>;
  /** Fill the view's similar counts and suggestions. */
  annotate(session: Session, view: FileView): Promise<void>;
}

/** Load the index from `similarity` and answer over it; the store answers the patterns. */
export async function createEditorSimilarity(
  session: Session,
  similarity: SimilarityStore,
): Promise<EditorSimilarity> {
  const index: MemoryIndex = await loadMemoryIndex(similarity);
  session.logger.info(`similarity index: ${index.size} vectors`);
  const ports = () => (session.store ? { store: session.store, similarity, index } : null);
  return {
    async similar(patternId, k) {
      const p = ports();
      return p ? similarPatterns(p, patternId, { k }) : null;
    },
    async syncFiles(repository, paths) {
      for (const path of paths) await index.deleteFile(repository, path);
      await index.upsert(await similarity.fileEntries(repository, paths));
    },
    async annotate(s, view) {
      const store = s.store;
      if (!store || view.path === null) return;
      const { thresholds } = s.settings;
      const placed = placedPatterns(s, view);
      const prints = await similarity.fingerprints(placed.map((p) => p.pattern.id));
      const suggestions = new Map<string, SimilarSuggestion>();
      for (const { pattern } of placed) {
        // Each exact search reads every vector: let requests (lenses of a save) in between.
        await new Promise((resolve) => setImmediate(resolve));
        if (s.disposed) return;
        const print = prints.get(pattern.id);
        if (!print || print.statements < MIN_STATEMENTS) {
          s.similarCounts.delete(pattern.id);
          continue;
        }
        const hits = (
          await index.search(print.vector, { k: COUNT_K, filter: { notIds: [pattern.id] } })
        ).filter((h) => h.similarity >= thresholds.similarity);
        s.similarCounts.set(pattern.id, hits.length);
        // The best similar pattern elsewhere that is good enough to reuse (and better than this one).
        for (const hit of hits.slice(0, SUGGEST_CANDIDATES)) {
          const other = await store.getPattern(hit.id);
          if (!other || other.filePath === pattern.filePath) continue;
          if (other.quality.total < thresholds.suggestQuality || other.quality.total <= pattern.quality.total)
            continue;
          suggestions.set(pattern.id, {
            pattern: other,
            similarity: hit.similarity,
            uri: uriOf(s.root, other.filePath),
            range: {
              start: { line: other.lineRange[0] - 1, character: 0 },
              end: { line: other.lineRange[1] - 1, character: 0 },
            },
          });
          break;
        }
      }
      s.suggestions.set(view.uri, suggestions);
    },
  };
}
