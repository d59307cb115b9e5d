/**
 * The bulk '/dev/blob' output (storage/pglite-blob-output.ts): installed on the PGlite this project pins,
 * a `COPY … TO '/dev/blob'` hands the query exactly what PostgreSQL wrote, as one byte array; a query
 * that failed midway leaves nothing for the next; and it declines (changing nothing) where PGlite's
 * internals are not the expected ones.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkBlobWrites, writtenBytes } from '../../server/src/storage/pglite-blob-output';

interface Device {
  stream_ops: { write: unknown };
}
interface Fs {
  lookupPath(path: string): { node: { rdev: number } };
  getDevice(rdev: number): Device;
}

let db: PGlite;
let device: Device;
let pglitesWrite: unknown;

beforeAll(async () => {
  db = await PGlite.create();
  const fs = (db as unknown as { mod: { FS: Fs } }).mod.FS;
  device = fs.getDevice(fs.lookupPath('/dev/blob').node.rdev);
  pglitesWrite = device.stream_ops.write;
});
afterAll(async () => {
  await db.close();
});

// Rows of varied length and multi-byte text: about 6 MB, several of the gatherer's 1 MB chunks.
const ROWS = 40_000;
const ROWS_SQL = `SELECT n, repeat('αβγ', n % 50) || ' ' || n FROM generate_series(1, ${ROWS}) AS n`;
const expected = Array.from(
  { length: ROWS },
  (_, i) => `${i + 1}\t${'αβγ'.repeat((i + 1) % 50)} ${i + 1}\n`,
).join('');

async function copied(sql: string): Promise<Uint8Array | null> {
  const { blob } = await db.query(`COPY (${sql}) TO '/dev/blob'`);
  if (!blob) return null;
  return writtenBytes(blob) ?? new Uint8Array(await blob.arrayBuffer());
}

describe('bulk output of /dev/blob', () => {
  it("gives PGlite's own output before it is installed", async () => {
    expect(Buffer.from((await copied(ROWS_SQL))!).toString()).toBe(expected);
  });

  it('install on the pinned PGlite, replacing its write', () => {
    expect(bulkBlobWrites(db)).toBe(true);
    expect(device.stream_ops.write).not.toBe(pglitesWrite);
  });

  it('hand a COPY its whole output as one byte array, exactly, in and out of a transaction', async () => {
    const { blob } = await db.query(`COPY (${ROWS_SQL}) TO '/dev/blob'`);
    const bytes = writtenBytes(blob!);
    expect(bytes).not.toBeNull();
    expect(bytes!.byteLength).toBeGreaterThan(3 * 2 ** 20);
    expect(blob!.size).toBe(bytes!.byteLength);
    expect(Buffer.from(bytes!).toString()).toBe(expected);
    expect(Buffer.from(await blob!.arrayBuffer()).toString()).toBe(expected);
    const inTx = await db.transaction(async (tx) => {
      const result = await tx.query(`COPY (SELECT 'a' UNION ALL SELECT 'b') TO '/dev/blob'`);
      return writtenBytes(result.blob!);
    });
    expect(Buffer.from(inTx!).toString()).toBe('a\nb\n');
  });

  it('leave nothing of one query for the next: no output, or a failed COPY', async () => {
    expect((await db.query('SELECT 1 AS one')).blob).toBeUndefined();
    // Fails after writing thousands of rows (more than the C library's buffer).
    await expect(
      db.query(`COPY (SELECT n, 1 / (n - 30000) FROM generate_series(1, ${ROWS}) AS n) TO '/dev/blob'`),
    ).rejects.toThrow(/division by zero/);
    expect(Buffer.from((await copied(`SELECT 'after'`))!).toString()).toBe('after\n');
    expect((await db.query('SELECT 2 AS two')).blob).toBeUndefined();
  });

  it('decline, changing nothing, where the internals differ', () => {
    const handle = async () => {};
    const written = async () => undefined;
    const other = { _handleBlob: handle, _getWrittenBlob: written };
    expect(bulkBlobWrites(other as unknown as PGlite)).toBe(false);
    expect([other._handleBlob, other._getWrittenBlob]).toEqual([handle, written]);
    expect(bulkBlobWrites({} as PGlite)).toBe(false);
  });
});
