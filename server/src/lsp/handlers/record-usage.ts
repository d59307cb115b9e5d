/**
 * `motif/recordUsage`: record that a suggested pattern was used here, as a usage event in the store
 * (the graph issue's usage-event table, when this build's store has it).
 */
import type { RecordUsageParams } from '../../../../shared/protocol';
import type { PatternStore } from '../../core/ports';
import { fsPathOf, relativePathOf } from '../convert';
import { type Session, withStore } from '../session';

/** A store that can record usage events. */
type EventStore = PatternStore & {
  recordUsageEvent(patternId: string, agent: string, context: string | null): Promise<unknown | null>;
};

function canRecord(store: PatternStore): store is EventStore {
  return typeof (store as Partial<EventStore>).recordUsageEvent === 'function';
}

/** Record one use; says why when it cannot. */
export async function recordUsage(
  session: Session,
  params: RecordUsageParams,
): Promise<{ recorded: boolean; message: string }> {
  const store = session.store;
  if (!store)
    return { recorded: false, message: `the store is unreachable: ${session.storeError ?? 'not connected'}` };
  if (!canRecord(store)) return { recorded: false, message: 'this store cannot record usage events yet' };
  const where = params.textDocument ? fsPathOf(params.textDocument.uri) : null;
  const path = where ? (relativePathOf(session.root, where) ?? where) : null;
  const context = path ? `${path}${params.position ? `:${params.position.line + 1}` : ''}` : null;
  const event = await withStore(session, null, (s) =>
    (s as EventStore).recordUsageEvent(params.patternId, 'vscode', context),
  );
  return event
    ? { recorded: true, message: `recorded a use of ${params.patternId}${context ? ` at ${context}` : ''}` }
    : { recorded: false, message: `no pattern with id ${params.patternId}` };
}
