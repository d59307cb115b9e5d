/**
 * Design patterns with their participants: the patterns typed `design_pattern`, best first. When the
 * store keeps the detector's record (`design_detail`: detector, confidence, participants by qualified
 * name and role) the participants are those, resolved to patterns of the same repository (same file
 * first); otherwise they are the pattern's members (COMPOSED_OF edges).
 */
import type { Capabilities, DesignPatternDto, PatternRow } from '../../../shared/dashboard';
import type { SqlClient } from '../storage/sql-client';
import { edgesAround } from './graph';
import { ROW_COLUMNS, type RowRecord, toRow } from './row-sql';

const DESIGN_PATTERNS = `
SELECT ${ROW_COLUMNS}
FROM patterns p
WHERE p.pattern_type = 'design_pattern'
ORDER BY p.quality_score DESC, p.id
LIMIT $1
`;

const DETAILS = `
SELECT id, design_detail::text AS detail
FROM patterns
WHERE id = ANY($1::text[])
`;

const BY_NAME = `
SELECT ${ROW_COLUMNS}
FROM patterns p
WHERE p.repository = $1 AND p.qualified_name = ANY($2::text[])
ORDER BY (p.file_path = $3) DESC, p.file_path, p.id
`;

const ROWS_BY_ID = `
SELECT ${ROW_COLUMNS}
FROM patterns p
WHERE p.id = ANY($1::text[])
`;

interface Detail {
  detector?: string;
  confidence?: number;
  participants?: { qualified_name?: string; role?: string }[];
}

function parseDetail(text: string | null): Detail | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Detail) : null;
  } catch {
    return null;
  }
}

async function fromDetails(sql: SqlClient, heads: PatternRow[]): Promise<DesignPatternDto[]> {
  const details = new Map(
    (await sql.query<{ id: string; detail: string | null }>(DETAILS, [heads.map((h) => h.id)])).map((r) => [
      r.id,
      parseDetail(r.detail),
    ]),
  );
  const out: DesignPatternDto[] = [];
  for (const pattern of heads) {
    const detail = details.get(pattern.id);
    const wanted = (detail?.participants ?? []).filter((p) => typeof p.qualified_name === 'string');
    const found = new Map<string, PatternRow>();
    if (wanted.length > 0) {
      for (const r of await sql.query<RowRecord>(BY_NAME, [
        pattern.repository,
        wanted.map((w) => w.qualified_name),
        pattern.filePath,
      ])) {
        if (!found.has(r.qualified_name)) found.set(r.qualified_name, toRow(r));
      }
    }
    out.push({
      pattern,
      confidence: typeof detail?.confidence === 'number' ? detail.confidence : null,
      participants: wanted.flatMap((w) => {
        const row = found.get(w.qualified_name!);
        return row ? [{ role: w.role ?? row.kind, pattern: row }] : [];
      }),
    });
  }
  return out;
}

/** Up to `limit` design patterns with their participants. */
export async function designPatterns(
  sql: SqlClient,
  capabilities: Capabilities,
  limit: number,
): Promise<DesignPatternDto[]> {
  const heads = (await sql.query<RowRecord>(DESIGN_PATTERNS, [limit])).map(toRow);
  if (heads.length === 0) return [];
  if (capabilities.designPatterns) return fromDetails(sql, heads);
  const edges = (
    await edgesAround(
      sql,
      capabilities,
      heads.map((h) => h.id),
      ['COMPOSED_OF'],
    )
  ).filter((e) => heads.some((h) => h.id === e.source));
  const rows = new Map(
    (await sql.query<RowRecord>(ROWS_BY_ID, [[...new Set(edges.map((e) => e.target))]])).map((r) => [
      r.id,
      toRow(r),
    ]),
  );
  return heads.map((pattern) => ({
    pattern,
    confidence: null,
    participants: edges
      .filter((e) => e.source === pattern.id && rows.has(e.target))
      .map((e) => ({ role: rows.get(e.target)!.kind, pattern: rows.get(e.target)! })),
  }));
}
