import { beforeAll, describe, expect, it } from 'vitest';
import { measureDefinition } from '../../../server/src/core/metrics';
import { definition, definitionIn, loadParser, parse, py } from './python';

beforeAll(loadParser);

// radon's second_mi example (radon/tests/test_other_metrics.py), class only.
const classA = py`
  class A(object):

      def __init__(self, n):
          # this is awesome
          self.n = sum(i for i in range(n) if i&1)

      def m(self, j):
          """Just compute it.
          Example.
          """
          if j > 421:
              return (self.n + 2) ** j
          return (self.n - 2) ** j
  `;

describe('measureDefinition', () => {
  it('measures a class: every metric by hand', () => {
    const { node, source } = definition(classA);
    const m = measureDefinition(node, source);
    // Real complexity 6 = 1 + __init__ (1 + comprehension for + if) + m (1 + if); 2 methods → int(6 / 2) + 1.
    expect(m.cyclomatic).toBe(4);
    expect(m.cyclomaticRank).toBe('A');
    expect(m.cognitive).toBe(1);
    expect(m.maxNesting).toBe(1);
    expect([m.sloc, m.lloc, m.comments, m.multi]).toEqual([7, 8, 1, 3]);
    // N1 6 (BitAnd, Gt, Add, Pow, Sub, Pow), N2 12; η1 5; η2 8: i, 1 (in __init__), j, n, 421, 2 and two BinOps (in m).
    expect(m.halsteadVolume).toBeCloseTo(18 * Math.log2(13), 9);
    // MI uses the real complexity 6, LLOC 8 and (1 comment + 3 multi) / 7 SLOC = 57.14… %.
    expect(m.maintainabilityIndex).toBeCloseTo(95.96413435603321, 9);
    expect(m.maintainabilityRank).toBe('A');
    expect(m.lcom4).toBe(1);
  });

  it('measures a function', () => {
    const { node, source } = definition('def f(a, b, c):\n    return (a ** b) % c');
    expect(measureDefinition(node, source)).toEqual({
      cyclomatic: 1,
      cyclomaticRank: 'A',
      cognitive: 0,
      maxNesting: 0,
      sloc: 2,
      lloc: 2,
      comments: 0,
      multi: 0,
      halsteadVolume: expect.closeTo(6 * Math.log2(6), 9),
      // 171 - 5.2 ln(15.5097…) - 0.23 - 16.2 ln 2, scaled by 100 / 171
      maintainabilityIndex: expect.closeTo(84.96220422681199, 9),
      maintainabilityRank: 'A',
      lcom4: null,
    });
  });

  it('measures a method in place: indentation changes nothing', () => {
    const tree = parse(classA);
    const m = measureDefinition(definitionIn(tree, 'm'), tree.source);
    expect([m.cyclomatic, m.cognitive, m.sloc, m.lloc, m.multi]).toEqual([2, 1, 4, 5, 3]);
  });

  it('measures the definition of a decorated_definition, decorators excluded', () => {
    const tree = parse('@cache(a if b else c)\ndef f():\n    return 1 + 1');
    const wrapper = tree.root.children[0]!;
    expect(wrapper.type).toBe('decorated_definition');
    const m = measureDefinition(wrapper, tree.source);
    expect([m.cyclomatic, m.sloc, m.lloc]).toEqual([1, 2, 2]);
  });

  it('walks a 20 000-operand boolean chain and 300 nested blocks without recursion', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => `x${i}`).join(' and ');
    const nested = Array.from({ length: 300 }, (_, i) => `${' '.repeat(4 * (i + 1))}if y${i}:`).join('\n');
    const source = `def f():\n    return ${chain}\n${nested}\n${' '.repeat(1204)}pass`;
    const { node } = definition(source);
    const m = measureDefinition(node, source);
    expect(m.cyclomatic).toBe(1 + 19_999 + 300);
    // One boolean sequence, and 300 ifs at nesting 0..299.
    expect(m.cognitive).toBe(1 + (300 * 301) / 2);
    expect(m.maxNesting).toBe(300);
    // One BoolOp: N = 1 + 20 000 operands, η = 1 + 20 000.
    expect(m.halsteadVolume).toBeCloseTo(20_001 * Math.log2(20_001), 6);
  });

  it('ranks a function with 45 branches F, with a low maintainability index', () => {
    const branches = Array.from(
      { length: 45 },
      (_, i) => `    if x == ${i}:\n        y = x * ${i} + y / 2 - z`,
    ).join('\n');
    const { node, source } = definition(`def f(x, y, z):\n${branches}\n    return y`);
    const m = measureDefinition(node, source);
    expect(m.cyclomatic).toBe(46);
    expect(m.cyclomaticRank).toBe('F');
    expect(m.maintainabilityIndex).toBeLessThan(40);
  });
});
