import { beforeAll, describe, expect, it } from 'vitest';
import { cyclomaticComplexity, cyclomaticRank } from '../../../server/src/core/metrics';
import { definition, inFunction, loadParser, py } from './python';

beforeAll(loadParser);

function check(source: string, expected: number, name?: string): void {
  expect(cyclomaticComplexity(definition(source, name).node).complexity).toBe(expected);
}

describe('cyclomatic complexity of a function, by radon 6.0.1 rules', () => {
  const rules: [string, string, number][] = [
    ['a function without decisions scores 1', inFunction('return 1'), 1],
    ['an if scores 1', inFunction('if a: pass'), 2],
    ['an else adds nothing', inFunction('if a: pass\nelse: pass'), 2],
    ['each elif scores 1', inFunction('if a: pass\nelif b: pass\nelif c: pass\nelse: pass'), 4],
    ['a conditional expression scores 1', inFunction('v = a if b else c'), 2],
    ['a nested conditional expression scores 1 more', inFunction('v = a if b else c if d else e'), 3],
    ['a for loop scores 1', inFunction('for x in y: pass'), 2],
    ['an async for loop scores 1', 'async def f():\n    async for x in y: pass', 2],
    ['a while loop scores 1', inFunction('while a: pass'), 2],
    ['a for loop else scores 1 more', inFunction('for x in y: pass\nelse: pass'), 3],
    ['a while loop else scores 1 more', inFunction('while a: pass\nelse:\n    pass\n    pass'), 3],
    ['each except scores 1', inFunction('try: pass\nexcept A: pass\nexcept B: pass'), 3],
    [
      'a try else scores 1 however long it is',
      inFunction('try: pass\nexcept A: pass\nelse:\n    pass\n    pass'),
      3,
    ],
    ['a finally adds nothing', inFunction('try: pass\nfinally: pass'), 1],
    [
      'except* adds nothing, nor its else (radon counts Try, not TryStar)',
      inFunction('try: pass\nexcept* A: pass\nexcept* B: pass\nelse: pass'),
      1,
    ],
    ['an assert scores 1', inFunction('assert x'), 2],
    ['the expression of an assert is not visited', inFunction('assert (a and b) or (c if d else e), "m"'), 2],
    [
      'a comprehension scores 1 per for and 1 per if',
      inFunction('return [x for x in y if a if b for z in x]'),
      5,
    ],
    [
      'set, dict and generator comprehensions count the same way',
      inFunction('s = {i for i in r}\nd = {i: 1 for i in r if i}\ng = sum(i for i in r)'),
      5,
    ],
    [
      'a chain of one boolean operator is one BoolOp: operands minus 1',
      inFunction('return a and b and c'),
      3,
    ],
    ['a parenthesised BoolOp inside another counts on its own', inFunction('return a and (b or c)'), 3],
    ['a parenthesised head of a chain is a BoolOp of its own', inFunction('return (a and b) and c'), 3],
    ['a match scores its number of cases', inFunction('match a:\n    case 1: pass\n    case 2: pass'), 3],
    [
      'a wildcard case is not counted',
      inFunction('match a:\n    case 1: pass\n    case 2: pass\n    case _: pass'),
      3,
    ],
    [
      'a bare capture pattern counts as the wildcard',
      inFunction('match a:\n    case 1: pass\n    case x: pass'),
      2,
    ],
    [
      'a parenthesised capture counts as the wildcard',
      inFunction('match a:\n    case 1: pass\n    case (x): pass'),
      2,
    ],
    [
      'a guarded capture still counts as the wildcard',
      inFunction('match a:\n    case 1: pass\n    case x if x: pass'),
      2,
    ],
    [
      'several irrefutable cases subtract only 1',
      inFunction('match a:\n    case 1: pass\n    case _: pass\n    case y: pass'),
      3,
    ],
    ['a match with only a wildcard scores 0', inFunction('match a:\n    case _: pass'), 1],
    [
      'sequence, or- and as-patterns are not captures',
      inFunction(
        'match a:\n    case [x]: pass\n    case (y,): pass\n    case _ as w: pass\n    case 2 | z: pass',
      ),
      5,
    ],
    [
      'with, lambda, walrus and pass add nothing',
      inFunction('with a as b, c: pass\nk = lambda: 0\ny = (n := 1)'),
      1,
    ],
    ['a lambda body is visited', inFunction('k = lambda a: a if a else 0'), 2],
    ['an annotation inside the body is visited', inFunction('x: (a if b else c) = 1'), 2],
    [
      'decorators, defaults and annotations of the definition are not visited',
      py`
      @deco(a if b else c)
      def f(a=b if c else d, e: (x if y else z) = 1) -> (p if q else r):
          pass
      `,
      1,
    ],
    [
      'nested functions and classes are not counted in their parent',
      py`
      def f():
          def g():
              if a: pass
          class C:
              if b: pass
          if c:
              def h():
                  if d: pass
      `,
      2,
    ],
  ];
  it.each(rules)('%s', (_rule, source, expected) => check(source, expected));
});

describe("radon's own test cases (radon/tests/test_complexity_visitor.py)", () => {
  const cases: [string, string, number, string?][] = [
    ['if a and b or c and d / else scores 5', inFunction('if a and b or c and d: pass\nelse: pass'), 5],
    ['while a and b or c < 10 / else scores 5', inFunction('while a and b or c < 10: pass\nelse: pass'), 5],
    [
      'nested generators in a comprehension condition score 4',
      inFunction('[i for i in range(42) if sum(k ** 2 for k in divisors(i)) & 1]'),
      4,
    ],
    [
      'a generator with a conditional boolean chain scores 6',
      inFunction('sum(i for i in range(10) if i >= 2 and val and val2 or val3)'),
      6,
    ],
    ['a lambda with a conditional expression scores 2', inFunction('k = lambda a, b, c: c if a else b'), 2],
    [
      'SINGLE_FUNCTIONS_CASES[0] scores 7',
      py`
      def f(a, b, c):
         if a and b == 4:
             return c ** c
         elif a and not c:
             return sum(i for i in range(41) if i&1)
         return a + b
      `,
      7,
    ],
    [
      'SINGLE_FUNCTIONS_CASES[2] scores 5',
      py`
      def f(a, b):
         while a**b:
             a, b = b, a * (b - 1)
             if a and b:
                 b = 0
             else:
                 b = 1
         return sum(i for i in range(b))
      `,
      5,
    ],
    [
      'async with does not count, async for does',
      py`
      async def f(a, b):
         async with open('blabla.log', 'w') as f:
             async for i in range(100):
                 f.write(str(i) + '\\n')
      `,
      2,
    ],
    [
      'FUNCTIONS_CASES[1] g scores 9',
      py`
      def g(a, b, c):
         if a and b or a - b:
             return a / b - c
         elif b or c:
             return 1
         else:
             k = 0
             with open('results.txt', 'w') as fobj:
                 for i in range(b ** c):
                     k += sum(1 / j for j in range(i ** 2) if j > 2)
                 fobj.write(str(k))
             return k - 1
      `,
      9,
    ],
    [
      'a function with closures scores without them (CLOSURES_CASES[0])',
      py`
      def f(n):
          def g(l):
              return l ** 4
          def h(i):
              return i ** 5 + 1 if i & 1 else 2
          return sum(g(u + 4) / float(h(u)) for u in range(2, n))
      `,
      2,
    ],
    [
      'the closure itself is measured alone (CLOSURES_CASES[1] aux)',
      py`
      def memoize(func):
          cache = {}
          def aux(*args, **kwargs):
              key = (args, kwargs)
              if key in cache:
                  return cache[key]
              cache[key] = res = func(*args, **kwargs)
              return res
          return aux
      `,
      2,
      'aux',
    ],
  ];
  it.each(cases)('%s', (_rule, source, expected, name) => check(source, expected, name));
});

describe('cyclomatic complexity of a class: radon Class.complexity', () => {
  const classA = py`
    class A(object):

        def m(self, a, b):
            if not a or b:
                return b - 1
            try:
                return a / b
            except ZeroDivisionError:
                return a

        def n(self, k):
            while self.m(k) < k:
                k -= self.m(k ** 2 - min(self.m(j) for j in range(k ** 4)))
            return k
    `;
  const classB = py`
    class B(object):

        ATTR = 9 if A().n(9) == 9 else 10
        import sys
        if sys.version_info >= (3, 3):
            import os
            AT = os.openat('/random/loc')

        def __iter__(self):
            return __import__('itertools').tee(B.__dict__)

        def test(self, func):
            a = func(self.ATTR, self.AT)
            if a < self.ATTR:
                yield self
            elif a > self.ATTR ** 2:
                yield self.__iter__()
            yield iter(a)
    `;

  it('averages over several methods: int(real 8 / 2 methods) + 1 = 5 (radon CLASSES_CASES A)', () => {
    const result = cyclomaticComplexity(definition(classA).node);
    expect(result).toEqual({ complexity: 5, total: 8, methods: 2 });
  });

  it('counts class-body decisions in the real complexity: int(7 / 2) + 1 = 4 (radon CLASSES_CASES B)', () => {
    expect(cyclomaticComplexity(definition(classB).node)).toEqual({ complexity: 4, total: 7, methods: 2 });
  });

  const rules: [string, string, number][] = [
    ['a class without methods scores 1 plus its body decisions', 'class C:\n    x = a if b else c', 2],
    [
      'a class with one method scores its real complexity (no +1)',
      'class C:\n    if a: pass\n    def m(self):\n        if b: pass',
      4,
    ],
    [
      'functions under a class-level if are methods too',
      'class C:\n    if a:\n        def m(self): pass\n    def n(self): pass',
      3,
    ],
    [
      'nested classes and closures inside methods add nothing',
      'class C:\n    class D:\n        def x(self):\n            if a: pass\n    def m(self):\n        def g():\n            if b: pass',
      2,
    ],
    [
      'bases, keywords and decorators of a class are not visited',
      'class C(A if b else B, metaclass=M if c else N):\n    pass',
      1,
    ],
  ];
  it.each(rules)('%s', (_rule, source, expected) => check(source, expected));
});

describe("radon's cc_rank", () => {
  const ranks: [number, string][] = [
    [0, 'A'],
    [1, 'A'],
    [5, 'A'],
    [6, 'B'],
    [10, 'B'],
    [11, 'C'],
    [20, 'C'],
    [21, 'D'],
    [30, 'D'],
    [31, 'E'],
    [40, 'E'],
    [41, 'F'],
    [120, 'F'],
  ];
  it.each(ranks)('ranks %i as %s', (score, letter) => expect(cyclomaticRank(score)).toBe(letter));
});
