/**
 * The `GraphStore` port over a `SqlClient` (same database as the pattern store): each method is one
 * function in graph-reads, graph-writes, graph-current,
 * profile-scores or usage-events.
 */
import type { GraphStore } from '../core/ports';
import {
  forgetGraphBuilt,
  graphFingerprint,
  markGraphBuilt,
  markSimilarBuilt,
  refreshTrends,
  similarBuilt,
} from './graph-current';
import { edgeCounts, eventCounts, graphInputs, relationshipsOf, usageHistory } from './graph-reads';
import {
  appendUsageHistory,
  applyTrends,
  refreshUsageFacts,
  replaceEdges,
  usageBaselines,
} from './graph-writes';
import { applyProfileScores, profileInputs } from './profile-scores';
import type { SqlClient } from './sql-client';
import { recordUsageEvent, usageEvents } from './usage-events';

/** The graph store over an open, migrated client (closed by the pattern store that owns it). */
export function createGraphStore(sql: SqlClient): GraphStore {
  return {
    graphInputs: (repository) => graphInputs(sql, repository),
    eventCounts: (repository) => eventCounts(sql, repository),
    replaceEdges: (repository, types, edges) => replaceEdges(sql, repository, types, edges),
    usageBaselines: (repository, window) => usageBaselines(sql, repository, window),
    appendUsageHistory: (points) => appendUsageHistory(sql, points),
    applyTrends: (trends) => applyTrends(sql, trends),
    refreshUsageFacts: (repository) => refreshUsageFacts(sql, repository),
    graphFingerprint: (repository) => graphFingerprint(sql, repository),
    markGraphBuilt: (repository, fingerprint, runId) => markGraphBuilt(sql, repository, fingerprint, runId),
    forgetGraphBuilt: (repository) => forgetGraphBuilt(sql, repository),
    similarBuilt: (repository) => similarBuilt(sql, repository),
    markSimilarBuilt: (repository, fingerprint, runId) =>
      markSimilarBuilt(sql, repository, fingerprint, runId),
    refreshTrends: (repository, window, runId) => refreshTrends(sql, repository, window, runId),
    profileInputs: (repository, all) => profileInputs(sql, repository, all),
    applyProfileScores: (updates) => applyProfileScores(sql, updates),
    relationshipsOf: (patternId, options) => relationshipsOf(sql, patternId, options),
    edgeCounts: () => edgeCounts(sql),
    usageHistory: (patternId) => usageHistory(sql, patternId),
    recordUsageEvent: (patternId, agent, context) => recordUsageEvent(sql, patternId, agent, context),
    usageEvents: (patternId, limit) => usageEvents(sql, patternId, limit),
  };
}
