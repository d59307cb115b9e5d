/**
 * Repository-wide name resolution for the graph and usage passes: (absolute module, dotted name) →
 * the pattern it denotes, following the module's file (exact path or unique `src/`-style suffix),
 * re-exports (`pkg/__init__.py`: `from .core import Engine`, also `import *`), submodules
 * (`from pkg import sub; sub.f`) and, for `Class.member`, the class's bases across files.
 */
import { modulePathOf } from '../extract/imports';
import type { PatternKind, PatternType } from '../model';
import type { OutRef, Reexport } from './outgoing';

/** What the passes know about one stored pattern. */
export interface GraphPattern {
  id: string;
  filePath: string;
  qualifiedName: string;
  kind: PatternKind;
  patternType: PatternType;
  outgoing: OutRef[];
  /** Participants of a `design_pattern` row (same file), else empty. */
  participants: { qualifiedName: string; role: string }[];
}

/** What the passes know about one stored file. */
export interface GraphFile {
  path: string;
  reexports: Reexport[];
}

/** A resolved target; `exact` is false when only a prefix of the name denotes a pattern. */
export interface Resolution {
  pattern: GraphPattern;
  exact: boolean;
  /** How it was reached, for evidence: `re-exported by pkg`, `inherited from Base`. */
  via: string | null;
}

/** The lookups a pass needs, built once per pass. */
export interface TargetResolver {
  resolve(module: string, name: string): Resolution | null;
  /** The file holding `module`, if it is in the repository. */
  fileOf(module: string): string | undefined;
  byFile: Map<string, Map<string, GraphPattern>>;
}

const MAX_DEPTH = 8;

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

/** Build the resolver over every pattern and file of a repository. */
export function targetResolver(patterns: GraphPattern[], files: GraphFile[]): TargetResolver {
  const byFile = new Map<string, Map<string, GraphPattern>>();
  for (const p of patterns) {
    let defs = byFile.get(p.filePath);
    if (!defs) {
      defs = new Map();
      byFile.set(p.filePath, defs);
    }
    // A design-pattern row shares its anchor's file; names resolve to definitions only.
    if (p.patternType !== 'design_pattern') defs.set(p.qualifiedName, p);
  }
  const reexports = new Map(files.map((f) => [f.path, f.reexports]));
  const fileOf = moduleResolver(new Set([...files.map((f) => f.path), ...byFile.keys()]));
  const memo = new Map<string, Resolution | null>();

  const memberOf = (
    cls: GraphPattern,
    member: string,
    depth: number,
    seen: Set<string>,
  ): Resolution | null => {
    if (depth > MAX_DEPTH || seen.has(cls.id)) return null;
    seen.add(cls.id);
    const own = byFile.get(cls.filePath)?.get(`${cls.qualifiedName}.${member}`);
    if (own) return { pattern: own, exact: true, via: null };
    for (const [module, name, , how] of cls.outgoing) {
      if (how !== 'base') continue;
      const base = resolve(module, name, depth + 1);
      if (!base?.exact || base.pattern.kind !== 'class') continue;
      const found = memberOf(base.pattern, member, depth + 1, seen);
      if (found) return { ...found, via: found.via ?? `inherited from ${base.pattern.qualifiedName}` };
    }
    return null;
  };

  const resolve = (module: string, name: string, depth = 0): Resolution | null => {
    if (!module || !name || depth > MAX_DEPTH) return null;
    const key = `${module}\u0000${name}`;
    if (memo.has(key)) return memo.get(key)!;
    memo.set(key, null); // cycles through re-exports end here
    const result = lookup(module, name, depth);
    memo.set(key, result);
    return result;
  };

  const lookup = (module: string, name: string, depth: number): Resolution | null => {
    const parts = name.split('.');
    const file = fileOf(module);
    if (file) {
      const defs = byFile.get(file);
      for (let k = parts.length; k >= 1 && defs; k--) {
        const found = defs.get(parts.slice(0, k).join('.'));
        if (!found) continue;
        if (k === parts.length) return { pattern: found, exact: true, via: null };
        if (found.kind === 'class') {
          const inherited = memberOf(found, parts[k]!, depth, new Set());
          if (inherited) return { ...inherited, exact: k + 1 === parts.length };
        }
        return { pattern: found, exact: false, via: null };
      }
      const rest = parts.slice(1);
      for (const [local, target, member] of reexports.get(file) ?? []) {
        if (local !== parts[0] || local === '*') continue;
        const r = resolve(target, [member, ...rest].join('.'), depth + 1);
        if (r) return { ...r, via: r.via ?? `re-exported by ${module}` };
      }
      for (const [local, target] of reexports.get(file) ?? []) {
        if (local !== '*') continue;
        const r = resolve(target, name, depth + 1);
        if (r) return { ...r, via: r.via ?? `re-exported by ${module}` };
      }
    }
    if (parts.length > 1 && fileOf(`${module}.${parts[0]}`))
      return resolve(`${module}.${parts[0]}`, parts.slice(1).join('.'), depth + 1);
    return null;
  };

  return { resolve: (module, name) => resolve(module, name), fileOf, byFile };
}
