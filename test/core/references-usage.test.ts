import { describe, expect, it } from 'vitest';
import { absoluteModule, modulePathOf, readImports } from '../../server/src/core/extract/imports';
import { collectNamesByOwner } from '../../server/src/core/extract/names';
import type { QualityComponent } from '../../server/src/core/model';
import type { FileReference, UsageInput } from '../../server/src/core/ports';
import { resolveFileReferences } from '../../server/src/core/references';
import { DEFAULT_WEIGHTS } from '../../server/src/core/score';
import { computeUsage, moduleResolver } from '../../server/src/core/usage';
import { parsePython, py } from '../helpers/parse';

async function refsOf(
  filePath: string,
  source: string,
  topLevel: string[] = [],
): Promise<Record<string, number>> {
  const tree = await parsePython(source);
  const refs = resolveFileReferences(
    collectNamesByOwner(tree.root, source, new Map()).file.references,
    readImports(tree.root, source),
    filePath,
    new Set(topLevel),
  );
  return Object.fromEntries(refs.map((r) => [`${r.targetModule}:${r.targetName}`, r.sites]));
}

describe('module paths', () => {
  it('turn file paths into dotted modules, packages without __init__', () => {
    expect(modulePathOf('pkg/db/tx.py')).toBe('pkg.db.tx');
    expect(modulePathOf('pkg/__init__.py')).toBe('pkg');
    expect(modulePathOf('setup.py')).toBe('setup');
  });

  it('resolve relative imports from modules and from packages', () => {
    const b = (module: string, level: number) => ({ local: 'x', module, name: 'x', level, line: 1 });
    expect(absoluteModule(b('.', 1), 'a/b/c.py')).toBe('a.b');
    expect(absoluteModule(b('..x', 2), 'a/b/c.py')).toBe('a.x');
    expect(absoluteModule(b('.y', 1), 'a/b/__init__.py')).toBe('a.b.y');
    expect(absoluteModule(b('....z', 4), 'a/b/c.py')).toBeNull();
  });

  it('find modules by exact path and by unique suffix for src layouts', () => {
    const resolve = moduleResolver(['src/pkg/mod.py', 'src/pkg/__init__.py', 'other/mod.py']);
    expect(resolve('src.pkg.mod')).toBe('src/pkg/mod.py');
    expect(resolve('pkg.mod')).toBe('src/pkg/mod.py');
    expect(resolve('pkg')).toBe('src/pkg/__init__.py');
    expect(resolve('mod')).toBeUndefined(); // ambiguous: two files end in mod
  });
});

describe('file references', () => {
  it('resolve from-imports, aliases, dotted module imports and counts every site', async () => {
    const refs = await refsOf(
      'app/main.py',
      py`
        import os.path
        import json as j
        from .db import tx, Session as S
        def run():
            tx(); tx()
            S.query(os.path.join('a'), j.dumps(1))
    `,
    );
    expect(refs).toEqual({
      'app.db:tx': 2,
      'app.db:Session': 1,
      'app.db:Session.query': 1,
      'os.path:join': 1,
      'json:dumps': 1,
    });
  });

  it('count references to the file’s own top-level definitions', async () => {
    const refs = await refsOf('m.py', 'def helper(): pass\ndef main():\n    helper()\n    helper()\n', [
      'helper',
      'main',
    ]);
    expect(refs).toEqual({ 'm:helper': 2 });
  });
});

function input(
  id: string,
  filePath: string,
  qualifiedName: string,
  kind: UsageInput['kind'] = 'function',
): UsageInput {
  const components: Record<QualityComponent, number | null> = {
    complexity: 1,
    documentation: 1,
    test_coverage: null,
    reusability: 0,
    maintainability: 1,
  };
  return {
    id,
    filePath,
    qualifiedName,
    kind,
    components,
    weights: DEFAULT_WEIGHTS,
    usageCount: 0,
    usageFiles: 0,
    reusabilityEvidence: '',
  };
}

const ref = (
  fromPath: string,
  targetModule: string,
  targetName: string,
  sites = 1,
): FileReference & { fromPath: string } => ({
  fromPath,
  targetModule,
  targetName,
  sites,
});

describe('usage pass', () => {
  it('counts sites and files and scores reusability by other files (1 → 0.3, 2–5 → 0.6, more → 1.0)', () => {
    const patterns = [
      input('f', 'lib/util.py', 'f'),
      input('g', 'lib/util.py', 'g'),
      input('h', 'lib/util.py', 'h'),
    ];
    const refs = [
      ref('a.py', 'lib.util', 'f', 3),
      ref('b.py', 'lib.util', 'f'),
      ...['a', 'b', 'c', 'd', 'e', 'f'].map((n) => ref(`${n}.py`, 'lib.util', 'g')),
      ref('lib/util.py', 'lib.util', 'h', 2),
    ];
    const updates = Object.fromEntries(computeUsage(patterns, refs).map((u) => [u.id, u]));
    expect(updates.f).toMatchObject({ usageCount: 4, usageFiles: 2, reusabilityScore: 0.6 });
    expect(updates.g).toMatchObject({ usageCount: 6, usageFiles: 6, reusabilityScore: 1 });
    expect(updates.h).toMatchObject({ usageCount: 2, usageFiles: 1, reusabilityScore: 0.3 });
    expect(updates.h!.reusabilityEvidence).toBe('used only in its own file → 0.3');
  });

  it('recomputes the total with the new reusability over the known components', () => {
    const updates = computeUsage([input('f', 'u.py', 'f')], [ref('a.py', 'u', 'f'), ref('b.py', 'u', 'f')]);
    // Known weights: 0.3 + 0.2 + 0.15 + 0.15 = 0.8; total = (0.3 + 0.2 + 0.15 × 0.6 + 0.15) / 0.8.
    expect(updates[0]!.qualityScore).toBeCloseTo((0.3 + 0.2 + 0.15 * 0.6 + 0.15) / 0.8, 4);
  });

  it('credits a method with its class usage and says so', () => {
    const patterns = [input('c', 'm.py', 'Repo', 'class'), input('m', 'm.py', 'Repo.get', 'method')];
    const updates = Object.fromEntries(
      computeUsage(patterns, [ref('a.py', 'm', 'Repo'), ref('b.py', 'm', 'Repo')]).map((u) => [u.id, u]),
    );
    expect(updates.m).toMatchObject({ usageCount: 0, reusabilityScore: 0.6 });
    expect(updates.m!.reusabilityEvidence).toBe('used in 2 other files (via class Repo) → 0.6');
  });

  it('follows `from pkg import sub; sub.f()` into the submodule', () => {
    const updates = computeUsage([input('f', 'pkg/sub.py', 'f')], [ref('a.py', 'pkg', 'sub.f')]);
    expect(updates[0]).toMatchObject({ id: 'f', usageCount: 1, usageFiles: 1 });
  });

  it('returns no update when nothing changed', () => {
    const p = { ...input('f', 'u.py', 'f'), reusabilityEvidence: 'no references found → 0.0' };
    expect(computeUsage([p], [])).toEqual([]);
  });
});

describe('self references', () => {
  it('resolve self.method() and cls.method() to the same class’s methods, counting sites', async () => {
    const { findDefinitions } = await import('../../server/src/core/extract/definitions');
    const { resolveSelfReferences } = await import('../../server/src/core/references');
    const source = py`
      class Repo:
          def get(self, key):
              return self._load(key) or self._load(key.lower())
          def _load(self, key):
              return self.cache.get(key)
          @classmethod
          def create(cls):
              return cls.defaults()
          @classmethod
          def defaults(cls):
              return {}
    `;
    const tree = await parsePython(source);
    const refs = resolveSelfReferences(findDefinitions(tree, []), 'pkg/repo.py');
    expect(refs).toEqual([
      { targetModule: 'pkg.repo', targetName: 'Repo._load', sites: 2 },
      { targetModule: 'pkg.repo', targetName: 'Repo.defaults', sites: 1 },
    ]);
  });
});
