/** Picks one category per pattern from its tags, most specific first; `general` when nothing applies. */
import type { Tag } from './tags';

/** Categories in priority order, each with the tags that put a pattern in it. */
const CATEGORY_RULES: [string, string[]][] = [
  ['testing', ['testing']],
  ['database_operations', ['database', 'transaction']],
  ['http', ['http']],
  ['networking', ['network']],
  ['concurrency', ['concurrency']],
  ['cli', ['cli']],
  ['validation', ['validation']],
  ['error_handling', ['error_type', 'retry']],
  ['io', ['io']],
  ['serialization', ['serialization']],
  ['parsing', ['parsing']],
  ['data_model', ['data_model', 'enum']],
  ['security', ['crypto']],
  ['logging', ['logging']],
  ['datetime', ['datetime']],
  ['system', ['system']],
  ['error_handling', ['error_handling']],
];

/** The category and the tag that decided it. */
export function categoryOf(tags: Tag[]): { category: string; because: string | null } {
  const present = new Set(tags.map((t) => t.tag));
  for (const [category, needed] of CATEGORY_RULES) {
    const hit = needed.find((t) => present.has(t));
    if (hit) return { category, because: hit };
  }
  return { category: 'general', because: null };
}
