/** `motif/stats`: store totals for the status bar and the statistics view. */
import { ResponseError } from 'vscode-languageserver';
import type { StatsResult } from '../../../../shared/protocol';
import { type Session, withStore } from '../session';

/** The store's totals; an error when the store is unreachable. */
export async function stats(session: Session): Promise<StatsResult> {
  const s = await withStore(session, null, (store) => store.stats());
  if (!s)
    throw new ResponseError(-32803, `the store is unreachable: ${session.storeError ?? 'not connected'}`);
  return {
    patterns: s.patterns,
    files: s.files,
    byType: s.byType,
    byCategory: s.byCategory,
    tiers: s.tiers,
    averageQuality: s.averageQuality,
    withCoverage: s.withCoverage,
    lastIndexedAt: s.lastRun?.finishedAt ?? null,
  };
}
