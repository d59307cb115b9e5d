import { beforeAll, describe, expect, it } from 'vitest';
import { cognitiveComplexity } from '../../../server/src/core/metrics';
import { definition, inFunction, loadParser, py } from './python';

beforeAll(loadParser);

function check(source: string, expected: number): void {
  expect(cognitiveComplexity(definition(source).node)).toBe(expected);
}

describe('cognitive complexity: increments and nesting', () => {
  const rules: [string, string, number][] = [
    ['a function without branches scores 0', inFunction('return 1'), 0],
    ['an if scores 1 at nesting 0', inFunction('if a: pass'), 1],
    ['elif and else score 1 each, without nesting', inFunction('if a: pass\nelif b: pass\nelse: pass'), 3],
    ['nested ifs score 1 plus their nesting', inFunction('if a:\n    if b:\n        if c: pass'), 6],
    ['an if inside an elif body is nested once', inFunction('if a: pass\nelif b:\n    if c: pass'), 4],
    ['loops score 1 plus their nesting', inFunction('for x in y:\n    while a: pass'), 3],
    ['a loop else scores 1', inFunction('for x in y: pass\nelse: pass'), 2],
    [
      'each except scores 1 plus nesting; try scores nothing',
      inFunction('try: pass\nexcept A: pass\nexcept B: pass'),
      2,
    ],
    ['except* scores like except', inFunction('try: pass\nexcept* A: pass'), 1],
    [
      'a try body adds no nesting, an except body does',
      inFunction('try:\n    if a: pass\nexcept A:\n    if b: pass'),
      4,
    ],
    [
      'a try else scores 1 and nests its body',
      inFunction('try: pass\nexcept A: pass\nelse:\n    if a: pass'),
      4,
    ],
    [
      'with and finally add no nesting',
      inFunction('with a:\n    if b: pass\ntry: pass\nfinally:\n    if c: pass'),
      2,
    ],
    [
      'a match scores once, its case bodies are nested',
      inFunction('match a:\n    case 1:\n        if b: pass\n    case _: pass'),
      3,
    ],
    [
      'a ternary scores 1 plus nesting and nests its operands',
      inFunction('if a:\n    v = b if c else (d if e else f)'),
      6,
    ],
    ['a sequence of like boolean operators scores 1', inFunction('return a and b and c'), 1],
    ['each change of boolean operator starts a new sequence', inFunction('return a and b or c and d'), 3],
    ['a mixed pair of operators scores 2', inFunction('return a or b and c'), 2],
    [
      'a negated parenthesised sequence is a sequence of its own',
      inFunction('return a and not (b and c)'),
      2,
    ],
    ['a parenthesised operand is a sequence of its own', inFunction('return (a and b) and c'), 2],
    ['boolean sequences score no nesting', inFunction('if a:\n    if b:\n        return c and d'), 4],
    ['a lambda nests its body', inFunction('k = lambda: a if b else c'), 2],
    ['a nested function nests its body one level', inFunction('x = 1\ndef g():\n    if a: pass'), 2],
    [
      'a lone nested function counts as a wrapper: no extra nesting (Sonar)',
      inFunction('def g():\n    if a: pass'),
      1,
    ],
    [
      'a function nested in an if nests one level below the if',
      inFunction('if x:\n    def g():\n        if a: pass'),
      4,
    ],
    [
      'break, continue, return, comprehensions and recursion add nothing',
      inFunction('while a:\n    if b: continue\n    break\nreturn [f(x) for x in y if x]'),
      3,
    ],
  ];
  it.each(rules)('%s', (_rule, source, expected) => check(source, expected));

  it('a decorator wrapper adds no nesting (SonarSource Python)', () => {
    check(
      py`
      def deco(fn):
          def wrapper(*args):
              if a: pass
          return wrapper
      `,
      1,
    );
  });

  it('methods of a class start at nesting 0 and the class sums them', () => {
    check(
      py`
      class C:
          def m(self):
              if a: pass
          def n(self):
              for x in y:
                  if b: pass
      `,
      4,
    );
  });

  it('a class nested in a function resets the nesting of its methods', () => {
    check(
      py`
      def f():
          if a:
              class C:
                  def m(self):
                      if b: pass
      `,
      2,
    );
  });
});

describe("the white paper's examples, ported to Python", () => {
  it('sumOfPrimes scores 6 (7 in Java, whose labelled continue has no Python equivalent)', () => {
    check(
      py`
      def sum_of_primes(maximum):
          total = 0
          for i in range(1, maximum + 1):
              for j in range(2, i):
                  if i % j == 0:
                      continue
              total += i
          return total
      `,
      6,
    );
  });

  it('getWords scores 1: a switch (match) counts once', () => {
    check(
      py`
      def get_words(number):
          match number:
              case 1:
                  return "one"
              case 2:
                  return "a couple"
              case 3:
                  return "a few"
              case _:
                  return "lots"
      `,
      1,
    );
  });

  it('the try/catch example scores 9', () => {
    check(
      py`
      def my_method():
          try:
              if condition1:
                  for i in range(10):
                      while condition2:
                          pass
          except (ExcepType1, ExcepType2) as e:
              if condition2:
                  pass
      `,
      9,
    );
  });

  it('the lambda example scores 2: the lambda adds nesting, not complexity', () => {
    check('def my_method2():\n    r = lambda: (a if condition1 else b)', 2);
  });
});
