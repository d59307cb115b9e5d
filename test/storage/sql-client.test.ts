/**
 * The SQL port's helpers: password redaction in URLs and messages, and the caret rendering of a
 * statement position.
 */
import { describe, expect, it } from 'vitest';
import { caretAt, hideSecret, queryError, redactUrl } from '../../server/src/storage/sql-client';

describe('redactUrl', () => {
  const cases: [string, string][] = [
    ['postgres://motif:secret@db.example:5432/motif', 'postgres://motif:***@db.example:5432/motif'],
    ['postgresql://u:p%40ss@h/db?sslmode=require', 'postgresql://u:***@h/db?sslmode=require'],
    ['postgres://u:p@ss/w@h/db', 'postgres://u:***@h/db'],
    [
      'postgres://h/db?user=u&password=secret&sslmode=require',
      'postgres://h/db?user=u&password=***&sslmode=require',
    ],
    ['postgres://u:a@h/db?password=b', 'postgres://u:***@h/db?password=***'],
    ['postgres://u@h/db', 'postgres://u@h/db'],
    ['postgres://h:5432/db', 'postgres://h:5432/db'],
    ['/home/me/project/.motif/db', '/home/me/project/.motif/db'],
  ];
  for (const [url, expected] of cases) {
    it(`redacts ${expected}`, () => {
      expect(redactUrl(url)).toBe(expected);
    });
  }
});

describe('error messages', () => {
  it('hide a secret wherever it appears', () => {
    expect(hideSecret('auth failed for s3cret at s3cret', 's3cret')).toBe('auth failed for *** at ***');
    expect(hideSecret('nothing to hide', undefined)).toBe('nothing to hide');
  });

  it('put a caret under the reported position, on its own line', () => {
    expect(caretAt('SELECT 1\nFROM nowhere', 15)).toBe('  2 | FROM nowhere\n           ^');
    expect(caretAt('SELEC 1', 1)).toBe('  1 | SELEC 1\n      ^');
  });

  it('wrap driver errors as query errors with SQLSTATE, detail and caret', () => {
    const driverError = Object.assign(new Error('syntax error at or near "FORM"'), {
      code: '42601',
      position: '10',
      detail: 'some detail',
    });
    const error = queryError(driverError, 'SELECT 1 FORM t');
    expect(error.kind).toBe('query');
    expect(error.code).toBe('42601');
    expect(error.message).toBe(
      'syntax error at or near "FORM" (SQLSTATE 42601)\ndetail: some detail\n  1 | SELECT 1 FORM t\n               ^',
    );
    expect(error.cause).toBe(driverError);
  });

  it('drop the statement parameters PGlite attaches from the cause', () => {
    const driverError = Object.assign(new Error('value too long'), {
      code: '22001',
      params: ['x'.repeat(10_000)],
    });
    const cause = queryError(driverError, 'INSERT …').cause as Error & { code?: string };
    expect(cause).not.toHaveProperty('params');
    expect(cause.message).toBe('value too long');
    expect(cause.code).toBe('22001');
  });
});
