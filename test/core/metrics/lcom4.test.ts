import { beforeAll, describe, expect, it } from 'vitest';
import { lcom4 } from '../../../server/src/core/metrics';
import { definition, loadParser, py } from './python';

beforeAll(loadParser);

function check(source: string, expected: number | null): void {
  const { node, source: text } = definition(source);
  expect(lcom4(node, text)).toBe(expected);
}

describe('LCOM4 of a class', () => {
  it('is null for a function', () => {
    check('def f(self):\n    return self.x', null);
  });

  it('is 0 for a class without methods', () => {
    check('class C:\n    x = 1', 0);
  });

  it('is 1 for a cohesive class', () => {
    check(
      py`
      class Counter:
          def __init__(self):
              self.count = 0
          def increment(self):
              self.count += 1
          def value(self):
              return self.count
      `,
      1,
    );
  });

  it('is 2 for two disjoint groups of methods', () => {
    check(
      py`
      class Mixed:
          def area(self):
              return self.width * self.height
          def scale(self, k):
              self.width *= k
          def connect(self):
              self.socket = open_socket()
          def send(self, data):
              self.socket.send(data)
      `,
      2,
    );
  });

  it('joins methods when one calls another through self', () => {
    check(
      py`
      class C:
          def a(self):
              return self.x
          def b(self):
              return self.y
          def c(self):
              return self.a() + self.b()
      `,
      1,
    );
  });

  it('joins __init__ like any method: initialising every attribute makes the class cohesive', () => {
    check(
      py`
      class C:
          def __init__(self):
              self.x = 0
              self.y = 0
          def a(self):
              return self.x
          def b(self):
              return self.y
      `,
      1,
    );
  });

  it('treats a property use as a use of that method', () => {
    check(
      py`
      class C:
          @property
          def size(self):
              return self._size
          def grow(self):
              return self.size + 1
      `,
      1,
    );
  });

  it('joins a property getter and setter of the same name', () => {
    check(
      py`
      class C:
          @property
          def name(self):
              return 'fixed'
          @name.setter
          def name(self, value):
              pass
      `,
      1,
    );
  });

  it('leaves a static method alone unless another method calls it', () => {
    check(
      py`
      class C:
          @staticmethod
          def helper(self):
              return self.x
          def a(self):
              return self.x
      `,
      2,
    );
    check(
      py`
      class C:
          @staticmethod
          def helper(x):
              return x
          def a(self):
              return self.helper(1)
      `,
      1,
    );
  });

  it('uses the cls receiver of class methods', () => {
    check(
      py`
      class C:
          @classmethod
          def make(cls):
              return cls.registry
          def find(self):
              return self.registry
      `,
      1,
    );
  });

  it('counts uses in closures but not in nested classes', () => {
    check(
      py`
      class C:
          def a(self):
              return lambda: self.x
          def b(self):
              def inner():
                  return self.x
              return inner
          def c(self):
              class Inner:
                  def m(self):
                      return self.x
              return Inner
      `,
      2,
    );
  });
});
