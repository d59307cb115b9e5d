/** `motif/pattern`: one pattern's details by id, or the definition at a position of an open file. */
import type { PatternDetail, PatternRef } from '../../../../shared/protocol';
import type { PatternRecord } from '../../core/pattern';
import { toDetail } from '../convert';
import { relationshipsOf } from '../relationships';
import { type Session, withStore } from '../session';
import { patternAt, placedPatterns } from '../view-patterns';

/** The pattern a reference designates: stored first (it carries settled usage), else an open file's. */
export async function resolvePattern(session: Session, ref: PatternRef): Promise<PatternRecord | null> {
  if ('id' in ref) {
    const stored = await withStore(session, null, (store) => store.getPattern(ref.id));
    if (stored) return stored;
    for (const view of session.views.values()) {
      const found = view.patterns.find((p) => p.id === ref.id);
      if (found) return found;
    }
    return null;
  }
  const view = session.views.get(ref.textDocument.uri);
  if (!view) return null;
  return patternAt(placedPatterns(session, view), ref.position)?.pattern ?? null;
}

/** Details of the referenced pattern, with relationships when the graph provides them. */
export async function patternDetail(session: Session, ref: PatternRef): Promise<PatternDetail | null> {
  const pattern = await resolvePattern(session, ref);
  if (!pattern) return null;
  const detail = toDetail(pattern, session.root);
  detail.relationships = await relationshipsOf(session, pattern.id);
  return detail;
}
