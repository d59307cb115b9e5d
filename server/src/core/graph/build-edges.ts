/**
 * The graph pass's edges: USES from each definition's outgoing references (resolved → confidence 1;
 * a call on an unknown receiver whose member name matches one or two methods → a marked guess),
 * EXTENDS from base classes (resolved across files, external bases kept by name), COMPOSED_OF from a
 * class to its methods and from a design pattern to its participants. SIMILAR_TO is not built here.
 */
import { modulePathOf } from '../extract/imports';
import type { Relationship } from '../ports';
import type { GraphPattern, TargetResolver } from './resolve-targets';

/** Confidence of a name-only guess with one candidate, and with two. */
export const GUESS_CONFIDENCE = [0.5, 0.3] as const;

/** Every USES, EXTENDS and COMPOSED_OF edge of the repository, one per (source, type, target). */
export function buildEdges(patterns: GraphPattern[], resolver: TargetResolver): Relationship[] {
  const edges = new Map<string, Relationship>();
  const put = (edge: Relationship) => {
    const key = `${edge.sourceId}\u0000${edge.type}\u0000${edge.targetId ?? `=${edge.targetName}`}`;
    const existing = edges.get(key);
    if (!existing) {
      edges.set(key, edge);
      return;
    }
    existing.sites += edge.sites;
    if (edge.confidence > existing.confidence) {
      existing.confidence = edge.confidence;
      existing.isGuess = edge.isGuess;
      existing.evidence = edge.evidence;
    }
  };
  const methodsByName = new Map<string, GraphPattern[]>();
  for (const p of patterns) {
    if (p.kind !== 'method' || p.patternType === 'design_pattern') continue;
    const list = methodsByName.get(lastPart(p.qualifiedName)) ?? [];
    list.push(p);
    methodsByName.set(lastPart(p.qualifiedName), list);
  }
  const modules = new Map<string, string>();
  const nameOf = (p: GraphPattern) => {
    let module = modules.get(p.filePath);
    if (module === undefined) {
      module = modulePathOf(p.filePath);
      modules.set(p.filePath, module);
    }
    return `${module}.${p.qualifiedName}`;
  };

  for (const p of patterns) {
    if (p.patternType === 'design_pattern') {
      const defs = resolver.byFile.get(p.filePath);
      for (const part of p.participants) {
        const target = defs?.get(part.qualifiedName);
        if (!target) continue;
        put(edge(p, target.id, nameOf(target), 'COMPOSED_OF', 1, `participant: ${part.role}`, false, 1));
      }
      continue;
    }
    if (p.kind === 'method') {
      const owner = resolver.byFile.get(p.filePath)?.get(parentOf(p.qualifiedName));
      if (owner?.kind === 'class')
        put(edge(owner, p.id, nameOf(p), 'COMPOSED_OF', 1, `method ${lastPart(p.qualifiedName)}`, false, 1));
    }
    for (const [module, name, sites, how] of p.outgoing) {
      if (how === 'guess') {
        const candidates = (methodsByName.get(name) ?? []).filter(
          (c) => parentOf(c.qualifiedName) !== parentOf(p.qualifiedName),
        );
        if (candidates.length === 0 || candidates.length > GUESS_CONFIDENCE.length) continue;
        const confidence = GUESS_CONFIDENCE[candidates.length - 1]!;
        for (const c of candidates) {
          const why = `name-only guess: .${name}() matches ${candidates.length} method${candidates.length === 1 ? '' : 's'}`;
          put(edge(p, c.id, nameOf(c), 'USES', confidence, why, true, sites));
        }
        continue;
      }
      const resolved = resolver.resolve(module, name);
      const written = module ? `${module}.${name}` : name;
      if (how === 'base') {
        if (resolved?.exact) {
          const why = `class ${p.qualifiedName}(${name.split('.').pop()})${resolved.via ? `, ${resolved.via}` : ''}`;
          put(edge(p, resolved.pattern.id, nameOf(resolved.pattern), 'EXTENDS', 1, why, false, 1));
        } else {
          put(edge(p, null, written, 'EXTENDS', 1, 'external base', false, 1));
        }
        continue;
      }
      if (!resolved || resolved.pattern.id === p.id) continue;
      const verb = how === 'call' ? 'calls' : how === 'self' ? 'calls through self/cls' : 'references';
      const why = `${verb} ${written}${sites > 1 ? ` (${sites} sites)` : ''}${resolved.via ? `, ${resolved.via}` : ''}`;
      put(edge(p, resolved.pattern.id, nameOf(resolved.pattern), 'USES', 1, why, false, sites));
    }
  }
  return [...edges.values()];
}

function edge(
  source: GraphPattern,
  targetId: string | null,
  targetName: string,
  type: Relationship['type'],
  confidence: number,
  evidence: string,
  isGuess: boolean,
  sites: number,
): Relationship {
  return { sourceId: source.id, targetId, targetName, type, confidence, evidence, isGuess, sites };
}

function lastPart(qualifiedName: string): string {
  return qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1);
}

function parentOf(qualifiedName: string): string {
  const at = qualifiedName.lastIndexOf('.');
  return at < 0 ? '' : qualifiedName.slice(0, at);
}
