/**
 * Small non-cryptographic string hashes for feature hashing and the normalised-AST hash: FNV-1a over
 * UTF-16 code units, 32 bits, and an order-sensitive combiner of two hashes.
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

/** Combine two 32-bit hashes, order-sensitively (a murmur3-style finaliser over both). */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The hash of a token's text: `fnv1a` itself. Not memoised: token texts are short, and a lookup keyed
 * by a fresh substring hashes and compares its characters anyway (a memo cost about 1 s of a worker's
 * CPU per stdlib index, more than hashing the text again).
 */
export const textHash: (text: string) => number = fnv1a;
