import { describe, expect, it } from 'vitest';
import { findDefinitions } from '../../server/src/core/extract/definitions';
import { readImports } from '../../server/src/core/extract/imports';
import type { Definition } from '../../server/src/core/model';
import { parsePython, py } from '../helpers/parse';

async function defs(source: string): Promise<Definition[]> {
  const tree = await parsePython(source);
  return findDefinitions(tree, readImports(tree.root, source)).map((f) => f.definition);
}

async function one(source: string, qualifiedName: string): Promise<Definition> {
  const found = (await defs(source)).find((d) => d.qualifiedName === qualifiedName);
  if (!found) throw new Error(`no ${qualifiedName}`);
  return found;
}

describe('definitions', () => {
  it('names functions, methods, nested functions and nested classes by qualified name and kind', async () => {
    const found = await defs(py`
      def top(): 
          def inner():
              pass
      class Outer:
          def method(self):
              pass
          class Inner:
              def deep(self):
                  pass
    `);
    expect(found.map((d) => [d.qualifiedName, d.kind, d.parent])).toEqual([
      ['top', 'function', null],
      ['top.inner', 'function', 'top'],
      ['Outer', 'class', null],
      ['Outer.method', 'method', 'Outer'],
      ['Outer.Inner', 'class', 'Outer'],
      ['Outer.Inner.deep', 'method', 'Outer.Inner'],
    ]);
  });

  it('finds definitions inside if, try and with blocks at module level', async () => {
    const found = await defs(py`
      try:
          def a(): pass
      except ImportError:
          def a(): pass
      if True:
          class B: pass
    `);
    expect(found.map((d) => d.qualifiedName)).toEqual(['a', 'a~2', 'B']);
  });

  it('gives a redefined name (property setter) an ordinal suffix so identities stay unique', async () => {
    const found = await defs(py`
      class C:
          @property
          def x(self): return 1
          @x.setter
          def x(self, value): pass
    `);
    expect(found.map((d) => d.qualifiedName)).toEqual(['C', 'C.x', 'C.x~2']);
    expect(found[2]!.decorators).toEqual(['x.setter']);
  });

  it('includes decorators in the line range and the implementation', async () => {
    const d = await one('\n\n@cache\n@other(1)\ndef f(x):\n    return x\n', 'f');
    expect(d.lineRange).toEqual([3, 6]);
    expect(d.decorators).toEqual(['cache', 'other(1)']);
    expect(d.implementation.startsWith('@cache')).toBe(true);
  });

  it('reads parameters of every kind with annotations and defaults', async () => {
    const d = await one(
      'def f(a, /, b: int = 1, *args: str, c, d=2, **kw: object) -> list[int]:\n    pass\n',
      'f',
    );
    expect(d.parameters).toEqual([
      { name: 'a', annotation: null, default: null, kind: 'positional_only' },
      { name: 'b', annotation: 'int', default: '1', kind: 'normal' },
      { name: 'args', annotation: 'str', default: null, kind: 'var_positional' },
      { name: 'c', annotation: null, default: null, kind: 'keyword_only' },
      { name: 'd', annotation: null, default: '2', kind: 'keyword_only' },
      { name: 'kw', annotation: 'object', default: null, kind: 'var_keyword' },
    ]);
    expect(d.returnAnnotation).toBe('list[int]');
    expect(d.signature).toBe('def f(a, /, b: int = 1, *args: str, c, d=2, **kw: object) -> list[int]');
  });

  it('reads keyword-only parameters after a bare star', async () => {
    const d = await one('class C:\n    def m(self, *, k: int): pass\n', 'C.m');
    expect(d.parameters.map((p) => [p.name, p.kind])).toEqual([
      ['self', 'normal'],
      ['k', 'keyword_only'],
    ]);
  });

  it('marks async functions and reads docstrings cleaned like inspect.cleandoc', async () => {
    const d = await one(
      py`
      async def fetch(url):
          """Fetch a URL.

          Details:
              indented more.
          """
          return await get(url)
    `,
      'fetch',
    );
    expect(d.isAsync).toBe(true);
    expect(d.docstring).toBe('Fetch a URL.\n\nDetails:\n    indented more.');
  });

  it('does not take an f-string or a later string for a docstring', async () => {
    expect((await one('def f():\n    f"x{y}"\n', 'f')).docstring).toBeNull();
    expect((await one('def f():\n    x = 1\n    "late"\n', 'f')).docstring).toBeNull();
  });

  it('reads class bases without keyword arguments and lists methods', async () => {
    const d = await one(
      'class C(Base, mixins.M, metaclass=Meta):\n    def a(self): pass\n    @staticmethod\n    def b(): pass\n',
      'C',
    );
    expect(d.bases).toEqual(['Base', 'mixins.M']);
    expect(d.methods).toEqual(['a', 'b']);
    expect(d.signature).toBe('class C(Base, mixins.M, metaclass=Meta)');
  });

  it('collects calls and references but not bound names', async () => {
    const d = await one(
      py`
      def f(param, *, key=DEFAULT):
          local = os.path.join(param, key)
          for item in items:
              helper(item, flag=True)
          return Result(local).value
    `,
      'f',
    );
    expect(d.calls).toEqual(['Result', 'helper', 'os.path.join']);
    expect(d.references).toEqual([
      'DEFAULT',
      'Result',
      'helper',
      'item',
      'items',
      'key',
      'local',
      'os.path.join',
      'param',
    ]);
  });

  it('lists the imports a definition uses', async () => {
    const source = py`
      import os
      import numpy as np
      from ..db import tx as transaction, other
      def f():
          return np.zeros(os.getpid()) + transaction.run()
    `;
    const d = await one(source, 'f');
    expect(d.imports.map((b) => [b.local, b.module, b.name, b.level])).toEqual([
      ['os', 'os', null, 0],
      ['np', 'numpy', null, 0],
      ['transaction', '..db', 'tx', 2],
    ]);
  });

  it('still reads well-formed definitions in a file with syntax errors', async () => {
    const source = py`
      def good(a):
          return a

      def broken(:
          pass

      class Fine:
          def ok(self):
              return 1
    `;
    const tree = await parsePython(source);
    expect(tree.errorCount).toBeGreaterThan(0);
    const names = findDefinitions(tree, []).map((f) => f.definition.qualifiedName);
    expect(names).toContain('good');
    expect(names).toContain('Fine');
    expect(names).toContain('Fine.ok');
  });

  it('handles Python 3.12 syntax: type parameters, type aliases, match and nested f-strings', async () => {
    const source = py`
      type Pair[T] = tuple[T, T]
      def first[T](items: list[T]) -> T:
          match items:
              case [x, *_]:
                  return x
              case _:
                  raise ValueError(f"empty {f'{len(items)}'}")
      class Box[T: int]:
          def get(self) -> T: ...
    `;
    const tree = await parsePython(source);
    expect(tree.errorCount).toBe(0);
    const found = findDefinitions(tree, []).map((f) => f.definition);
    expect(found.map((d) => d.qualifiedName)).toEqual(['first', 'Box', 'Box.get']);
    expect(found[0]!.signature).toBe('def first[T](items: list[T]) -> T');
    expect(found[0]!.references).toContain('len');
  });
});
