/** The graph's relationships of a pattern as hovers and details show them (strongest first). */
import type { RelationshipDetail } from '../../../shared/protocol';
import { type Session, withStore } from './session';

/** Up to `limit` relationships touching `patternId`, outgoing first; empty without a store. */
export async function relationshipsOf(
  session: Session,
  patternId: string,
  limit = 8,
): Promise<RelationshipDetail[]> {
  const views = await withStore(session, [], (store) =>
    store.graph.relationshipsOf(patternId, { direction: 'both', limit }),
  );
  return views
    .map((r) =>
      r.sourceId === patternId
        ? { kind: r.type, targetId: r.targetId, targetName: r.targetName, weight: r.confidence }
        : { kind: `${r.type} (from)`, targetId: r.sourceId, targetName: r.sourceName, weight: r.confidence },
    )
    .sort(
      (a, b) => Number(b.kind.endsWith('(from)') === false) - Number(a.kind.endsWith('(from)') === false),
    );
}
