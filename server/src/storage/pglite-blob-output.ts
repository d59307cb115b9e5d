/**
 * The output of PGlite's `COPY … TO '/dev/blob'`, gathered in bulk.
 *
 * PGlite (0.5) keeps a copy of every write to '/dev/blob' (about a kilobyte each: the C library's
 * buffer) and hands the query a `Blob` made of all of them; reading that back resolves one promise per
 * part. Reading the stdlib's 45,000 similarity vectors (47 MB) and the graph pass's inputs that way cost
 * the main thread about 0.9 s on a one-file re-index, more than the COPYs themselves. `bulkBlobWrites`
 * gathers the writes in megabyte chunks instead and hands the query one byte array (`writtenBytes`).
 * A PGlite whose internals are not the ones described here keeps its own way.
 */
import type { PGlite } from '@electric-sql/pglite';
import { blobDeviceOps } from './pglite-blob-device';

/** Where the bytes of a gathered output are, on the "blob" a query returns. */
const BYTES = Symbol('motif.writtenBytes');

type Written = Pick<Blob, 'arrayBuffer' | 'size'> & { [BYTES]: Uint8Array };

/** The bytes of a query's `blob` gathered by `bulkBlobWrites`, or null for any other blob. */
export function writtenBytes(blob: Blob): Uint8Array | null {
  return (blob as Partial<Written>)[BYTES] ?? null;
}

/** An Emscripten device's write: `length` bytes of `buffer` from `offset`. */
type DeviceWrite = (
  stream: unknown,
  buffer: Int8Array,
  offset: number,
  length: number,
  position?: number,
) => number;

/** The parts of PGlite's internals this relies on besides the device (checked before use). */
interface PgliteInternals {
  _handleBlob?: (blob?: Blob) => Promise<void>;
  _getWrittenBlob?: () => Promise<Blob | undefined>;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Gather what queries write to '/dev/blob' in chunks, and hand each query the whole output as one byte
 * array. Returns false, changing nothing, when this PGlite's internals are not as expected.
 */
export function bulkBlobWrites(db: PGlite): boolean {
  const internals = db as unknown as PgliteInternals;
  const handle = internals._handleBlob;
  const written = internals._getWrittenBlob;
  if (typeof handle !== 'function' || typeof written !== 'function') return false;
  const ops = blobDeviceOps(db) as { write?: DeviceWrite } | null;
  if (!ops || typeof ops.write !== 'function') return false;

  // Full chunks, and the one being filled. PGlite runs one query at a time: each query starts with
  // `_handleBlob` (so a failed query's partial output is dropped there) and ends with `_getWrittenBlob`.
  let full: Uint8Array[] = [];
  let chunk: Uint8Array | null = null;
  let used = 0;
  const reset = () => {
    full = [];
    chunk = null;
    used = 0;
  };
  ops.write = (_stream, buffer, offset, length) => {
    let from = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length);
    while (from.length > 0) {
      if (chunk === null || used === chunk.length) {
        if (chunk !== null) full.push(chunk);
        chunk = new Uint8Array(Math.max(CHUNK_BYTES, from.length));
        used = 0;
      }
      const n = Math.min(chunk.length - used, from.length);
      chunk.set(from.subarray(0, n), used);
      used += n;
      from = from.subarray(n);
    }
    return length;
  };
  internals._handleBlob = function (this: unknown, blob?: Blob) {
    reset();
    return handle.call(this, blob);
  };
  internals._getWrittenBlob = async function (this: unknown) {
    if (chunk === null) return written.call(this);
    const size = full.reduce((sum, c) => sum + c.length, used);
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of full) {
      bytes.set(c, at);
      at += c.length;
    }
    bytes.set((chunk as Uint8Array).subarray(0, used), at);
    reset();
    const blob: Written = {
      size,
      arrayBuffer: () => Promise.resolve(bytes.buffer as ArrayBuffer),
      [BYTES]: bytes,
    };
    return blob as unknown as Blob;
  };
  return true;
}
