/**
 * The usage pass: turns every file's references into usage counts per pattern and re-weights
 * reusability. Runs after indexing over the whole repository, so a change in one file updates the
 * counts of the patterns it references in unchanged files.
 */
import { modulePathOf } from './extract/imports';
import type { QualityComponent, QualityWeights } from './model';
import { QUALITY_COMPONENTS } from './model';
import type { FileReference, UsageInput, UsageUpdate } from './ports';
import { combine, reusabilityPart, type UsageEvidence } from './score';

interface Tally {
  sites: number;
  files: Set<string>;
}

/** Finds the file of a dotted module: exact path first, then a unique suffix (for `src/` layouts). */
export function moduleResolver(filePaths: Iterable<string>): (module: string) => string | undefined {
  const exact = new Map<string, string>();
  const suffix = new Map<string, string | null>();
  for (const path of filePaths) {
    const module = modulePathOf(path);
    exact.set(module, path);
    const parts = module.split('.');
    for (let i = 1; i < parts.length; i++) {
      const key = parts.slice(i).join('.');
      suffix.set(key, suffix.has(key) ? null : path);
    }
  }
  return (module) => exact.get(module) ?? suffix.get(module) ?? undefined;
}

/** Compute usage for every pattern and return the updates for those whose figures changed. */
export function computeUsage(
  patterns: UsageInput[],
  references: (FileReference & { fromPath: string })[],
): UsageUpdate[] {
  const resolve = moduleResolver(new Set(patterns.map((p) => p.filePath)));
  const byKey = new Map<string, UsageInput>();
  for (const p of patterns) byKey.set(`${p.filePath}\u0000${p.qualifiedName}`, p);
  const tallies = new Map<string, Tally>();
  const count = (pattern: UsageInput, fromPath: string, sites: number) => {
    const tally = tallies.get(pattern.id) ?? { sites: 0, files: new Set<string>() };
    tally.sites += sites;
    tally.files.add(fromPath);
    tallies.set(pattern.id, tally);
  };
  for (const ref of references) {
    if (!ref.targetName) continue;
    let file = resolve(ref.targetModule);
    let name = ref.targetName;
    let pattern = file ? byKey.get(`${file}\u0000${name}`) : undefined;
    if (!pattern && name.includes('.')) {
      // `from pkg import sub; sub.f()` arrives as (pkg, sub.f): try module pkg.sub, name f.
      const [head, ...rest] = name.split('.');
      file = resolve(`${ref.targetModule}.${head}`);
      name = rest.join('.');
      pattern = file ? byKey.get(`${file}\u0000${name}`) : undefined;
    }
    if (pattern) count(pattern, ref.fromPath, ref.sites);
  }
  const updates: UsageUpdate[] = [];
  for (const p of patterns) {
    const evidence = evidenceFor(p, tallies, byKey);
    const own = tallies.get(p.id);
    const usageCount = own?.sites ?? 0;
    const usageFiles = own?.files.size ?? 0;
    const part = reusabilityPart(evidence);
    const components = { ...p.components, reusability: part.score };
    const parts = Object.fromEntries(
      QUALITY_COMPONENTS.map((c) => [c, { score: components[c], evidence: '' }]),
    ) as Record<QualityComponent, { score: number | null; evidence: string }>;
    const total = combine(parts, p.weights as QualityWeights, '').total;
    if (
      usageCount !== p.usageCount ||
      usageFiles !== p.usageFiles ||
      part.evidence !== p.reusabilityEvidence
    ) {
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
