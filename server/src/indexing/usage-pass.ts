/**
 * The post-pass the language server runs after saves and outside changes: the indexer's graph pass
 * (usage counts, reusability, relationships, usage history), attached to the latest index run.
 */
import type { PatternStore } from '../core/ports';
import { type GraphPassSummary, runGraphPass } from './graph-pass';
import { graphPassAsRun } from './settle-repository';

/** Settle usage and relationships of `repository` after files were written outside an index run. */
export async function runUsagePass(
  store: PatternStore,
  repository: string,
  root: string,
): Promise<GraphPassSummary> {
  const last = await store.lastRun();
  if (last && last.root === root) return runGraphPass(store, repository, last.id);
  // Never indexed here: record a run for the pass's history points, as interrupted (not a full index).
  return graphPassAsRun(store, repository, root, 'interrupted');
}
