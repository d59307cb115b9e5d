/** Finds Motif's own package folder from wherever the code runs (TS sources under vitest, or dist/). */
import fs from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/** The folder holding Motif's package.json (name "motif"). */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'motif') {
          cached = dir;
          return dir;
        }
      } catch {
        // An unreadable manifest is not ours; keep climbing.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find Motif's package.json above ${__dirname}`);
    dir = parent;
  }
}
