/** Renders the human summary of an index run: files, skips with reasons, patterns by type, quality tiers. */
import type { StoreStats } from '../core/ports';
import type { IndexSummary } from '../indexing/index-workspace';

const n = (value: number) => value.toLocaleString('en-US');
const pct = (part: number, whole: number) => (whole === 0 ? '0%' : `${Math.round((part / whole) * 100)}%`);

/** Group skipped files by reason: "3 binary, 1 too_large". */
function skipReasons(summary: IndexSummary): string {
  const counts = new Map<string, number>();
  for (const s of summary.skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts.entries()].map(([reason, count]) => `${count} ${reason.replace(/_/g, ' ')}`).join(', ');
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
  lines.push(
    `  Files      ${n(summary.filesSeen)} found · ${n(summary.filesIndexed)} indexed · ${n(summary.filesUnchanged)} unchanged · ${n(summary.skipped.length)} skipped · ${n(summary.filesRemoved)} removed`,
  );
  if (summary.skipped.length > 0) {
    lines.push(`  Skipped    ${skipReasons(summary)}`);
    for (const s of summary.skipped.slice(0, 5)) lines.push(`             ${s.path}: ${s.detail}`);
    if (summary.skipped.length > 5)
      lines.push(`             … and ${n(summary.skipped.length - 5)} more (--json lists all)`);
  }
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
