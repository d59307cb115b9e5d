/**
 * `npm run bench`: runs each benchmark section in `bench/sections/` as its own process (so one section's
 * memory and warm caches do not colour the next), in name order. `--only a,b` picks sections; other
 * arguments are passed through. Each section writes its part of docs/BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = path.join(__dirname, 'sections');
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',')) : null;
const passThrough = onlyAt >= 0 ? args.filter((_, i) => i !== onlyAt && i !== onlyAt + 1) : args;

const sections = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((name) => !only || only.has(name))
  .sort();
if (sections.length === 0) {
  console.error(`no benchmark section matches ${[...(only ?? [])].join(',')}`);
  process.exit(2);
}
let failed = 0;
for (const name of sections) {
  console.log(`\n== bench: ${name}`);
  const tsx = path.join(__dirname, '..', 'node_modules/.bin/tsx');
  const result = spawnSync(tsx, [path.join(dir, `${name}.ts`), ...passThrough], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`bench ${name} failed with exit code ${result.status}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
