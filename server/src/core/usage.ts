/**
 * The usage pass: turns every file's references into usage counts per pattern and re-weights
 * reusability. Runs after indexing over the whole repository, so a change in one file updates the
 * counts of the patterns it references in unchanged files.
 */
import { moduleResolver, type TargetResolver, targetResolver } from './graph/resolve-targets';
import type { QualityComponent, QualityWeights } from './model';
import { QUALITY_COMPONENTS } from './model';
import type { FileReference, UsageInput, UsageUpdate } from './ports';
import { combine, reusabilityPart, type UsageEvidence } from './score';

/** Resolved reference sites to one pattern and the files they are in. */
export interface Tally {
  sites: number;
  files: Set<string>;
}

/** Finds the file of a dotted module (kept here for callers of the usage pass). */
export { moduleResolver };

/** What the usage pass may add to the references: the graph's resolver and external event counts. */
export interface UsageOptions {
  /** Resolver over the repository (re-exports, inheritance); by default one over `patterns` alone. */
  resolver?: TargetResolver;
  /** External usage events per pattern id (`pattern_usage_events`), added to the static count. */
  events?: Map<string, number>;
  /** Tallies already computed with `tallyUsage` (the graph pass also records them as history). */
  tallies?: Map<string, Tally>;
}

/**
 * Resolved reference sites per pattern id. Only an exact resolution counts: `Foo.bar` arrives with
 * `Foo` too (see references.ts), and `Foo` must not be counted for it twice.
 */
export function tallyUsage(
  references: (FileReference & { fromPath: string })[],
  resolver: TargetResolver,
): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const ref of references) {
    if (!ref.targetName) continue;
    const found = resolver.resolve(ref.targetModule, ref.targetName);
    if (!found?.exact) continue;
    const tally = tallies.get(found.pattern.id) ?? { sites: 0, files: new Set<string>() };
    tally.sites += ref.sites;
    tally.files.add(ref.fromPath);
    tallies.set(found.pattern.id, tally);
  }
  return tallies;
}

/** Compute usage for every pattern and return the updates for those whose figures changed. */
export function computeUsage(
  patterns: UsageInput[],
  references: (FileReference & { fromPath: string })[],
  options: UsageOptions = {},
): UsageUpdate[] {
  const resolver = () =>
    options.resolver ??
    targetResolver(
      patterns.map((p) => ({ ...p, patternType: 'function_pattern', outgoing: [], participants: [] })),
      [],
    );
  const byKey = new Map<string, UsageInput>();
  for (const p of patterns) byKey.set(`${p.filePath}\u0000${p.qualifiedName}`, p);
  const tallies = options.tallies ?? tallyUsage(references, resolver());
  const updates: UsageUpdate[] = [];
  for (const p of patterns) {
    // A design-pattern record (`Anchor@detector`) is used as much as the definition carrying it.
    const at = p.qualifiedName.indexOf('@');
    const anchor = at > 0 ? byKey.get(`${p.filePath}\u0000${p.qualifiedName.slice(0, at)}`) : undefined;
    const evidence = evidenceFor(anchor ?? p, tallies, byKey);
    const own = tallies.get((anchor ?? p).id);
    const usageCount = (own?.sites ?? 0) + (options.events?.get(p.id) ?? 0);
    const usageFiles = own?.files.size ?? 0;
    const part = reusabilityPart(evidence);
    // Most patterns keep their usage on a re-index: their score is only recomputed when it changes.
    if (
      usageCount !== p.usageCount ||
      usageFiles !== p.usageFiles ||
      part.evidence !== p.reusabilityEvidence
    ) {
      const components = { ...p.components, reusability: part.score };
      const parts = Object.fromEntries(
        QUALITY_COMPONENTS.map((c) => [c, { score: components[c], evidence: '' }]),
      ) as Record<QualityComponent, { score: number | null; evidence: string }>;
      const total = combine(parts, p.weights as QualityWeights, '').total;
      updates.push({
        id: p.id,
        usageCount,
        usageFiles,
        reusabilityScore: part.score ?? 0,
        reusabilityEvidence: part.evidence,
        qualityScore: total,
      });
    }
  }
  return updates;
}

function evidenceOf(p: UsageInput, tally: Tally | undefined): UsageEvidence {
  if (!tally) return { otherFiles: 0, sites: 0, usedInOwnFile: false };
  const other = [...tally.files].filter((f) => f !== p.filePath).length;
  return { otherFiles: other, sites: tally.sites, usedInOwnFile: tally.files.has(p.filePath) };
}

/** A method nobody references by `Class.method` is credited with its class's usage, and says so. */
function evidenceFor(
  p: UsageInput,
  tallies: Map<string, Tally>,
  byKey: Map<string, UsageInput>,
): UsageEvidence {
  const own = evidenceOf(p, tallies.get(p.id));
  if (p.kind !== 'method' || own.otherFiles > 0) return own;
  const className = p.qualifiedName.slice(0, p.qualifiedName.lastIndexOf('.'));
  const owner = byKey.get(`${p.filePath}\u0000${className}`);
  if (!owner) return own;
  const viaClass = evidenceOf(owner, tallies.get(owner.id));
  if (viaClass.otherFiles === 0 && !viaClass.usedInOwnFile) return own;
  return { ...viaClass, usedInOwnFile: viaClass.usedInOwnFile || own.usedInOwnFile, viaClass: className };
}
