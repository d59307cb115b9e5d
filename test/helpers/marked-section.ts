/**
 * Rewrites one section of a generated Markdown document (docs/BENCHMARKS.md, docs/ACCURACY.md) between
 * `<!-- PREFIX:NAME -->` and `<!-- /PREFIX:NAME -->`, leaving the other sections alone, so benchmarks
 * and accuracy tests can each refresh their own part.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Replace (or append) section `name` of `file`; a missing file starts with `header`. Writes only on change. */
export function writeMarkedSection(
  file: string,
  marker: { prefix: string; name: string },
  markdown: string,
  header: string,
): void {
  const open = `<!-- ${marker.prefix}:${marker.name} -->`;
  const close = `<!-- /${marker.prefix}:${marker.name} -->`;
  const block = `${open}\n${markdown.trim()}\n${close}`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : header;
  const start = current.indexOf(open);
  const end = current.indexOf(close);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + block + current.slice(end + close.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  if (next === current) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, next);
}
