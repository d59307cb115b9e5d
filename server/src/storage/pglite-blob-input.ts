/**
 * The input of PGlite's `COPY … FROM '/dev/blob'`, and a faster read of it.
 *
 * PGlite (0.5) reads '/dev/blob' through an Emscripten device whose `read` copies the input into the
 * database's memory one byte at a time, in a JavaScript loop. Indexing the Python standard library
 * sends about 300 MB of binary COPY data through it, which cost the main thread about 1.1 CPU-seconds
 * (its largest JavaScript function in a profile). `bulkBlobReads` replaces that `read` with one
 * typed-array copy for inputs made by `copySource`; other inputs, and a PGlite whose internals are not
 * the ones described here, keep PGlite's own read.
 */
import type { PGlite } from '@electric-sql/pglite';
import { blobDeviceOps } from './pglite-blob-device';

/** Where `copySource` keeps its bytes, for the bulk read. */
const BYTES = Symbol('motif.copyBytes');

type CopySource = Pick<Blob, 'arrayBuffer'> & { [BYTES]: Uint8Array };

/**
 * `data` as the "blob" PGlite reads '/dev/blob' from. PGlite only ever calls `arrayBuffer()` on it, so
 * this hands over the bytes with at most one copy (none when `data` spans its whole buffer). A real
 * `Blob` costs two copies per COPY, and its native memory is freed only when the garbage collector
 * happens to reach it: indexing the stdlib, the main thread's malloc heap grew to 122 MB by the end of
 * the file phase (15 MB with this and COPY buffers sized from their rows).
 */
export function copySource(data: Uint8Array): Blob {
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  // `new Uint8Array(data)` copies; a Buffer's `slice` would not.
  const bytes = whole ? data : new Uint8Array(data);
  const source: CopySource = {
    arrayBuffer: () => Promise.resolve(bytes.buffer as ArrayBuffer),
    [BYTES]: bytes,
  };
  return source as unknown as Blob;
}

/** An Emscripten device's read: into `buffer` at `offset`, up to `length` bytes from `position`. */
type DeviceRead = (
  stream: unknown,
  buffer: Int8Array,
  offset: number,
  length: number,
  position: number,
) => number;

/** The parts of PGlite's internals this relies on besides the device (checked before use). */
interface PgliteInternals {
  _handleBlob?: (blob?: Blob) => Promise<void>;
  _cleanupBlob?: () => Promise<void>;
}

/**
 * Make '/dev/blob' reads of `copySource` inputs one bulk copy. Returns false, changing nothing, when
 * this PGlite's internals are not as expected (its own byte loop then stays).
 */
export function bulkBlobReads(db: PGlite): boolean {
  const internals = db as unknown as PgliteInternals;
  const handle = internals._handleBlob;
  const cleanup = internals._cleanupBlob;
  if (typeof handle !== 'function' || typeof cleanup !== 'function') return false;
  const ops = blobDeviceOps(db) as { read?: DeviceRead } | null;
  const byteRead = ops?.read;
  if (!ops || typeof byteRead !== 'function') return false;

  // PGlite hands each query's blob to `_handleBlob` inside its exclusive section, and calls
  // `_cleanupBlob` when the query is done: the input being read is the one last handed over.
  let current: Uint8Array | undefined;
  internals._handleBlob = function (this: unknown, blob?: Blob) {
    current = (blob as Partial<CopySource> | undefined)?.[BYTES];
    return handle.call(this, blob);
  };
  internals._cleanupBlob = function (this: unknown) {
    current = undefined;
    return cleanup.call(this);
  };
  ops.read = (stream, buffer, offset, length, position) => {
    const input = current;
    if (!input) return byteRead(stream, buffer, offset, length, position);
    if (position >= input.length) return 0;
    const n = Math.min(input.length - position, length);
    new Uint8Array(buffer.buffer, buffer.byteOffset + offset, n).set(input.subarray(position, position + n));
    return n;
  };
  return true;
}
