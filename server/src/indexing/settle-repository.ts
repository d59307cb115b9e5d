/**
 * After queued changes arrive on the server (outbox sync), settle their repository there: the graph pass
 * (usage, edges, history) over what the server now holds, recorded as a run of its own so usage history
 * has a run to belong to.
 */
import type { PatternStore } from '../core/ports';
import { type GraphPassSummary, runGraphPass } from './graph-pass';

/** The root recorded for a settling run. */
export const SYNC_RUN_ROOT = '(motif db sync)';

/** Run the graph pass for `repository` on `store` as a run of its own, recorded with `root` and `status`. */
export async function graphPassAsRun(
  store: PatternStore,
  repository: string,
  root: string,
  status: 'completed' | 'interrupted',
): Promise<GraphPassSummary> {
  const started = performance.now();
  const id = await store.beginRun(repository, root);
  const summary = await runGraphPass(store, repository, id);
  await store.finishRun({
    id,
    status,
    finishedAt: new Date().toISOString(),
    filesSeen: 0,
    filesIndexed: 0,
    filesUnchanged: 0,
    filesSkipped: 0,
    filesRemoved: 0,
    patterns: 0,
    durationMs: Math.round(performance.now() - started),
  });
  return summary;
}

/** Settle `repository` on the server after an outbox sync: the graph pass as a completed run. */
export async function settleRepository(store: PatternStore, repository: string): Promise<void> {
  await graphPassAsRun(store, repository, SYNC_RUN_ROOT, 'completed');
}
