/**
 * Exports every pattern of a store as JSON, JSON Lines or CSV through a writer, page by page: shared
 * by `motif export` and the language server's `motif/export`.
 */
import { toPatternJson } from '../core/pattern-json';
import type { PatternStore } from '../core/ports';
import { toCsv } from './csv';

/** The export formats. */
export type ExportFormat = 'json' | 'jsonl' | 'csv';

/** Write every pattern in `format` through `write`; returns how many were written. */
export async function writeExport(
  store: PatternStore,
  format: ExportFormat,
  write: (text: string) => Promise<void>,
): Promise<number> {
  let count = 0;
  if (format === 'json') await write('[');
  if (format === 'csv') await write(`${toCsv.header()}\n`);
  for await (const page of store.exportPatterns(500)) {
    for (const p of page) {
      const json = toPatternJson(p);
      if (format === 'json') await write(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(json)}`);
      else if (format === 'jsonl') await write(`${JSON.stringify(json)}\n`);
      else await write(`${toCsv.row(json)}\n`);
      count++;
    }
  }
  if (format === 'json') await write('\n]\n');
  return count;
}
