import { describe, expect, it } from 'vitest';
import { rawMetrics } from '../../../server/src/core/metrics';

type Counts = [
  loc: number,
  lloc: number,
  sloc: number,
  comments: number,
  multi: number,
  blank: number,
  singleComments: number,
];

function check(text: string, expected: Counts): void {
  const r = rawMetrics(text);
  expect([r.loc, r.lloc, r.sloc, r.comments, r.multi, r.blank, r.singleComments]).toEqual(expected);
  expect(r.loc).toBe(r.sloc + r.blank + r.multi + r.singleComments);
}

// Expected tuples are radon's (loc, lloc, sloc, comments, multi, blank, single_comments).
describe("radon's own raw cases (radon/tests/test_raw.py ANALYZE_CASES)", () => {
  const cases: [string, string, Counts][] = [
    ['an empty text counts nothing', '', [0, 0, 0, 0, 0, 0, 0]],
    ['a lone multi-line string is multi, not sloc', '"""\ndoc?\n"""', [3, 1, 0, 0, 3, 0, 0]],
    [
      'comment lines are single comments',
      "# just a comment\nif a and b:\n    print('woah')\nelse:\n    # you'll never get here\n    print('ven')",
      [6, 4, 4, 2, 0, 0, 2],
    ],
    ['empty comments count', '#\n#\n#', [3, 0, 0, 3, 0, 0, 3]],
    ['blank lines are blank', 'if a:\n    print\n\n\nelse:\n    print', [6, 4, 4, 0, 0, 2, 0]],
    [
      'a one-line docstring is a single comment',
      'def f(n):\n    """here"""\n    return n * f(n - 1)',
      [3, 3, 2, 0, 0, 0, 1],
    ],
    [
      'inline comments count as comments, and if-with-body lines as 2 logical lines',
      'def hip(a, k):\n    if k == 1: return a\n    # getting high...\n    return a ** hip(a, k - 1)\n\ndef fib(n):\n    """Compute the n-th Fibonacci number.\n\n    Try it with n = 294942: it will take a fairly long time.\n    """\n    if n <= 1: return 1  # otherwise it will melt the cpu\n    return fib(n - 2) + fib(n - 1)',
      [12, 9, 6, 2, 3, 2, 1],
    ],
    [
      'parameters with default values',
      'def foo(n=1):\n   """\n   Try it with n = 294942: it will take a fairly long time.\n   """\n   if n <= 1: return 1  # otherwise it will melt the cpu',
      [5, 4, 2, 1, 3, 0, 0],
    ],
    [
      'an assigned one-line triple-quoted string is code',
      'def foo(n=1):\n   """\n   Try it with n = 294942: it will take a fairly long time.\n   """\n   if n <= 1: return 1  # otherwise it will melt the cpu\n   string = """This is a string not a comment"""',
      [6, 5, 3, 1, 3, 0, 0],
    ],
    [
      'an assigned multi-line string is code',
      'def foo(n=1):\n   """\n   Try it with n = 294942: it will take a fairly long time.\n   """\n   if n <= 1: return 1  # otherwise it will melt the cpu\n   string = """\n            This is a string not a comment\n            """',
      [8, 5, 5, 1, 3, 0, 0],
    ],
    [
      'code after an assigned multi-line string',
      'def foo(n=1):\n   """\n   Try it with n = 294942: it will take a fairly long time.\n   """\n   if n <= 1: return 1  # otherwise it will melt the cpu\n   string ="""\n           This is a string not a comment\n           """\n   test = 0',
      [9, 6, 6, 1, 3, 0, 0],
    ],
    [
      'a backslash continuation joins lines into one logical line',
      'def foo(n=1):\n   """\n   Try it with n = 294942: it will take a fairly long time.\n   """\n   if n <= 1: return 1  # otherwise it will melt the cpu\n   string = \\\n           """\n           This is a string not a comment\n           """\n   test = 0',
      [10, 6, 7, 1, 3, 0, 0],
    ],
    [
      'a last-line comment',
      'def foo(n=1):\n   """\n   Try it with n = 294942: it will take a fairly long time.\n   """\n   if n <= 1: return 1  # otherwise it will melt the cpu\n   string =\\\n           """\n           This is a string not a comment\n           """\n   test = 0\n   # Comment',
      [11, 6, 7, 2, 3, 0, 1],
    ],
    [
      'a continued string at the end',
      'def foo(n=1):\n   """\n   Try it with n = 294942: it will take a fairly long time.\n   """\n   if n <= 1: return 1  # otherwise it will melt the cpu\n   test = 0\n   string = \\\n           """\n           This is a string not a comment\n           """',
      [10, 6, 7, 1, 3, 0, 0],
    ],
    [
      'a signature over several lines is one logical line',
      'def function(\n    args\n):\n    """This is a multi-line docstring\n    for the function\n    """\n    pass',
      [7, 3, 4, 0, 3, 0, 0],
    ],
    [
      'a string with spaces only',
      'def function():\n    multiline_with_equals_in_it = """ """\n    pass',
      [3, 3, 3, 0, 0, 0, 0],
    ],
    [
      'a one-line docstring',
      'def function():\n    """ a docstring in a single line counts as a single-line comment """',
      [2, 2, 1, 0, 0, 0, 1],
    ],
    [
      'concatenated strings are code',
      'def function():\n    """ this is not a """ """ docstring because it is concatenated """',
      [2, 2, 2, 0, 0, 0, 0],
    ],
    [
      'strings joined by a backslash are code',
      'def function():\n    " this is not a multiline " \\\n        " docstring "',
      [3, 2, 3, 0, 0, 0, 0],
    ],
    [
      'a string followed by a comment is code',
      'def function():\n    """ this is not a docstring """ # because it also has a comment on the line',
      [2, 2, 2, 1, 0, 0, 0],
    ],
    [
      'a string continued onto a comment line is code',
      'def function():\n    " a docstring is a not single-line comment when " \\\n        # followed by a comment on a another line',
      [3, 2, 3, 1, 0, 0, 0],
    ],
    [
      'a string continued onto a blank line',
      'def function():\n    """ docstring continued by blank line is not a single-line comment """ \\\n\n    pass',
      [4, 2, 3, 0, 0, 1, 0],
    ],
    ['semicolons separate logical lines', 'def function():\n    pass; pass', [2, 3, 2, 0, 0, 0, 0]],
    [
      'a docstring followed by a statement',
      'def function():\n    """ doc string """; pass',
      [2, 3, 2, 0, 0, 0, 0],
    ],
  ];
  it.each(cases)('%s', (_rule, text, expected) => check(text, expected));
});

describe('raw counts replaying radon on Python 3.11 tokenize', () => {
  const cases: [string, string, Counts][] = [
    ['logical: an expression is 1', 'a * b + c', [1, 1, 1, 0, 0, 0, 0]],
    ['logical: a compound header is 1', 'if a:', [1, 1, 1, 0, 0, 0, 0]],
    ['logical: a header with a comment is 1', 'try:  # just a comment', [1, 1, 1, 1, 0, 0, 0]],
    ['logical: a header with its body is 2', 'if a: return', [1, 2, 1, 0, 0, 0, 0]],
    [
      'logical: a subscript slice counts 2 (the last colon is not the last token)',
      'd[3:]',
      [1, 2, 1, 0, 0, 0, 0],
    ],
    ['logical: a dict display counts 2', "x = {'a': 1}", [1, 2, 1, 0, 0, 0, 0]],
    ['logical: a lambda counts 2', 'f = lambda: 0', [1, 2, 1, 0, 0, 0, 0]],
    ['logical: an annotated assignment counts 2', 'x: int = 1', [1, 2, 1, 0, 0, 0, 0]],
    ['logical: a walrus is not a colon', 'if (n := 1) > 0:', [1, 1, 1, 0, 0, 0, 0]],
    [
      'logical: a slice before a semicolon counts 1 (no ENDMARKER in non-final parts)',
      'x = d[1:]; y = 2',
      [1, 2, 1, 0, 0, 0, 0],
    ],
    ['logical: five statements on a line', 'a = 2; b = 43; c = 42; d = 3; print(a)', [1, 5, 1, 0, 0, 0, 0]],
    ['logical: a trailing semicolon adds nothing', 'a = 1; b = 2;', [1, 2, 1, 0, 0, 0, 0]],
    ['logical: a number with an exponent is one token', 'f = lambda: 1e-5; y = 0', [1, 2, 1, 0, 0, 0, 0]],
    [
      'a hash inside a string is not a comment, an inline comment is',
      "x = '# not a comment'  # a comment",
      [1, 1, 1, 1, 0, 0, 0],
    ],
    [
      'quotes and escapes inside strings',
      'x = \'it\\\'s\'; y = """a "quoted" \\""" word"""',
      [1, 2, 1, 0, 0, 0, 0],
    ],
    ['CRLF line endings', 'def f():\r\n    # c\r\n    return 1\r\n', [3, 2, 2, 1, 0, 0, 1]],
    ['a form feed splits lines like str.splitlines', 'x = 1\fy = 2', [2, 2, 2, 0, 0, 0, 0]],
    ['prefixed triple-quoted strings', "def f():\n    rb'''a\n    b'''\n    return 1", [4, 3, 2, 0, 2, 0, 0]],
    [
      'a standalone multi-line f-string is a multi-line string (one STRING token before Python 3.12)',
      'def f():\n    f"""a\n    {b}"""\n    return 1',
      [4, 3, 2, 0, 2, 0, 0],
    ],
    [
      'bracket continuation lines are one logical line',
      'x = f(a,\n      b,\n\n      c)',
      [4, 1, 3, 0, 0, 1, 0],
    ],
    ['indentation and tabs are stripped', 'if a:\n\tif b:\n\t\tpass', [3, 3, 3, 0, 0, 0, 0]],
  ];
  it.each(cases)('%s', (_rule, text, expected) => check(text, expected));

  it('a backslash continued onto a blank line takes the next line into its group', () => {
    check('x = 1 + \\\n\n\ny = 2', [4, 2, 2, 0, 0, 2, 0]);
  });

  it('a group opened by a lone backslash and a blank line is code, even if a string follows', () => {
    check("\\\n\n'''doc\nmore'''", [4, 1, 3, 0, 0, 1, 0]);
  });

  it('counts an unfinished statement instead of raising like radon', () => {
    check('x = [1,\n2', [2, 1, 2, 0, 0, 0, 0]);
  });
});
