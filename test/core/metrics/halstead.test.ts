import { beforeAll, describe, expect, it } from 'vitest';
import { halstead } from '../../../server/src/core/metrics';
import { definition, inFunction, loadParser, py } from './python';

beforeAll(loadParser);

type Counts = [operators: number, operands: number, distinctOperators: number, distinctOperands: number];

function counts(source: string): Counts {
  const { node, source: text } = definition(source);
  const h = halstead(node, text);
  return [h.operators, h.operands, h.distinctOperators, h.distinctOperands];
}

/** Module-level code measured as a class body: both are radon's visitor with context None. */
function asModule(code: string): string {
  return `class M:\n${code
    .split('\n')
    .map((line) => (line === '' ? '' : `    ${line}`))
    .join('\n')}`;
}

describe("radon's own Halstead cases (radon/tests/test_halstead.py), as a class body", () => {
  const cases: [string, string, Counts][] = [
    ['a boolean and', 'if a and b: pass', [1, 2, 1, 2]],
    ['and then or', 'if a and b: pass\nelif b or c: pass', [2, 4, 2, 3]],
    ['and twice', 'if a and b: pass\nelif b and c: pass', [2, 4, 1, 3]],
    ['a multiplication', 'a = b * c', [1, 2, 1, 2]],
    ['a negation', 'b = -x', [1, 1, 1, 1]],
    ['the same negation twice', 'a = -x\nc = -x', [2, 2, 1, 1]],
    ['two unary operators', 'a = -x\nb = +x', [2, 2, 2, 1]],
    ['augmented assignments', 'a += 3\nb += 4\nc *= 3', [3, 6, 2, 5]],
    [
      'a function keeps its own operand context',
      'a = 2\nb = 3\na *= b\n\ndef f():\n    b = 2\n    b += 4',
      [2, 4, 2, 4],
    ],
    ['an async function too', 'a = 2\nb = 3\na *= b\n\nasync def f():\n    b = 2\n    b += 4', [2, 4, 2, 4]],
    ['comparisons and a comparison chain', 'a = b < 4\nc = i <= 45 >= d\nk = 4 < 2', [4, 7, 3, 6]],
  ];
  it.each(cases)('%s', (_name, code, expected) => expect(counts(asModule(code))).toEqual(expected));
});

describe("radon's h_visit example (radon/tests/test_other_metrics.py)", () => {
  const code = 'a = b + c\nd = c - f\n\ndef f(b):\n    a = 2 - 4\n    d = a + b\n    return a ** d';

  it('the whole: η1 3, η2 8, N1 5, N2 10, volume 15 × log2(11)', () => {
    const { node, source } = definition(asModule(code));
    const h = halstead(node, source);
    expect([h.distinctOperators, h.distinctOperands, h.operators, h.operands]).toEqual([3, 8, 5, 10]);
    expect(h.volume).toBeCloseTo(51.89147427955947, 9);
  });

  it('the function alone: η1 3, η2 5, N1 3, N2 6, volume 9 × log2(8) = 27', () => {
    const { node, source } = definition(code, 'f');
    const h = halstead(node, source);
    expect([h.distinctOperators, h.distinctOperands, h.operators, h.operands]).toEqual([3, 5, 3, 6]);
    expect(h.volume).toBeCloseTo(27, 9);
  });
});

describe('tree-sitter nodes mapped back to the Python AST', () => {
  const cases: [string, string, Counts][] = [
    [
      'a chain of one boolean operator is one operator with every operand',
      inFunction('return a and b and c'),
      [1, 3, 1, 3],
    ],
    [
      'a parenthesised boolean operand is an operator and an operand',
      inFunction('return a and (b or c)'),
      [2, 4, 2, 4],
    ],
    ['not is a unary operator', inFunction('return not a'), [1, 1, 1, 1]],
    [
      'not in and is not are comparison operators',
      inFunction('return a not in b, a is not None'),
      [2, 4, 2, 3],
    ],
    [
      'constants equal in Python are one operand (1, 1.0, True)',
      inFunction('return x + 1, x + 1.0, x + True'),
      [3, 6, 1, 2],
    ],
    ['a name and a string with its text are one operand', inFunction("return x + 'x'"), [1, 2, 1, 1]],
    [
      'strings compare by value, whatever their quotes and escapes',
      inFunction(`return x + 'A', x + "\\x41", x + '''A'''`),
      [3, 6, 1, 2],
    ],
    ['an attribute is its attribute name', inFunction('return self.x + x'), [1, 2, 1, 1]],
    [
      'other expressions are distinct operands even when written alike',
      inFunction('return f() + f()'),
      [1, 2, 1, 2],
    ],
    ['parentheses do not make an operand', inFunction('return (a) + a'), [1, 2, 1, 1]],
    ['an f-string is an operand of its own', inFunction("return f'a' + f'a'"), [1, 2, 1, 2]],
    ['augmented assignments use the binary operator names', inFunction('x += 1\nreturn x + 1'), [2, 4, 1, 2]],
    [
      'a union in an annotation is a BitOr',
      inFunction('x: dict[str, int] | None = None\ny: int | None = None'),
      [2, 4, 1, 3],
    ],
    [
      'negative and complex literal patterns are operators',
      inFunction('match v:\n    case -1: pass\n    case 1+2j: pass'),
      [2, 3, 2, 2],
    ],
    [
      'a nested function counts with its own context',
      inFunction('x = a + 1\ndef g():\n    return a + 1'),
      [2, 4, 1, 4],
    ],
    [
      'a nested function: decorators, defaults and annotations are skipped',
      inFunction('@d(a + 1)\ndef g(x=b - 1) -> c * 2:\n    pass'),
      [0, 0, 0, 0],
    ],
    [
      'a nested class is visited whole, decorators and bases included',
      inFunction('@d(a + 1)\nclass C(b - 1):\n    pass'),
      [2, 4, 2, 3],
    ],
    [
      'a Python 2 print chevron is a right shift in Python 3',
      inFunction('print >> sys.stderr, "m"'),
      [1, 2, 1, 2],
    ],
    [
      'a backslash continuation is not an operand',
      inFunction('return (a, b) < \\\n    (c, d)'),
      [1, 2, 1, 2],
    ],
  ];
  it.each(cases)('%s', (_name, source, expected) => expect(counts(source)).toEqual(expected));

  it("skips the measured function's decorators, defaults and annotations", () => {
    const source = py`
      @d(a + 1)
      def f(x=b - 1, y: c * 2 = 0) -> d / 2:
          return x + y
      `;
    expect(counts(source)).toEqual([1, 2, 1, 2]);
  });

  it('volume is N × log2(η), 0 without operators', () => {
    const { node, source } = definition(inFunction('return (a ** b) % c'));
    // N = 2 + 4, η = 2 (Pow, Mod) + 4 (a, b, the BinOp, c)
    expect(halstead(node, source).volume).toBeCloseTo(6 * Math.log2(6), 12);
    const empty = definition(inFunction('return f(x)'));
    expect(halstead(empty.node, empty.source).volume).toBe(0);
  });
});
