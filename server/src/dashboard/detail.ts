/**
 * The detail panel of one pattern: its code, the quality breakdown with each component's evidence, its
 * metrics and its graph neighbours; similar patterns are a request of their own (similar.ts).
 */
import type { Neighbour, PatternDetail, PatternRow } from '../../../shared/dashboard';
import { EDGE_TYPES } from '../../../shared/dashboard';
import { QUALITY_COMPONENTS } from '../core/model';
import { PATTERN_SELECT, rowToRecord, type PatternRow as StoredRow } from '../storage/pattern-rows';
import { detectCapabilities } from './capabilities';
import { edgesAround } from './graph';
import { ROW_COLUMNS, type RowRecord, toRow } from './row-sql';
import type { DashboardSource } from './source';

const GET = `
SELECT ${PATTERN_SELECT}
FROM patterns
WHERE id = $1
`;

const ROWS_BY_ID = `
SELECT ${ROW_COLUMNS}
FROM patterns p
WHERE p.id = ANY($1::text[])
`;

/** How many neighbours the panel lists at most. */
const MAX_NEIGHBOURS = 200;

/** The panel's data for `id`, or null when no such pattern exists. */
export async function patternDetail(source: DashboardSource, id: string): Promise<PatternDetail | null> {
  const { sql } = source;
  const [stored] = await sql.query<StoredRow>(GET, [id]);
  if (!stored) return null;
  const p = rowToRecord(stored);
  const capabilities = await detectCapabilities(sql);
  const edges = (
    await edgesAround(
      sql,
      capabilities,
      [id],
      EDGE_TYPES.filter((t) => t !== 'SIMILAR_TO'),
    )
  ).slice(0, MAX_NEIGHBOURS);
  const otherIds = [...new Set(edges.map((e) => (e.source === id ? e.target : e.source)))];
  const rows = new Map<string, PatternRow>(
    (await sql.query<RowRecord>(ROWS_BY_ID, [otherIds])).map((r) => [r.id, toRow(r)]),
  );
  const neighbours: Neighbour[] = [];
  for (const e of edges) {
    const other = rows.get(e.source === id ? e.target : e.source);
    if (!other) continue;
    neighbours.push({
      type: e.type,
      direction: e.source === id ? 'out' : 'in',
      confidence: e.confidence,
      pattern: other,
    });
  }
  const m = p.metrics;
  return {
    row: toRow(stored),
    signature: p.signature,
    docstring: p.docstring,
    implementation: p.implementation,
    lineEnd: p.lineRange[1],
    qualityProfile: p.quality.profile,
    quality: QUALITY_COMPONENTS.map((c) => ({ component: c, ...p.quality.components[c] })),
    metrics: {
      cyclomatic: m.cyclomatic,
      'cyclomatic rank': m.cyclomaticRank,
      cognitive: m.cognitive,
      'max nesting': m.maxNesting,
      parameters: m.parameters,
      sloc: m.sloc,
      lloc: m.lloc,
      'halstead volume': Math.round(m.halsteadVolume * 10) / 10,
      'maintainability index': Math.round(m.maintainabilityIndex * 10) / 10,
      'fully typed': m.fullyTyped,
      coverage: m.coverage,
      'fan-out': m.fanOut,
      lcom4: m.lcom4,
      'usage files': p.usageFiles,
    },
    neighbours,
    capabilities,
  };
}
