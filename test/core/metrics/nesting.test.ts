import { beforeAll, describe, expect, it } from 'vitest';
import { maxNesting } from '../../../server/src/core/metrics';
import { definition, inFunction, loadParser } from './python';

beforeAll(loadParser);

describe('maximum nesting depth of compound statements', () => {
  const cases: [string, string, number][] = [
    ['a flat body is 0', inFunction('x = 1\nreturn x'), 0],
    ['one if is 1', inFunction('if a: pass'), 1],
    ['elif and else belong to their if', inFunction('if a: pass\nelif b: pass\nelse: pass'), 1],
    ['an if in a for is 2', inFunction('for x in y:\n    if a: pass'), 2],
    [
      'the deepest branch wins',
      inFunction('if a: pass\nwhile b:\n    with c:\n        try:\n            pass\n        except E: pass'),
      3,
    ],
    [
      'except, else and finally bodies are one level in',
      inFunction('try: pass\nexcept E:\n    if a: pass\nfinally:\n    pass'),
      2,
    ],
    ['a match counts once, not per case', inFunction('match a:\n    case 1:\n        if b: pass'), 2],
    [
      'comprehensions, ternaries and lambdas are not statements',
      inFunction('return [x if a else b for x in y if (lambda: c)()]'),
      0,
    ],
    [
      'a nested function adds no level but its statements count',
      inFunction('if a:\n    def g():\n        for x in y: pass'),
      2,
    ],
    [
      'a class counts its methods from 0',
      'class C:\n    def m(self):\n        if a:\n            for x in y: pass',
      2,
    ],
  ];
  it.each(cases)('%s', (_name, source, expected) => {
    expect(maxNesting(definition(source).node)).toBe(expected);
  });
});
