/**
 * Scores a repository with the chosen scoring profile after its usage is settled: `onex` computes the
 * second seed's profile for every pattern from stored facts and writes it where it changed; `default`
 * turns patterns scored by another profile back to the default formula (their default components are
 * always stored). Runs after the graph pass, also when the pass was skipped (recency moves with time).
 */
import { QUALITY_COMPONENTS, type QualityComponent, type QualityWeights } from '../core/model';
import { scoreOnex } from '../core/onex-profile';
import type { PatternStore, ProfileInput, ProfileUpdate } from '../core/ports';
import { combine } from '../core/score';

/** The scoring profiles the indexer applies (custom weights are the default formula with other weights). */
export const INDEX_PROFILES = ['default', 'onex'] as const;
/** One of `INDEX_PROFILES`. */
export type IndexProfile = (typeof INDEX_PROFILES)[number];

/** Apply `profile` to every pattern of `repository` as of `now`; returns how many rows changed. */
export async function applyProfile(
  store: PatternStore,
  repository: string,
  profile: IndexProfile,
  now: Date = new Date(),
): Promise<number> {
  const inputs = await store.graph.profileInputs(repository, profile === 'onex');
  if (inputs.length === 0) return 0;
  const updates =
    profile === 'onex' ? onexUpdates(inputs, now) : await defaultUpdates(store, repository, inputs);
  if (updates.length > 0) await store.graph.applyProfileScores(updates);
  return updates.length;
}

/** The `onex` score of every input whose stored total, profile or components differ. */
export function onexUpdates(inputs: ProfileInput[], now: Date): ProfileUpdate[] {
  // A class's methods: the same file's definitions named `Class.<name>` (one level down).
  const methods = new Map<string, { name: string; fullyTyped: boolean }[]>();
  for (const p of inputs) {
    if (p.kind !== 'method') continue;
    const at = p.qualifiedName.lastIndexOf('.');
    const key = `${p.filePath}\u0000${p.qualifiedName.slice(0, at)}`;
    const list = methods.get(key) ?? [];
    list.push({ name: p.name, fullyTyped: p.fullyTyped });
    methods.set(key, list);
  }
  const updates: ProfileUpdate[] = [];
  for (const p of inputs) {
    const own = p.kind === 'class' ? (methods.get(`${p.filePath}\u0000${p.qualifiedName}`) ?? []) : [];
    const scored = scoreOnex({ ...p, methods: own }, now);
    const components = JSON.stringify(scored.components);
    if (
      p.qualityProfile !== 'onex' ||
      p.qualityScore !== scored.total ||
      p.profileComponents !== components
    ) {
      updates.push({ id: p.id, total: scored.total, profile: 'onex', components });
    }
  }
  return updates;
}

/** Back to the default formula over each pattern's stored default components and weights. */
async function defaultUpdates(
  store: PatternStore,
  repository: string,
  inputs: ProfileInput[],
): Promise<ProfileUpdate[]> {
  const wanted = new Set(inputs.map((p) => p.id));
  const updates: ProfileUpdate[] = [];
  for (const u of await store.usageInputs(repository)) {
    if (!wanted.has(u.id)) continue;
    const parts = {} as Record<QualityComponent, { score: number | null; evidence: string }>;
    for (const c of QUALITY_COMPONENTS) parts[c] = { score: u.components[c], evidence: '' };
    const total = combine(parts, u.weights as QualityWeights, 'default').total;
    updates.push({ id: u.id, total, profile: 'default', components: null });
  }
  return updates;
}
