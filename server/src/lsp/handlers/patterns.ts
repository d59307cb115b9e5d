/**
 * `motif/patterns`: the Pattern Explorer's tree data — patterns grouped by type, category or design
 * pattern, each group sorted by quality, usage or name. Groups come from the store's totals and each
 * is one paged query, so a large store is never loaded whole.
 */
import type { PatternGroup, PatternsParams } from '../../../../shared/protocol';
import type { PatternRecord } from '../../core/pattern';
import type { PatternStore } from '../../core/ports';
import { designPatternsOf, toSummary } from '../convert';
import { type Session, withStore } from '../session';

const TYPE_LABELS: Record<string, string> = {
  function_pattern: 'Functions',
  class_pattern: 'Classes',
  design_pattern: 'Design patterns',
};

// Design patterns are read from the best patterns' tags until the graph issue gives a query for them.
const DESIGN_SCAN = 5000;

/** Grouped, sorted patterns (at most `limit` per group, default 200). */
export async function patterns(
  session: Session,
  params: PatternsParams,
): Promise<{ groups: PatternGroup[] }> {
  const sort = params.sort === 'usage' || params.sort === 'name' ? params.sort : 'quality';
  const limit = params.limit ?? 200;
  const groups = await withStore(session, null, (store) =>
    storeGroups(session, store, params.groupBy, sort, limit),
  );
  return { groups: groups ?? groupRecords(session, viewPatterns(session), params.groupBy, limit) };
}

async function storeGroups(
  session: Session,
  store: PatternStore,
  groupBy: PatternsParams['groupBy'],
  sort: 'quality' | 'usage' | 'name',
  limit: number,
): Promise<PatternGroup[]> {
  if (groupBy === 'designPattern') {
    return groupRecords(session, await store.listPatterns({ sort, limit: DESIGN_SCAN }), groupBy, limit);
  }
  const totals = await store.stats();
  const counts = groupBy === 'type' ? totals.byType : totals.byCategory;
  const groups: PatternGroup[] = [];
  for (const [key, count] of Object.entries(counts)) {
    if (count === 0) continue;
    const query = groupBy === 'type' ? { type: key } : { category: key };
    const rows = (await store.listPatterns({ ...query, sort, limit })).filter(
      (p) => p.repository === session.repository,
    );
    groups.push({
      key,
      label: labelOf(groupBy, key),
      count,
      patterns: rows.map((p) => toSummary(p, session.root)),
    });
  }
  return groups.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

function groupRecords(
  session: Session,
  records: PatternRecord[],
  groupBy: PatternsParams['groupBy'],
  limit: number,
): PatternGroup[] {
  const groups = new Map<string, PatternRecord[]>();
  const add = (key: string, p: PatternRecord) => groups.set(key, [...(groups.get(key) ?? []), p]);
  for (const p of records) {
    if (groupBy === 'designPattern') {
      const designs = designPatternsOf(p);
      if (designs.length === 0) add('', p);
      for (const d of designs) add(d.replace(/ \(.*\)$/, ''), p);
    } else add(groupBy === 'type' ? p.patternType : p.category, p);
  }
  return [...groups.entries()]
    .map(([key, items]) => ({
      key,
      label: labelOf(groupBy, key),
      count: items.length,
      patterns: items.slice(0, limit).map((p) => toSummary(p, session.root)),
    }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

function labelOf(groupBy: PatternsParams['groupBy'], key: string): string {
  if (groupBy === 'type') return TYPE_LABELS[key] ?? key;
  if (groupBy === 'designPattern') return key === '' ? 'No design pattern' : key;
  return key.replace(/_/g, ' ');
}

// Without a store the explorer still lists the open files' patterns.
function viewPatterns(session: Session): PatternRecord[] {
  return [...session.views.values()]
    .flatMap((v) => v.patterns)
    .sort((a, b) => b.quality.total - a.quality.total);
}
