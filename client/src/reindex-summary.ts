/** The one-line summary shown after Motif: Re-index Workspace (plain data in, text out; unit-tested). */
import type { ReindexResult } from '../../shared/protocol';

/** The summary sentence shown after a re-index. */
export function reindexSummary(r: ReindexResult): string {
  const seconds = (r.durationMs / 1000).toFixed(1);
  const parts = [
    `${r.filesIndexed} indexed`,
    `${r.filesUnchanged} unchanged`,
    ...(r.filesRemoved > 0 ? [`${r.filesRemoved} removed`] : []),
    ...(r.filesSkipped > 0 ? [`${r.filesSkipped} skipped`] : []),
    ...(r.syntaxErrors > 0 ? [`${r.syntaxErrors} with syntax errors`] : []),
  ];
  const head =
    r.status === 'completed'
      ? 'Motif: re-index finished'
      : r.status === 'cancelled'
        ? 'Motif: re-index cancelled'
        : 'Motif: re-index interrupted';
  return `${head}: ${r.filesSeen} files (${parts.join(', ')}) · ${r.patterns} patterns · ${seconds} s`;
}
