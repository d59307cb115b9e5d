/**
 * The detectors' per-file subtree memo: `nodesOf` and `callsOf` answer exactly as a fresh walk does
 * (same nodes, same order, nested definitions entered only when asked), and the memo ends with its run.
 */
import { describe, expect, it } from 'vitest';
import { subtreeOf, withSubtreeMemo } from '../../server/src/core/graph/detectors/subtree-memo';
import { callsOf, nodesOf } from '../../server/src/core/graph/detectors/syntax-facts';
import { type SyntaxNode, walk } from '../../server/src/core/syntax-tree';
import { parsePython, py } from '../helpers/parse';

const SOURCE = py`
  class Registry:
      def register(self, name, fn=None):
          if fn is None:
              def deco(f):
                  self.items[name] = f
                  return f
              return deco
          for key in (name, name.lower()):
              try:
                  self.items[key] = fn
              except KeyError as e:
                  log.warn(key, e)
          return lambda x: fn(x)
`;

const QUESTIONS: (string | string[])[] = [
  'call',
  'return_statement',
  'assignment',
  ['for_statement', 'try_statement'],
  'function_definition',
  'lambda',
];

describe('subtree memo', () => {
  it('gives the same nodes in the same order as a fresh walk, nested or not', async () => {
    const tree = await parsePython(SOURCE);
    const nodes: SyntaxNode[] = [];
    walk(tree.root, (n) => void nodes.push(n));
    const ask = () =>
      nodes.flatMap((n) =>
        [false, true].flatMap((nested) => [
          ...QUESTIONS.map((q) => nodesOf(n, q, nested)),
          callsOf(n, tree.source, nested).map((c) => [c.name, c.node]),
        ]),
      );
    const fresh = ask();
    // Twice inside the memo: the first answers fill it, the second come from it.
    const memoised = withSubtreeMemo(() => [ask(), ask()]);
    expect(memoised[0]).toEqual(fresh);
    expect(memoised[1]).toEqual(fresh);
    expect(fresh.flat().length).toBeGreaterThan(50);
  });

  it('answers from the memo inside its run, and is off outside it', async () => {
    const tree = await parsePython(SOURCE);
    const calls = nodesOf(tree.root, 'call', true);
    expect(calls).toHaveLength(3);
    withSubtreeMemo(() => {
      // The same list object twice: the second answer is the memo's.
      expect(nodesOf(tree.root, 'call', true)).toBe(nodesOf(tree.root, 'call', true));
      expect(nodesOf(tree.root, 'call', true)).toEqual(calls);
      expect(subtreeOf(tree.root, false)).not.toBeNull();
    });
    expect(subtreeOf(tree.root, false)).toBeNull();
    expect(nodesOf(tree.root, 'call', true)).not.toBe(nodesOf(tree.root, 'call', true));
  });
});
