/**
 * What the store cases share: the context giving them the open store, the default repository and
 * file, and `bare` for comparing records without the timestamps the store sets.
 */
import type { PatternRecord } from '../../server/src/core/pattern';
import type { PatternStore } from '../../server/src/core/ports';
import type { TestStore } from '../helpers/storage';

/** The store under test, valid inside `it` callbacks. */
export interface SuiteContext {
  readonly t: TestStore;
  readonly store: PatternStore;
}

/** Repository and file most cases write to. */
export const REPO = 'repo';
export const FILE = 'pkg/db/session.py';

/** A record without the timestamps the store sets. */
export function bare(p: PatternRecord | null): PatternRecord | null {
  if (!p) return p;
  const { createdAt: _c, updatedAt: _u, ...rest } = p;
  return rest as PatternRecord;
}
