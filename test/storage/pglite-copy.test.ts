/**
 * Binary COPY into the embedded store (`copyFrom` in storage/pglite-client.ts): PGlite reads the whole
 * buffer it is handed, so the adapter must pass exactly the input's bytes, whether the input is a view
 * into a larger buffer (what `BinaryCopy.finish` returns) or fills its buffer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinaryCopy, COPY_BINARY, COPY_FRAME_BYTES } from '../../server/src/storage/copy-binary';
import { openPglite } from '../../server/src/storage/pglite-client';
import type { SqlClient } from '../../server/src/storage/sql-client';

let sql: SqlClient;
beforeAll(async () => {
  sql = await openPglite();
  await sql.exec('CREATE TABLE t (n int4, s text)');
});
afterAll(async () => {
  await sql.close();
});

function input(rows: [number, string | null][], capacity?: number): Uint8Array {
  const copy = new BinaryCopy(capacity);
  for (const [n, s] of rows) {
    copy.row(2);
    copy.int4(n);
    copy.text(s);
  }
  return copy.finish();
}

async function load(data: Uint8Array) {
  await sql.exec('TRUNCATE t');
  await sql.copyFrom!(`COPY t (n, s) FROM '/dev/blob' WITH ${COPY_BINARY}`, data);
  return sql.query<{ n: number; s: string | null }>('SELECT n, s FROM t ORDER BY n');
}

describe('copyFrom on PGlite', () => {
  const rows: [number, string | null][] = [
    [1, 'one'],
    [2, null],
    [3, 'три ✓'],
  ];
  const expected = rows.map(([n, s]) => ({ n, s }));

  it('loads a view into a larger buffer without reading past its end', async () => {
    const data = input(rows, 1 << 16);
    expect(data.byteLength).toBeLessThan(data.buffer.byteLength);
    expect(await load(data)).toEqual(expected);
  });

  it('loads an input that fills its buffer', async () => {
    const view = input(rows);
    const exact = new Uint8Array(view);
    expect(exact.byteLength).toBe(exact.buffer.byteLength);
    expect(await load(exact)).toEqual(expected);
  });

  it('fills a buffer sized exactly for its rows, long strings last, without growing it', async () => {
    // Three UTF-8 bytes a unit would not fit at the end; the exact length does (no doubling, no copy).
    const tail: [number, string][] = [
      [4, 'z'.repeat(100_000)],
      [5, 'é'.repeat(50_000)],
    ];
    const all = [...rows, ...tail];
    let capacity = COPY_FRAME_BYTES;
    for (const [, s] of all) capacity += 2 + 8 + 4 + (s === null ? 0 : Buffer.byteLength(s));
    const data = input(all, capacity);
    expect(data.byteLength).toBe(capacity);
    expect(data.buffer.byteLength).toBe(capacity);
    expect(await load(data)).toEqual(all.map(([n, s]) => ({ n, s })));
  });

  it('loads an input that outgrew the size it was given', async () => {
    const many = Array.from({ length: 500 }, (_, i): [number, string] => [i, `row ${i} ${'x'.repeat(i)}`]);
    expect(await load(input(many, 32))).toEqual(many.map(([n, s]) => ({ n, s })));
  });
});
