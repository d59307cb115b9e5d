/**
 * Similar patterns of one pattern for the detail panel: the stored SIMILAR_TO edges when the store has
 * any, otherwise (a store indexed before the similarity pass) the source's similarity lookup (the
 * vector index). Its own request, so the rest of
 * the panel never waits for an index to load.
 */
import type { SimilarList } from '../../../shared/dashboard';
import { detectCapabilities } from './capabilities';
import { edgesAround } from './graph';
import { ROW_COLUMNS, type RowRecord, toRow } from './row-sql';
import type { DashboardSource } from './source';

const ROWS_BY_ID = `
SELECT ${ROW_COLUMNS}
FROM patterns p
WHERE p.id = ANY($1::text[])
`;

/** Up to `k` patterns similar to `id`, best first. */
export async function similarTo(source: DashboardSource, id: string, k: number): Promise<SimilarList> {
  const { sql } = source;
  const capabilities = await detectCapabilities(sql);
  let hits: { id: string; similarity: number }[] | null = null;
  if (capabilities.graph === 'relationships' && capabilities.similarEdges) {
    // The stored edges are the answer (none: nothing above the threshold, or too small a body).
    const edges = await edgesAround(sql, capabilities, [id], ['SIMILAR_TO']);
    hits = edges.map((e) => ({ id: e.source === id ? e.target : e.source, similarity: e.confidence ?? 0 }));
  }
  if (!hits && source.similar) hits = await source.similar(id, k);
  if (!hits) return { available: capabilities.similarity, patterns: [] };
  const rows = new Map(
    (await sql.query<RowRecord>(ROWS_BY_ID, [hits.map((h) => h.id)])).map((r) => [r.id, toRow(r)]),
  );
  const patterns = hits
    .flatMap((h) => {
      const pattern = rows.get(h.id);
      return pattern ? [{ similarity: h.similarity, pattern }] : [];
    })
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, k);
  return { available: true, patterns };
}
