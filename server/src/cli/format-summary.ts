/** Renders the human summary of an index run: files, skips with reasons, patterns by type, quality tiers. */
import type { StoreStats } from '../core/ports';
import type { IndexSummary } from '../indexing/index-workspace';

const n = (value: number) => value.toLocaleString('en-US');
const pct = (part: number, whole: number) => (whole === 0 ? '0%' : `${Math.round((part / whole) * 100)}%`);

/** Group skipped entries by reason: "3 binary, 1 too large". */
function skipReasons(skipped: IndexSummary['skipped']): string {
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts.entries()].map(([reason, count]) => `${count} ${reason.replace(/_/g, ' ')}`).join(', ');
}

/** A heading line with the reasons, then the first five entries. */
function skipLines(lines: string[], heading: string, skipped: IndexSummary['skipped']): void {
  if (skipped.length === 0) return;
  lines.push(`  ${heading.padEnd(11)}${skipReasons(skipped)}`);
  for (const s of skipped.slice(0, 5)) lines.push(`             ${s.path}: ${s.detail}`);
  if (skipped.length > 5) lines.push(`             … and ${n(skipped.length - 5)} more (--json lists all)`);
}

/** The multi-line summary printed after `motif index`. */
export function formatSummary(
  summary: IndexSummary,
  stats: StoreStats,
  context: { root: string; store: string; coverage: string | null },
): string {
  const lines: string[] = [];
  const status = summary.status === 'interrupted' ? ' (INTERRUPTED: run again to finish)' : '';
  lines.push(`Indexed ${context.root}${status}`);
  // Found files add up (indexed + unchanged + skipped, once a run completes); what the walk left out
  // (folders, links, files too large or excluded) was never among them, so it is listed apart.
  const walked = summary.skipped.slice(0, summary.walkSkipped);
  // Files are skipped in the order their analyses finish: listed by path, as the walk's are.
  const read = summary.skipped
    .slice(summary.walkSkipped)
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  lines.push(
    `  Files      ${n(summary.filesSeen)} found · ${n(summary.filesIndexed)} indexed · ${n(summary.filesUnchanged)} unchanged · ${n(read.length)} skipped · ${n(summary.filesRemoved)} removed`,
  );
  skipLines(lines, 'Skipped', read);
  skipLines(lines, 'Left out', walked);
  if (summary.syntaxErrors.length > 0) {
    lines.push(
      `  Syntax     ${n(summary.syntaxErrors.length)} files with syntax errors (well-formed definitions still read)`,
    );
    for (const s of summary.syntaxErrors.slice(0, 3)) lines.push(`             ${s.path}: ${s.message}`);
  }
  const kinds = Object.entries(stats.byKind)
    .map(([kind, count]) => `${kind} ${n(count)}`)
    .join(' · ');
  const types = Object.entries(stats.byType)
    .map(([type, count]) => `${type} ${n(count)}`)
    .join(' · ');
  lines.push(`  Patterns   ${n(stats.patterns)} in store (${n(summary.patternsWritten)} written this run)`);
  if (summary.filteredOut > 0) {
    lines.push(`             ${n(summary.filteredOut)} left out by --min-quality/--max-complexity`);
  }
  if (stats.patterns > 0) {
    lines.push(`             ${types}`);
    lines.push(`             ${kinds}`);
    const t = stats.tiers;
    lines.push(
      `  Quality    High ≥ 0.8: ${n(t.high)} (${pct(t.high, stats.patterns)}) · Medium ≥ 0.6: ${n(t.medium)} (${pct(t.medium, stats.patterns)}) · Low: ${n(t.low)} (${pct(t.low, stats.patterns)})`,
    );
    lines.push(
      `             mean ${stats.averageQuality?.toFixed(3) ?? 'n/a'} · standard deviation ${stats.stddevQuality?.toFixed(3) ?? 'n/a'}`,
    );
    lines.push(
      context.coverage
        ? `  Coverage   ${context.coverage} (${n(stats.withCoverage)} patterns with coverage data)`
        : '  Coverage   no report found: test coverage left out of scores, weights renormalised',
    );
  }
  lines.push(`  Duration   ${(summary.durationMs / 1000).toFixed(1)} s`);
  lines.push(`  Store      ${context.store}`);
  return lines.join('\n');
}
