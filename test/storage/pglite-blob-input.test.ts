/**
 * The bulk '/dev/blob' read (storage/pglite-blob-input.ts): installed on the PGlite this project pins,
 * it serves inputs made by `copySource` with one copy per read, leaves any other blob to PGlite's own
 * read, and declines (changing nothing) where PGlite's internals are not the expected ones.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkBlobReads, copySource } from '../../server/src/storage/pglite-blob-input';

interface Device {
  stream_ops: { read: unknown };
}
interface Fs {
  lookupPath(path: string): { node: { rdev: number } };
  getDevice(rdev: number): Device;
}

let db: PGlite;
let device: Device;
let pglitesRead: unknown;

beforeAll(async () => {
  db = await PGlite.create();
  const fs = (db as unknown as { mod: { FS: Fs } }).mod.FS;
  device = fs.getDevice(fs.lookupPath('/dev/blob').node.rdev);
  pglitesRead = device.stream_ops.read;
  await db.exec('CREATE TABLE t (n int4, s text)');
});
afterAll(async () => {
  await db.close();
});

/** COPY text for `rows` lines of varied bytes (several of PostgreSQL's 64 KB reads). */
function copyText(rows: number): string {
  return Array.from({ length: rows }, (_, i) => `${i}\tline ${i} ${'αβγ'.repeat(i % 50)}\n`).join('');
}

async function loaded(blob: Blob): Promise<string> {
  await db.exec('TRUNCATE t');
  await db.query(`COPY t (n, s) FROM '/dev/blob'`, [], { blob });
  const out = await db.query<{ n: number; s: string }>('SELECT n, s FROM t ORDER BY n');
  return out.rows.map((r) => `${r.n}\t${r.s}\n`).join('');
}

describe('bulk reads of /dev/blob', () => {
  it('install on the pinned PGlite, replacing its byte-by-byte read', () => {
    expect(bulkBlobReads(db)).toBe(true);
    expect(device.stream_ops.read).not.toBe(pglitesRead);
  });

  it('load a copySource input exactly, a view into a larger buffer included', async () => {
    const text = copyText(4_000);
    const bytes = Buffer.from(text);
    expect(bytes.byteLength).toBeGreaterThan(3 * 65_536);
    const padded = new Uint8Array(bytes.byteLength + 1_000).fill(0x21);
    padded.set(bytes, 500);
    const view = padded.subarray(500, 500 + bytes.byteLength);
    expect(await loaded(copySource(view))).toBe(text);
    expect(await loaded(copySource(new Uint8Array(bytes)))).toBe(text);
  });

  it('leave any other blob to PGlite, and COPY TO keeps working', async () => {
    const text = copyText(300);
    expect(await loaded(new Blob([text]))).toBe(text);
    const written = await db.query(`COPY (SELECT n FROM t ORDER BY n LIMIT 3) TO '/dev/blob'`);
    expect(await written.blob!.text()).toBe('0\n1\n2\n');
  });

  it('decline, changing nothing, where the internals differ', () => {
    const handle = async () => {};
    const other = { _handleBlob: handle, _cleanupBlob: handle };
    expect(bulkBlobReads(other as unknown as PGlite)).toBe(false);
    expect([other._handleBlob, other._cleanupBlob]).toEqual([handle, handle]);
    expect(bulkBlobReads({} as PGlite)).toBe(false);
  });
});
