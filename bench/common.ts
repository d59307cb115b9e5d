/**
 * What every benchmark section shares: the corpus location, argument parsing, medians, a machine line,
 * and writing one section of docs/BENCHMARKS.md without touching the others (each section sits between
 * `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`), so sections can be re-run one at a time.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { writeMarkedSection } from '../test/helpers/marked-section';

export const ROOT = path.resolve(__dirname, '..');
export const BENCHMARKS_MD = path.join(ROOT, 'docs/BENCHMARKS.md');

const args = process.argv.slice(2);

/** The value after `--name` on the command line, or the fallback. */
export function arg(name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}

/** The Python standard library of this machine: the real-world corpus. */
export function stdlibPath(): string {
  return arg(
    '--corpus',
    execFileSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"])
      .toString()
      .trim(),
  );
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export const today = () => new Date().toISOString().slice(0, 10);

const HEADER = `# Benchmarks

Measured by \`npm run bench\` (\`bench/run.ts\` runs every file in \`bench/sections/\`; \`npm run bench -- --only NAME\`
re-runs one section). Each section gives its date and machine. These machines are shared and noisy: figures
are medians of several runs, and ratios come from one run of a section.
`;

/** Replace (or append) section `name` of docs/BENCHMARKS.md with `markdown`. */
export function writeSection(name: string, markdown: string): void {
  writeMarkedSection(BENCHMARKS_MD, { prefix: 'bench', name }, markdown, HEADER);
}
