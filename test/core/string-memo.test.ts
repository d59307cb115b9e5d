import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { humanise } from '../../server/src/core/classify/naming';
import { detachedString, memoByString } from '../../server/src/core/string-memo';

// A full collection on demand (the flag takes effect for functions created after it is set).
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** A fresh flat 1 MB string ending in a distinct identifier (a stand-in for a file's source). */
function source(i: number): string {
  return `${'#'.repeat(1 << 20)}\nidentifier_from_file_${i}_`.split('').join('');
}

function heapUsed(): number {
  gc();
  gc();
  return v8.getHeapStatistics().used_heap_size;
}

describe('detachedString', () => {
  it('equals its input', () => {
    const text = source(0);
    const name = text.slice(text.length - 22);
    expect(detachedString(name)).toBe(name);
    expect(detachedString('')).toBe('');
  });

  it('keeps the analysis caches from holding the sources their keys were cut from', () => {
    // 24 sources of 1 MB (stored one byte a character): a cache keeping its keys' parents would hold
    // 24 MB after they are dropped; the memoised functions keep only the names.
    const before = heapUsed();
    for (let i = 0; i < 24; i++) {
      const text = source(i);
      const name = text.slice(text.length - 26);
      humanise(name);
    }
    const grown = heapUsed() - before;
    expect(grown).toBeLessThan(4 << 20);
  });
});

describe('memoByString', () => {
  it('computes once per key, and starts over when more keys than its limit arrive', () => {
    const seen: string[] = [];
    const upper = memoByString(2, (key) => {
      seen.push(key);
      return key.toUpperCase();
    });
    expect([upper('a'), upper('b'), upper('a')]).toEqual(['A', 'B', 'A']);
    expect(seen).toEqual(['a', 'b']);
    // It clears when a miss finds more keys than its limit: 'd' finds three and starts over, so 'a' is
    // computed again.
    expect([upper('c'), upper('d'), upper('a')]).toEqual(['C', 'D', 'A']);
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'a']);
  });
});
