/**
 * A copy of `text` that keeps nothing else alive. V8 represents a long substring as a view into its
 * parent, so a substring of a file's source kept as a cache key keeps the whole source in memory: the
 * analysis caches, which outlive their file, store detached copies instead.
 */
export function detachedString(text: string): string {
  // Concatenating builds a fresh flat string on the next read; the slice is a view into that copy.
  return ` ${text}`.slice(1);
}
