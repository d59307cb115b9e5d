/**
 * Writes one `##` section of docs/ACCURACY.md (shared by the graph and similarity benchmarks) between
 * `<!-- accuracy:NAME -->` markers, leaving the other sections alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../common';

const FILE = path.join(ROOT, 'docs/ACCURACY.md');
const HEADER = '# Accuracy\n\nMeasured by the benchmarks (`npm run bench`); each section says how.\n';

/** Replace (or append) section `name` of docs/ACCURACY.md. */
export function writeAccuracySection(name: string, markdown: string): void {
  const open = `<!-- accuracy:${name} -->`;
  const close = `<!-- /accuracy:${name} -->`;
  const block = `${open}\n${markdown.trim()}\n${close}`;
  const current = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : HEADER;
  const start = current.indexOf(open);
  const end = current.indexOf(close);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + block + current.slice(end + close.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(FILE, next);
}
