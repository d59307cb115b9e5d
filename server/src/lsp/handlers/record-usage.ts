/**
 * `motif/recordUsage`: record that a suggested pattern was used here, as a usage event in the store
 * (the graph's `pattern_usage_events`; a trigger counts it on the pattern).
 */
import type { RecordUsageParams } from '../../../../shared/protocol';
import { fsPathOf, relativePathOf } from '../convert';
import { scheduleUsagePass } from '../file-writes';
import { type Session, withStore } from '../session';

/** Record one use by the editor; says why when it cannot. */
export async function recordUsage(
  session: Session,
  params: RecordUsageParams,
): Promise<{ recorded: boolean; message: string }> {
  if (!session.store) {
    return { recorded: false, message: `the store is unreachable: ${session.storeError ?? 'not connected'}` };
  }
  const where = params.textDocument ? fsPathOf(params.textDocument.uri) : null;
  const path = where ? (relativePathOf(session.root, where) ?? where) : null;
  const context = path ? `${path}${params.position ? `:${params.position.line + 1}` : ''}` : null;
  const event = await withStore(session, null, (store) =>
    store.graph.recordUsageEvent(params.patternId, 'vscode', context),
  );
  if (!event) return { recorded: false, message: `no stored pattern with id ${params.patternId}` };
  scheduleUsagePass(session, []);
  return {
    recorded: true,
    message: `recorded a use of ${params.patternId}${context ? ` at ${context}` : ''}`,
  };
}
