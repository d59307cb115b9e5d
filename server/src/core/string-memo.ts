/**
 * Memoised functions of a string, for the analysis's lookups that recur across files (names, tags,
 * token hashes). Each cache is bounded: it starts over when full rather than grow through a long run.
 */

/**
 * A copy of `text` that keeps nothing else alive. V8 represents a long substring as a view into its
 * parent, so a substring of a file's source kept as a cache key would keep the whole source in memory:
 * the caches outlive their file (in the language server, for good), so they store detached copies.
 */
export function detachedString(text: string): string {
  // Concatenating builds a fresh flat string on the next read; the slice is a view into that copy.
  return ` ${text}`.slice(1);
}

/** `compute`, memoised for up to about `limit` distinct keys (`compute` never returns undefined). */
export function memoByString<V>(limit: number, compute: (key: string) => V): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size > limit) cache.clear();
      value = compute(key);
      cache.set(detachedString(key), value);
    }
    return value;
  };
}
