/**
 * Small non-cryptographic string hashes for feature hashing and the normalised-AST hash: FNV-1a over
 * UTF-16 code units, 32 bits, with a seed so two lanes give 64 bits.
 */

/** FNV-1a of `text`, starting from `seed` (default: the FNV offset basis). */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 64-bit hash of `text` as 16 hex digits (two seeded FNV-1a lanes). */
export function hash64(text: string): string {
  const a = fnv1a(text);
  const b = fnv1a(text, 0x9747b28c);
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}
