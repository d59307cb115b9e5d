/**
 * Vectors as stored: float32 little-endian bytes in a `bytea` column. Written as base64 text through
 * `decode(…, 'base64')` (a text array parameter works the same on pg and PGlite), read back as bytes.
 */

/** Base64 of a vector's little-endian float32 bytes. */
export function vectorToBase64(vector: Float32Array): string {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < vector.length; i++) view.setFloat32(i * 4, vector[i]!, true);
  return Buffer.from(bytes).toString('base64');
}

/** A vector from a `bytea` value (pg gives a Buffer, PGlite a Uint8Array; both may be unaligned). */
export function vectorFromBytes(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector = new Float32Array(bytes.byteLength >>> 2);
  for (let i = 0; i < vector.length; i++) vector[i] = view.getFloat32(i * 4, true);
  return vector;
}
