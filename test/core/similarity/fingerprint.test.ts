/**
 * The similarity model on small cases: what a renaming keeps, what layout and comments cannot change,
 * which names count as bound, and that unrelated code scores low.
 */
import { describe, expect, it } from 'vitest';
import { CountTable } from '../../../server/src/core/similarity/count-table';
import { subTokens } from '../../../server/src/core/similarity/features';
import {
  type Fingerprint,
  fingerprintDefinition,
  similarityOf,
} from '../../../server/src/core/similarity/fingerprint';
import { boundNames } from '../../../server/src/core/similarity/locals';
import type { SyntaxNode } from '../../../server/src/core/syntax-tree';
import { parsePython, py } from '../../helpers/parse';

async function firstDef(source: string): Promise<{ node: SyntaxNode; source: string }> {
  const tree = await parsePython(source);
  const node = tree.root.children.find((c) => c.type === 'function_definition')!;
  return { node, source };
}

async function print(source: string): Promise<Fingerprint> {
  const { node } = await firstDef(source);
  return fingerprintDefinition(node, source);
}

const ORIGINAL = py`
  def total(items, limit=10):
      """Sum the expensive prices."""
      result = 0
      for item in items:
          if item.price > limit:
              result += item.price * 2
      return result
`;

describe('similarity fingerprints', () => {
  it('give a renamed copy with other literals, comments and layout the same AST hash and similarity ≈ 1', async () => {
    const copy = py`
      def add_up(xs, cap=5):
          # a comment the original lacks

          acc = 0
          for x in xs:
              if x.price > cap:  acc += x.price * 3
          return acc
    `;
    const [a, b] = [await print(ORIGINAL), await print(copy)];
    expect(b.astHash).toBe(a.astHash);
    expect(similarityOf(a.vector, b.vector)).toBeGreaterThan(0.95);
  });

  it('tell a copy with a changed attribute apart by hash, but keep it similar', async () => {
    const copy = ORIGINAL.replace(/price/g, 'cost');
    const [a, b] = [await print(ORIGINAL), await print(copy)];
    expect(b.astHash).not.toBe(a.astHash);
    const s = similarityOf(a.vector, b.vector);
    expect(s).toBeGreaterThan(0.6);
    expect(s).toBeLessThan(0.95);
  });

  it('score unrelated code low', async () => {
    const other = py`
      def read_config(path):
          with open(path) as fh:
              data = json.load(fh)
          if not data:
              raise ValueError("empty")
          return data
    `;
    expect(similarityOf((await print(ORIGINAL)).vector, (await print(other)).vector)).toBeLessThan(0.4);
  });

  it('are unit length with a fixed number of dimensions', async () => {
    const { vector } = await print(ORIGINAL);
    expect(vector.length).toBe(256);
    expect(similarityOf(vector, vector)).toBeCloseTo(1, 5);
  });

  it('count statements, nested ones included', async () => {
    expect((await print(ORIGINAL)).statements).toBe(6);
  });
});

describe('bound names', () => {
  it('are parameters, targets, aliases and local imports, not globals, attributes or declared globals', async () => {
    const { node, source } = await firstDef(py`
      def f(a, b: int = 1, *args, c, **kw):
          global g
          x, (y, z) = a
          self.attr = 1
          for i in range(3): pass
          with open(a) as fh: pass
          try: pass
          except E as err: pass
          import os.path as osp
          g = [w for w in b]
          def inner(): pass
          if (n := 3): pass
    `);
    expect([...boundNames(node, source)].sort()).toEqual(
      ['a', 'args', 'b', 'c', 'err', 'fh', 'i', 'inner', 'kw', 'n', 'osp', 'w', 'x', 'y', 'z'].sort(),
    );
  });
});

describe('name sub-tokens', () => {
  it('split snake_case and camelCase, lower-cased, single letters dropped', () => {
    expect(subTokens('getHTTPResponse_code')).toEqual(['get', 'http', 'response', 'code']);
    expect(subTokens('x_y')).toEqual([]);
  });
});

describe('count table', () => {
  it('counts keys (zero included) across growth, in insertion order, and clears', () => {
    const table = new CountTable(4);
    for (let round = 0; round < 3; round++) for (let k = 0; k < 100; k++) table.add(k * 7919);
    const seen: [number, number][] = [];
    table.forEach((k, c) => {
      seen.push([k, c]);
    });
    expect(seen).toHaveLength(100);
    expect(seen[0]).toEqual([1, 3]);
    expect(seen[99]).toEqual([99 * 7919, 3]);
    table.clear();
    table.add(5);
    const after: number[] = [];
    table.forEach((k, c) => {
      after.push(k, c);
    });
    expect(after).toEqual([5, 1]);
  });
});
