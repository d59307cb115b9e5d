/**
 * Whether a repository's graph is current: a fingerprint of its file rows (path and write time of
 * each), compared with the one stored when the graph pass last finished; and the trends-only refresh
 * a skipped pass still owes (trends look back over runs, so they move even when the files do not).
 */
import type { SqlClient } from './sql-client';
import { USAGE_SUMMARY } from './usage-history-sql';
import { withoutNestedLoops } from './whole-repository';

/**
 * Bumped when the pass computes something different from the same files (a new resolver rule), so
 * a store built by an older version is rebuilt once.
 */
export const GRAPH_PASS_VERSION = 1;

const FINGERPRINT = `
SELECT count(*)::int AS n,
       md5(coalesce(string_agg(path || chr(1) || extract(epoch FROM indexed_at)::text, chr(2) ORDER BY path), '')) AS h,
       (SELECT fingerprint FROM graph_state WHERE repository = $1) AS built
FROM files
WHERE repository = $1
`;

/** The fingerprint of `repository`'s files now, and the one its graph was last built from (or null). */
export async function graphFingerprint(
  sql: SqlClient,
  repository: string,
): Promise<{ current: string; built: string | null }> {
  const [row] = await sql.query<{ n: number; h: string; built: string | null }>(FINGERPRINT, [repository]);
  return { current: `v${GRAPH_PASS_VERSION}:${row?.n ?? 0}:${row?.h ?? ''}`, built: row?.built ?? null };
}

const MARK_BUILT = `
INSERT INTO graph_state (repository, fingerprint, run_id, built_at, trends_settled) VALUES ($1, $2, $3, now(), false)
ON CONFLICT (repository) DO UPDATE SET
  fingerprint = EXCLUDED.fingerprint, run_id = EXCLUDED.run_id, built_at = EXCLUDED.built_at,
  trends_settled = false
`;

/** Record that the graph of `repository` was built from files with `fingerprint`, in run `runId`. */
export async function markGraphBuilt(
  sql: SqlClient,
  repository: string,
  fingerprint: string,
  runId: number,
): Promise<void> {
  await sql.query(MARK_BUILT, [repository, fingerprint, runId]);
}

/**
 * Forget that the graph and the SIMILAR_TO edges are current (patterns were removed without a file
 * write), so the next run rebuilds both.
 */
export async function forgetGraphBuilt(sql: SqlClient, repository: string): Promise<void> {
  await sql.query('DELETE FROM graph_state WHERE repository = $1', [repository]);
  await sql.query('DELETE FROM similar_state WHERE repository = $1', [repository]);
}

/** The fingerprint the SIMILAR_TO pass of `repository` last finished on, or null. */
export async function similarBuilt(sql: SqlClient, repository: string): Promise<string | null> {
  const [row] = await sql.query<{ fingerprint: string }>(
    'SELECT fingerprint FROM similar_state WHERE repository = $1',
    [repository],
  );
  return row?.fingerprint ?? null;
}

const MARK_SIMILAR_BUILT = `
INSERT INTO similar_state (repository, fingerprint, run_id, built_at) VALUES ($1, $2, $3, now())
ON CONFLICT (repository) DO UPDATE SET
  fingerprint = EXCLUDED.fingerprint, run_id = EXCLUDED.run_id, built_at = EXCLUDED.built_at
`;

/** Record that the SIMILAR_TO pass finished on `fingerprint`, in run `runId` (after its last write). */
export async function markSimilarBuilt(
  sql: SqlClient,
  repository: string,
  fingerprint: string,
  runId: number,
): Promise<void> {
  await sql.query(MARK_SIMILAR_BUILT, [repository, fingerprint, runId]);
}

// The trend computation of the pass (core/graph/usage-trend.ts) in SQL, from each pattern's latest
// history point and its baseline (usage-history-sql.ts); $3 is the run the trends are as of.
export const REFRESH_TRENDS = `
WITH summary AS (${USAGE_SUMMARY}
), trends AS (
  SELECT pattern_id AS id,
         CASE WHEN base_run_id >= $3 THEN NULL
              WHEN usage_count > base_count THEN 'increasing'
              WHEN usage_count < base_count THEN 'decreasing'
              ELSE 'flat' END AS trend
  FROM summary
), cleared AS (
  DELETE FROM pattern_trends AS s USING trends AS t WHERE s.pattern_id = t.id AND t.trend IS NULL
)
INSERT INTO pattern_trends (pattern_id, usage_trend)
SELECT id, trend FROM trends WHERE trend IS NOT NULL
ON CONFLICT (pattern_id) DO UPDATE SET usage_trend = EXCLUDED.usage_trend
WHERE pattern_trends.usage_trend IS DISTINCT FROM EXCLUDED.usage_trend
`;

// Settled when no history point is newer than the window's start: every trend is then `flat` and
// stays so while the files do not change (the window only moves forward).
const SETTLE_TRENDS = `
WITH window_start AS (
  SELECT coalesce(min(id), 0) AS id
  FROM (SELECT id FROM index_runs WHERE repository = $1 ORDER BY id DESC LIMIT $2) AS recent
)
UPDATE graph_state SET trends_settled = NOT EXISTS (
  SELECT 1 FROM pattern_usage_history AS h JOIN patterns AS p ON p.id = h.pattern_id, window_start AS w
  WHERE p.repository = $1 AND h.run_id > w.id
)
WHERE repository = $1
`;

/**
 * Recompute the usage trends of `repository` as of run `runId` from stored history alone, unless they
 * are settled (see `SETTLE_TRENDS`).
 */
export async function refreshTrends(
  sql: SqlClient,
  repository: string,
  window: number,
  runId: number,
): Promise<void> {
  const [state] = await sql.query<{ trends_settled: boolean }>(
    'SELECT trends_settled FROM graph_state WHERE repository = $1',
    [repository],
  );
  if (state?.trends_settled) return;
  await withoutNestedLoops(sql, async (tx) => {
    await tx.query(REFRESH_TRENDS, [repository, window, runId]);
    await tx.query(SETTLE_TRENDS, [repository, window]);
  });
}
