/**
 * The indexer's post-pass over the whole repository, after every changed file is written: resolve
 * references across files (re-exports, inheritance), settle usage counts and reusability, rebuild the
 * USES / EXTENDS / COMPOSED_OF edges (writing only the difference), record usage history and trends,
 * and re-derive the facts of external usage events. Reads stored data only: nothing is re-parsed, so
 * re-indexing one file updates the edges and usage of everything it references or stops referencing.
 */
import { buildEdges } from '../core/graph/build-edges';
import { targetResolver } from '../core/graph/resolve-targets';
import { TREND_WINDOW, usageTrend } from '../core/graph/usage-trend';
import type { PatternStore, UsageHistoryPoint } from '../core/ports';
import { computeUsage, tallyUsage } from '../core/usage';

/** What the pass did, and how long it took. */
export interface GraphPassSummary {
  usageUpdates: number;
  edges: { total: number; added: number; removed: number; changed: number };
  durationMs: number;
}

/** Run the usage and relationship pass for `repository` as part of index run `runId`. */
export async function runGraphPass(
  store: PatternStore,
  repository: string,
  runId: number,
): Promise<GraphPassSummary> {
  const started = performance.now();
  const graph = store.graph;
  const inputs = await graph.graphInputs(repository);
  if (inputs.patterns.length === 0) {
    // Nothing to resolve (an empty or all-skipped tree): only drop edges left by removed files.
    const written = await graph.replaceEdges(repository, ['USES', 'EXTENDS', 'COMPOSED_OF'], []);
    const durationMs = Math.round(performance.now() - started);
    return { usageUpdates: 0, edges: { total: 0, ...written }, durationMs };
  }
  const resolver = targetResolver(inputs.patterns, inputs.files);
  const references = await store.references(repository);
  const tallies = tallyUsage(references, resolver);
  const updates = computeUsage(await store.usageInputs(repository), references, {
    resolver,
    tallies,
    events: await graph.eventCounts(repository),
  });
  await store.applyUsage(updates);

  const edges = buildEdges(inputs.patterns, resolver);
  const written = await graph.replaceEdges(repository, ['USES', 'EXTENDS', 'COMPOSED_OF'], edges);

  const { latest, baseline } = await graph.usageBaselines(repository, TREND_WINDOW);
  const points: UsageHistoryPoint[] = [];
  const trends: { id: string; trend: ReturnType<typeof usageTrend> }[] = [];
  for (const p of inputs.patterns) {
    if (p.patternType === 'design_pattern') continue;
    const tally = tallies.get(p.id);
    const usageCount = tally?.sites ?? 0;
    const usageFiles = tally?.files.size ?? 0;
    const last = latest.get(p.id);
    if (!last || last.usageCount !== usageCount || last.usageFiles !== usageFiles) {
      points.push({ patternId: p.id, runId, usageCount, usageFiles });
    }
    // A pattern without history gets its first point now: no trend until a later run.
    const trend = usageTrend(usageCount, baseline.get(p.id), runId);
    if (trend !== (inputs.trends.get(p.id) ?? null)) trends.push({ id: p.id, trend });
  }
  await graph.appendUsageHistory(points);
  await graph.applyTrends(trends);
  await graph.refreshUsageFacts(repository);
  return {
    usageUpdates: updates.length,
    edges: { total: edges.length, ...written },
    durationMs: Math.round(performance.now() - started),
  };
}
