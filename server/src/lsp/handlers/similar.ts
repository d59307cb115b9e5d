/** `motif/similar`: patterns similar to one, from the similarity service when this build has it. */
import type { PatternRef, SimilarResult } from '../../../../shared/protocol';
import { toSummary } from '../convert';
import { ensureSimilarity } from '../file-analysis';
import type { Session } from '../session';
import { resolvePattern } from './pattern';

/** Similar patterns, best first; `available: false` without a similarity service. */
export async function similar(
  session: Session,
  params: PatternRef & { limit?: number },
): Promise<SimilarResult> {
  await ensureSimilarity(session);
  if (!session.similarity) return { available: false, patterns: [] };
  const pattern = await resolvePattern(session, params);
  if (!pattern) return { available: true, patterns: [] };
  const hits = (await session.similarity.similar(pattern.id, params.limit ?? 10).catch(() => null)) ?? [];
  return {
    available: true,
    patterns: hits.map((h) => ({ ...toSummary(h.pattern, session.root), similarity: h.similarity })),
  };
}
