/**
 * The graph's writes: a repository's edges of some types replaced by difference (only added, changed
 * and removed edges are written, so a re-run after one changed file writes little), usage history
 * points, trends, and the usage facts derived from events and history.
 */
import type { UsageTrend } from '../core/pattern';
import type { Relationship, RelationshipType, UsageHistoryPoint } from '../core/ports';
import { BinaryCopy, COPY_BINARY, COPY_FRAME_BYTES, copyOutWith } from './copy-binary';
import { loadWithIndexesRebuilt } from './index-rebuild';
import type { SqlClient } from './sql-client';
import { USAGE_SUMMARY } from './usage-history-sql';
import { withoutNestedLoops } from './whole-repository';

const BATCH = 20_000;

const EXISTING_EDGES = `
SELECT coalesce(json_agg(json_build_array(source_id, type, target_key, confidence, evidence, is_guess,
  sites, target_name))::text, '[]') AS rows
FROM relationships
WHERE repository = $1 AND type = ANY ($2::text[])
`;

// COPY takes no parameters: repository and types come from settings local to the transaction.
const SET_SCOPE = `SELECT set_config('motif.repository', $1, true), set_config('motif.edge_types', $2, true)`;

const COPY_EXISTING_EDGES = `
COPY (
  SELECT source_id, type, target_key, confidence, evidence, is_guess, sites, target_name
  FROM relationships
  WHERE repository = current_setting('motif.repository')
    AND type = ANY (string_to_array(current_setting('motif.edge_types'), ','))
) TO '/dev/blob' WITH ${COPY_BINARY}
`;

const COPY_EDGES = `
COPY relationships (repository, source_id, target_id, target_name, type, confidence, evidence, is_guess, sites)
FROM '/dev/blob' WITH ${COPY_BINARY}
`;

const DELETE_EDGES = `
DELETE FROM relationships AS r
USING unnest($1::text[], $2::text[], $3::text[]) AS d(source_id, type, target_key)
WHERE r.source_id = d.source_id AND r.type = d.type AND r.target_key = d.target_key
`;

const UPSERT_EDGES = `
INSERT INTO relationships (repository, source_id, target_id, target_name, type, confidence, evidence,
                           is_guess, sites)
SELECT $1, u.source_id, u.target_id, u.target_name, u.type, u.confidence, u.evidence, u.is_guess, u.sites
FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::bool[], $9::int[])
  AS u(source_id, target_id, target_name, type, confidence, evidence, is_guess, sites)
ON CONFLICT (source_id, type, target_key) DO UPDATE SET
  target_name = EXCLUDED.target_name,
  confidence = EXCLUDED.confidence,
  evidence = EXCLUDED.evidence,
  is_guess = EXCLUDED.is_guess,
  sites = EXCLUDED.sites
`;

/** Key space of the per-repository lock that serialises edge replacement (two-key advisory lock form). */
const GRAPH_LOCK_SPACE = 0x6d677270;

type StoredEdge = [string, string, string, number, string, boolean, number, string];

const keyOf = (e: Relationship) => `${e.sourceId}\u0000${e.type}\u0000${e.targetId ?? `=${e.targetName}`}`;

/**
 * Make the repository's edges of `types` exactly `edges`, writing only the difference, in one
 * transaction. New edges go in by binary COPY where the client has it (no text arrays to parse);
 * passes over one repository are serialised by an advisory lock, so no other writer adds the same
 * edge between the read and the COPY.
 */
export async function replaceEdges(
  sql: SqlClient,
  repository: string,
  types: RelationshipType[],
  edges: Relationship[],
): Promise<{ added: number; removed: number; changed: number }> {
  return sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [GRAPH_LOCK_SPACE, repository]);
    // The stored edges stream past the new ones, by key: none of them is kept but the keys of those to
    // delete (on a one-file re-index of the stdlib, 175,000 stored edges, all unchanged). The new ones
    // are indexed by key at the first stored edge: a first build has none, and adds them all as given.
    let wanted: Map<string, Relationship> | null = null;
    const twice: Relationship[] = [];
    const index = () => {
      const byKey = new Map<string, Relationship>();
      for (const edge of edges) {
        const key = keyOf(edge);
        // A key given twice is added twice, and the store refuses the second.
        if (byKey.has(key)) twice.push(edge);
        else byKey.set(key, edge);
      }
      return byKey;
    };
    const changed: Relationship[] = [];
    const gone: GoneEdge[] = [];
    await eachStoredEdge(tx, repository, types, (sourceId, type, targetKey, same) => {
      wanted ??= index();
      const key = `${sourceId}\u0000${type}\u0000${targetKey}`;
      const edge = wanted.get(key);
      if (!edge) {
        same(null);
        gone.push([sourceId, type, targetKey]);
        return;
      }
      wanted.delete(key);
      if (!same(edge)) changed.push(edge);
    });
    const added: Relationship[] =
      wanted === null ? edges : [...(wanted as Map<string, Relationship>).values(), ...twice];
    for (let at = 0; at < gone.length; at += BATCH) {
      const batch = gone.slice(at, at + BATCH);
      await tx.query(DELETE_EDGES, [batch.map((e) => e[0]), batch.map((e) => e[1]), batch.map((e) => e[2])]);
    }
    if (tx.copyFrom && added.length > 0) {
      const copyFrom = tx.copyFrom;
      // In COPYs of BATCH rows: one input for the stdlib's 175,000 edges would be a 40 MB buffer.
      const load = async () => {
        for (let at = 0; at < added.length; at += BATCH)
          await copyFrom(COPY_EDGES, edgeCopy(repository, added.slice(at, at + BATCH)));
      };
      // A first build on the embedded store (one writer) loads into a table without indexes.
      if (tx.kind === 'pglite') await loadWithIndexesRebuilt(tx, 'relationships', added.length, load);
      else await load();
    }
    const writes = tx.copyFrom ? changed : [...added, ...changed];
    for (let at = 0; at < writes.length; at += BATCH) {
      const b = writes.slice(at, at + BATCH);
      await tx.query(UPSERT_EDGES, [
        repository,
        b.map((e) => e.sourceId),
        b.map((e) => e.targetId),
        b.map((e) => e.targetName),
        b.map((e) => e.type),
        b.map((e) => e.confidence),
        b.map((e) => e.evidence),
        b.map((e) => e.isGuess),
        b.map((e) => e.sites),
      ]);
    }
    return { added: added.length, removed: gone.length, changed: changed.length };
  });
}

/**
 * `edges` as `COPY_EDGES` input. The buffer is sized from the strings it will hold: exactly, when they
 * are ASCII (UTF-16 length = UTF-8 length), so the input fills its buffer and goes to the store
 * without a copy; names beyond ASCII make it grow.
 */
function edgeCopy(repository: string, edges: readonly Relationship[]): Uint8Array {
  // Per row: field count, nine lengths, float8, bool and int4, then the strings.
  let capacity = COPY_FRAME_BYTES;
  for (const e of edges) {
    const strings = e.sourceId.length + (e.targetId?.length ?? 0) + e.targetName.length + e.type.length;
    capacity += 2 + 36 + 13 + repository.length + strings + e.evidence.length;
  }
  const copy = new BinaryCopy(capacity);
  for (const e of edges) {
    copy.row(9);
    copy.text(repository);
    copy.text(e.sourceId);
    copy.text(e.targetId);
    copy.text(e.targetName);
    copy.text(e.type);
    copy.float8(e.confidence);
    copy.text(e.evidence);
    copy.bool(e.isGuess);
    copy.int4(e.sites);
  }
  return copy.finish();
}

/** A stored edge to delete: its key columns. */
type GoneEdge = [sourceId: string, type: string, targetKey: string];

/**
 * Compares the rest of a stored edge's row with `edge` (true when equal), or with null skips it: call it
 * once per row, before the next.
 */
type SameAs = (edge: Relationship | null) => boolean;

/**
 * Visit the stored edges of `types` one by one (binary COPY where the client has it, else one JSON
 * text), keeping none: `visit` gets the key columns and decides whether the rest is read.
 */
async function eachStoredEdge(
  tx: SqlClient,
  repository: string,
  types: RelationshipType[],
  visit: (sourceId: string, type: string, targetKey: string, same: SameAs) => void,
): Promise<void> {
  if (tx.copyTo) {
    const reader = await copyOutWith(tx, SET_SCOPE, [repository, types.join(',')], COPY_EXISTING_EDGES);
    const same: SameAs = (edge) => {
      if (edge === null) {
        for (let i = 0; i < 5; i++) reader.skip();
        return true;
      }
      // Every field is read, so the reader ends at the next row whatever the answer.
      const confidence = reader.float8() === edge.confidence;
      const evidence = reader.text() === edge.evidence;
      const guess = reader.bool() === edge.isGuess;
      const sites = reader.int4() === edge.sites;
      const name = reader.text() === edge.targetName;
      return confidence && evidence && guess && sites && name;
    };
    while (reader.row()) visit(reader.text()!, reader.text()!, reader.text()!, same);
    return;
  }
  const [row] = await tx.query<{ rows: string }>(EXISTING_EDGES, [repository, types]);
  for (const e of JSON.parse(row?.rows ?? '[]') as StoredEdge[]) {
    visit(e[0], e[1], e[2], (edge) =>
      edge === null
        ? true
        : e[3] === edge.confidence &&
          e[4] === edge.evidence &&
          e[5] === edge.isGuess &&
          e[6] === edge.sites &&
          e[7] === edge.targetName,
    );
  }
}

const COPY_POINTS = `COPY (${USAGE_SUMMARY.replaceAll('$1', "current_setting('motif.repository')").replace(
  '$2',
  "current_setting('motif.trend_window')::int",
)}) TO '/dev/blob' WITH ${COPY_BINARY}`;

/** The latest history point and the trend baseline of every pattern of `repository`. */
export async function usageBaselines(
  sql: SqlClient,
  repository: string,
  window: number,
): Promise<{ latest: Map<string, UsageHistoryPoint>; baseline: Map<string, UsageHistoryPoint> }> {
  const latest = new Map<string, UsageHistoryPoint>();
  const baseline = new Map<string, UsageHistoryPoint>();
  const add = (
    id: string,
    run: number,
    count: number,
    files: number,
    bRun: number,
    bCount: number,
    bFiles: number,
  ) => {
    latest.set(id, { patternId: id, runId: run, usageCount: count, usageFiles: files });
    baseline.set(id, { patternId: id, runId: bRun, usageCount: bCount, usageFiles: bFiles });
  };
  if (sql.copyTo) {
    const r = await copyOutWith(sql, SET_WINDOW, [repository, String(window)], COPY_POINTS);
    while (r.row()) add(r.text()!, r.int4()!, r.int4()!, r.int4()!, r.int4()!, r.int4()!, r.int4()!);
    return { latest, baseline };
  }
  const rows = await sql.query<{
    pattern_id: string;
    run_id: number;
    usage_count: number;
    usage_files: number;
    base_run_id: number;
    base_count: number;
    base_files: number;
  }>(USAGE_SUMMARY, [repository, window]);
  for (const x of rows)
    add(x.pattern_id, x.run_id, x.usage_count, x.usage_files, x.base_run_id, x.base_count, x.base_files);
  return { latest, baseline };
}

const SET_WINDOW = `SELECT set_config('motif.repository', $1, true), set_config('motif.trend_window', $2, true)`;

const APPEND_HISTORY = `
INSERT INTO pattern_usage_history (pattern_id, run_id, usage_count, usage_files)
SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::int[])
ON CONFLICT (pattern_id, run_id) DO UPDATE SET
  usage_count = EXCLUDED.usage_count, usage_files = EXCLUDED.usage_files
`;

/** Record history points (a second pass in the same run overwrites its own points). */
export async function appendUsageHistory(sql: SqlClient, points: UsageHistoryPoint[]): Promise<void> {
  for (let at = 0; at < points.length; at += BATCH) {
    const b = points.slice(at, at + BATCH);
    await sql.query(APPEND_HISTORY, [
      b.map((p) => p.patternId),
      b.map((p) => p.runId),
      b.map((p) => p.usageCount),
      b.map((p) => p.usageFiles),
    ]);
  }
}

// A trend of null (none yet) removes the pattern's row; the others are written where they changed.
const APPLY_TRENDS = `
WITH u AS (
  SELECT * FROM unnest($1::text[], $2::text[]) AS u(id, trend)
), cleared AS (
  DELETE FROM pattern_trends AS t USING u WHERE t.pattern_id = u.id AND u.trend IS NULL
)
INSERT INTO pattern_trends (pattern_id, usage_trend)
SELECT id, trend FROM u WHERE trend IS NOT NULL
ON CONFLICT (pattern_id) DO UPDATE SET usage_trend = EXCLUDED.usage_trend
WHERE pattern_trends.usage_trend IS DISTINCT FROM EXCLUDED.usage_trend
`;

// Trends of patterns that are gone (their files removed or rewritten without them).
const FORGET_TRENDS = `
DELETE FROM pattern_trends AS t WHERE NOT EXISTS (SELECT 1 FROM patterns AS p WHERE p.id = t.pattern_id)
`;

/** Set usage trends (null: none yet), and drop those of patterns that no longer exist. */
export async function applyTrends(
  sql: SqlClient,
  trends: { id: string; trend: UsageTrend | null }[],
): Promise<void> {
  for (let at = 0; at < trends.length; at += BATCH) {
    const b = trends.slice(at, at + BATCH);
    await sql.query(APPLY_TRENDS, [b.map((t) => t.id), b.map((t) => t.trend)]);
  }
  await sql.query(FORGET_TRENDS);
}

// Rewritten rows start with the defaults: derive the event facts again, and last use as the later of
// the last event and the start of the run in which static usage last grew. The history read is the
// repository's own (a pattern's points come from its repository's runs), not every repository's.
// Run without nested loops (whole-repository.ts).
export const REFRESH_FACTS = `
WITH per_agent AS (
  SELECT e.pattern_id, e.agent, count(*)::int AS n, min(e.occurred_at) AS first_at, max(e.occurred_at) AS last_at
  FROM pattern_usage_events AS e JOIN patterns AS p ON p.id = e.pattern_id
  WHERE p.repository = $1
  GROUP BY e.pattern_id, e.agent
), ev AS (
  SELECT pattern_id, sum(n)::int AS n, max(last_at) AS at, array_agg(agent ORDER BY first_at, agent) AS agents
  FROM per_agent GROUP BY pattern_id
), grown AS (
  SELECT h.pattern_id, max(r.started_at) AS at
  FROM (
    SELECT h.pattern_id, h.run_id, h.usage_count,
           lag(h.usage_count, 1, 0) OVER (PARTITION BY h.pattern_id ORDER BY h.run_id) AS before
    FROM pattern_usage_history AS h JOIN patterns AS p ON p.id = h.pattern_id
    WHERE p.repository = $1
  ) AS h JOIN index_runs AS r ON r.id = h.run_id
  WHERE h.usage_count > h.before
  GROUP BY h.pattern_id
), facts AS (
  SELECT q.id, coalesce(ev.n, 0) AS n, coalesce(ev.agents, '{}'::text[]) AS agents,
         greatest(ev.at, grown.at) AS at
  FROM patterns AS q LEFT JOIN ev ON ev.pattern_id = q.id LEFT JOIN grown ON grown.pattern_id = q.id
  WHERE q.repository = $1
)
UPDATE patterns AS p SET event_count = f.n, used_by_agents = f.agents, last_used_at = f.at
FROM facts AS f
WHERE p.id = f.id AND (p.event_count, p.used_by_agents, p.last_used_at) IS DISTINCT FROM (f.n, f.agents, f.at)
`;

/** Re-derive event counts, agents and last use for every pattern of `repository`. */
export async function refreshUsageFacts(sql: SqlClient, repository: string): Promise<void> {
  await withoutNestedLoops(sql, (tx) => tx.query(REFRESH_FACTS, [repository]));
}
