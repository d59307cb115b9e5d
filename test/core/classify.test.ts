import { describe, expect, it } from 'vitest';
import { categoryOf } from '../../server/src/core/classify/category';
import { readFeatures } from '../../server/src/core/classify/features';
import { humanise, patternNameOf } from '../../server/src/core/classify/naming';
import { tagsOf } from '../../server/src/core/classify/tags';
import { findDefinitions } from '../../server/src/core/extract/definitions';
import { absoluteModule, readImports } from '../../server/src/core/extract/imports';
import { parsePython, py } from '../helpers/parse';

async function classify(source: string, qualifiedName: string, filePath = 'm.py') {
  const tree = await parsePython(source);
  const imports = readImports(tree.root, source);
  const found = findDefinitions(tree, imports).find((f) => f.definition.qualifiedName === qualifiedName)!;
  const modules = found.definition.imports.map((b) => absoluteModule(b, filePath)!).filter(Boolean);
  const tags = tagsOf(found.definition, readFeatures(found.outer, source), modules);
  return {
    name: patternNameOf(found.definition, tags),
    tags: tags.map((t) => t.tag),
    category: categoryOf(tags).category,
  };
}

describe('classification', () => {
  it('names the seed example "Async Database Transaction with Retry"', async () => {
    const result = await classify(
      py`
      import asyncio
      import asyncpg
      class Manager:
          async def execute_with_retry(self, operation, max_attempts=3):
              """Execute database operation with automatic retry on failure."""
              for attempt in range(max_attempts):
                  try:
                      async with self.transaction():
                          result = await operation()
                          return result
                  except asyncpg.PostgresError as e:
                      if attempt == max_attempts - 1:
                          raise
                      await asyncio.sleep(2 ** attempt)
    `,
      'Manager.execute_with_retry',
    );
    expect(result.name).toBe('Async Database Transaction with Retry');
    expect(result.tags).toEqual(
      expect.arrayContaining(['async', 'database', 'retry', 'error_handling', 'transaction']),
    );
    expect(result.category).toBe('database_operations');
  });

  it('recognises context managers, decorators and validators from their shape', async () => {
    const cm = await classify(
      'class TempDir:\n    def __enter__(self): return self\n    def __exit__(self, *a): pass\n',
      'TempDir',
    );
    expect(cm.name).toBe('Temp Dir Context Manager');
    const deco = await classify(
      py`
      import functools
      def logged(fn):
          @functools.wraps(fn)
          def wrapper(*args):
              return fn(*args)
          return wrapper
    `,
      'logged',
    );
    expect(deco.tags).toContain('decorator');
    expect(deco.name).toBe('Logged Decorator');
    const validator = await classify(
      'def check_port(value):\n    if not isinstance(value, int):\n        raise TypeError("port")\n    return value\n',
      'check_port',
    );
    expect(validator.category).toBe('validation');
    expect(validator.name).toBe('Check Port Validator');
  });

  it('does not tag validation from a name alone', async () => {
    const r = await classify('def validate(x):\n    return x + 1\n', 'validate');
    expect(r.tags).not.toContain('validation');
    expect(r.name).toBe('Validate Function');
  });

  it('falls back to the humanised identifier and kind when no role is evident', async () => {
    const r = await classify('class HTTPServerConfig:\n    pass\n', 'HTTPServerConfig');
    expect(r.name).toBe('HTTP Server Config Class');
    expect(r.category).toBe('general');
  });

  it('humanises snake, camel and acronym identifiers', () => {
    expect(humanise('parse_json_header')).toBe('Parse JSON Header');
    expect(humanise('parseURL')).toBe('Parse URL');
    expect(humanise('__init__')).toBe('Init');
    expect(humanise('XMLHttpRequest')).toBe('XML HTTP Request');
  });

  it('puts test functions and TestCase classes in testing', async () => {
    const r = await classify(
      'import unittest\nclass TestX(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(1, 1)\n',
      'TestX',
    );
    expect(r.category).toBe('testing');
    expect(r.name).toBe('X Test Case');
  });
});

describe('database evidence', () => {
  it('needs a database-like receiver: a command runner’s self.execute() and an HTTP response’s begin() are not database code', async () => {
    const runner = await classify(
      'class Cmd:\n    def run(self):\n        self.execute(print, ())\n',
      'Cmd.run',
    );
    expect(runner.tags).not.toContain('database');
    const http = await classify('def get(response):\n    response.begin()\n    return response\n', 'get');
    expect(http.tags).not.toContain('transaction');
    const db = await classify(
      'def save(self, row):\n    cur = self._conn.cursor()\n    cur.execute("INSERT INTO t VALUES (?)", row)\n    self._conn.commit()\n',
      'save',
    );
    expect(db.tags).toEqual(expect.arrayContaining(['database']));
    expect(db.category).toBe('database_operations');
  });
});

describe('SQL evidence', () => {
  it('comes from SQL strings the code uses, not from a docstring that says "select … from"', async () => {
    const doc = await classify(
      'def include(self, pattern):\n    """Select strings (presumably filenames) from \'self.files\' that match."""\n    return [f for f in self.files if pattern in f]\n',
      'include',
    );
    expect(doc.tags).not.toContain('database');
    const sql = await classify(
      'def names(c):\n    return c.run("SELECT name FROM users WHERE id = ?")\n',
      'names',
    );
    expect(sql.tags).toContain('database');
  });
});
