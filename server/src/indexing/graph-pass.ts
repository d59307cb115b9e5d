/**
 * The indexer's post-pass over the whole repository, after every changed file is written: resolve
 * references across files (re-exports, inheritance), settle usage counts and reusability, record usage
 * history and trends, rebuild the USES / EXTENDS / COMPOSED_OF edges (writing only the difference),
 * and re-derive the facts of external usage events. Reads stored data only: nothing is re-parsed, so
 * re-indexing one file updates the edges and usage of everything it references or stops referencing.
 * When the files are exactly those the last finished pass read (a stored fingerprint), only the trends
 * are refreshed: the rest would come out the same.
 */
import { buildEdges } from '../core/graph/build-edges';
import { type TargetResolver, targetResolver } from '../core/graph/resolve-targets';
import { TREND_WINDOW, usageTrend } from '../core/graph/usage-trend';
import type { GraphInputs, PatternStore, UsageHistoryPoint } from '../core/ports';
import { computeUsage, tallyUsage } from '../core/usage';

/** What the pass did, and how long it took. */
export interface GraphPassSummary {
  usageUpdates: number;
  edges: { total: number; added: number; removed: number; changed: number };
  durationMs: number;
  /** True when the graph was current (no file written or removed since the last finished pass). */
  skipped: boolean;
  /** Milliseconds per step (inputs, resolve, usage, edges, history, facts). */
  steps: Record<string, number>;
}

/** Run the usage and relationship pass for `repository` as part of index run `runId`. */
export async function runGraphPass(
  store: PatternStore,
  repository: string,
  runId: number,
  options: {
    force?: boolean;
    /** `graph.graphFingerprint(repository)`, when the caller read it already (before any pass's inputs). */
    fingerprint?: { current: string; built: string | null };
  } = {},
): Promise<GraphPassSummary> {
  const started = performance.now();
  const steps: Record<string, number> = {};
  let mark = started;
  const step = (name: string) => {
    const now = performance.now();
    steps[name] = Math.round(now - mark);
    mark = now;
  };
  const graph = store.graph;
  // Read before the inputs: a file written while the pass runs makes the next run build again.
  const fingerprint = options.fingerprint ?? (await graph.graphFingerprint(repository));
  if (!options.force && fingerprint.built === fingerprint.current) {
    await graph.refreshTrends(repository, TREND_WINDOW, runId);
    step('trends');
    const durationMs = Math.round(performance.now() - started);
    const edges = { total: 0, added: 0, removed: 0, changed: 0 };
    return { usageUpdates: 0, edges, durationMs, skipped: true, steps };
  }
  const inputs = await graph.graphInputs(repository);
  step('inputs');
  if (inputs.patterns.length === 0) {
    // Nothing to resolve (an empty or all-skipped tree): only drop edges left by removed files.
    const written = await graph.replaceEdges(repository, ['USES', 'EXTENDS', 'COMPOSED_OF'], []);
    await graph.markGraphBuilt(repository, fingerprint.current, runId);
    const durationMs = Math.round(performance.now() - started);
    return { usageUpdates: 0, edges: { total: 0, ...written }, durationMs, skipped: false, steps };
  }
  const resolver = targetResolver(inputs.patterns, inputs.files);
  step('resolver');
  // In two helpers so that each one's data (usage inputs and tallies: about 80 MB on the stdlib, the
  // edges about 50 MB) is garbage before the next starts: the live heap peaks at 151 MB, not 202 MB.
  const usage = await settleUsage(store, repository, runId, inputs, resolver, step);
  const edges = await rebuildEdges(store, repository, inputs, resolver, step);
  // Facts come from events and from history before this run. With neither, this run's history is the
  // only source, and the usage write already set what it gives (last use = this run where usage grew):
  // a first build skips re-reading every pattern and the whole history (0.6 s on the stdlib).
  if (usage.factsFromElsewhere) await graph.refreshUsageFacts(repository);
  step('facts');
  // Last: only a pass that wrote everything may say the graph is current.
  await graph.markGraphBuilt(repository, fingerprint.current, runId);
  return {
    usageUpdates: usage.updates,
    edges,
    durationMs: Math.round(performance.now() - started),
    skipped: false,
    steps,
  };
}

type Step = (name: string) => void;

/**
 * Settle usage counts, reusability and scores, and record this run's usage history and trends.
 * Returns how many patterns changed, and whether the usage facts have a source besides this run.
 */
async function settleUsage(
  store: PatternStore,
  repository: string,
  runId: number,
  inputs: GraphInputs,
  resolver: TargetResolver,
  step: Step,
): Promise<{ updates: number; factsFromElsewhere: boolean }> {
  const graph = store.graph;
  const references = await store.references(repository);
  const usageInputs = await store.usageInputs(repository);
  const events = await graph.eventCounts(repository);
  step('usage_inputs');
  const tallies = tallyUsage(references, resolver);
  const { latest, baseline } = await graph.usageBaselines(repository, TREND_WINDOW);
  const updates = computeUsage(usageInputs, references, { resolver, tallies, events });
  // Usage that grew this run makes the run's start the last use: written with the usage, so the facts
  // refresh (which derives the same from the history point recorded below) rewrites no row for it.
  // (History counts reference sites of functions and classes only, as below.)
  const design = new Set(inputs.patterns.filter((p) => p.patternType === 'design_pattern').map((p) => p.id));
  for (const u of updates) {
    const sites = tallies.get(u.id)?.sites ?? 0;
    if (!design.has(u.id) && sites > (latest.get(u.id)?.usageCount ?? 0)) u.grewInRun = runId;
  }
  step('usage_compute');
  await store.applyUsage(updates);
  step('usage_write');

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
  step('history');
  return { updates: updates.length, factsFromElsewhere: latest.size > 0 || events.size > 0 };
}

/** Rebuild the USES / EXTENDS / COMPOSED_OF edges, writing only the difference. */
async function rebuildEdges(
  store: PatternStore,
  repository: string,
  inputs: GraphInputs,
  resolver: TargetResolver,
  step: Step,
): Promise<GraphPassSummary['edges']> {
  const edges = buildEdges(inputs.patterns, resolver);
  step('edges_build');
  const written = await store.graph.replaceEdges(repository, ['USES', 'EXTENDS', 'COMPOSED_OF'], edges);
  step('edges_write');
  return { total: edges.length, ...written };
}
