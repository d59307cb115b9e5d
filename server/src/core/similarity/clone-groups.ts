/**
 * Clone groups for `motif duplicates`: patterns with equal normalised-AST hashes (exact and renamed
 * copies), merged with pairs whose similarity passes a threshold, by union-find.
 */
import type { HashGroup, VectorHit } from '../ports';

/** A group of two or more patterns, with the lowest similarity that joined it (1 for hash-only groups). */
export interface CloneGroup {
  patternIds: string[];
  minSimilarity: number;
  /** Whether every member shares one normalised-AST hash. */
  exact: boolean;
}

/** Merge hash groups and similar pairs into clone groups, largest first. */
export function cloneGroups(
  hashGroups: readonly HashGroup[],
  pairs: readonly [string, VectorHit][],
): CloneGroup[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const minOf = new Map<string, number>();
  for (const g of hashGroups) for (const id of g.patternIds) union(g.patternIds[0]!, id);
  for (const [a, hit] of pairs) union(a, hit.id);
  for (const [a, hit] of pairs) {
    const root = find(a);
    minOf.set(root, Math.min(minOf.get(root) ?? 1, hit.similarity));
  }
  const members = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    members.set(root, [...(members.get(root) ?? []), id]);
  }
  const hashed = new Set(hashGroups.map((g) => find(g.patternIds[0]!)));
  const exactRoots = new Set(
    hashGroups
      .filter((g) => members.get(find(g.patternIds[0]!))?.length === g.patternIds.length)
      .map((g) => find(g.patternIds[0]!)),
  );
  return [...members.entries()]
    .filter(([, ids]) => ids.length > 1)
    .map(([root, ids]) => ({
      patternIds: ids.sort(),
      minSimilarity: Math.round((minOf.get(root) ?? 1) * 10000) / 10000,
      exact: hashed.has(root) && exactRoots.has(root),
    }))
    .sort(
      (x, y) => y.patternIds.length - x.patternIds.length || (x.patternIds[0]! < y.patternIds[0]! ? -1 : 1),
    );
}
