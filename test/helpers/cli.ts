/**
 * Runs the `motif` command in tests: in-process through `runCli` with captured output, or as the built
 * binary (`node bin/motif.js`) in a child process; plus temp copies of the fixture project, and copies
 * of an empty migrated store so a test needing a fresh store does not pay for PGlite's initdb each time.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll } from 'vitest';
import { runCli } from '../../server/src/cli/run-cli';

// Children still running when a test file ends (a test that timed out, or failed before it awaited
// its child) are killed with their whole process group, so none keeps a core busy after the suite.
const live = new Set<ChildProcess>();
function killLive(): void {
  for (const child of live) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  live.clear();
}
if (process.env.VITEST) afterAll(killLive);
process.once('exit', killLive);

/** The repository's root folder. */
export const REPO_ROOT = path.resolve(__dirname, '../..');
/** The small Python project the CLI tests index (copied, never indexed in place). */
export const FIXTURE_PROJECT = path.join(REPO_ROOT, 'test/fixtures/project');
/** The `motif` binary. */
export const BIN = path.join(REPO_ROOT, 'bin/motif.js');

/** What one CLI run did. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += String(chunk);
    done();
  }
}

/** Run `motif ARGS` in-process from `cwd`; `env` is the whole environment the CLI sees (nothing inherited). */
export async function motif(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(args, { stdout, stderr, cwd, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Run `motif ARGS` in-process and parse its stdout as JSON; throws with stderr when it exits non-zero. */
export async function motifJson<T = unknown>(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<T> {
  const run = await motif(cwd, args, env);
  if (run.code !== 0) throw new Error(`motif ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

const temps: string[] = [];

/** A new temp folder, removed by `removeTemps`. */
export function tempDir(prefix = 'motif-cli-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Remove every temp folder made so far (call from `afterAll`). */
export function removeTemps(): void {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A copy of the fixture project in a new temp folder (`<temp>/project`, so its name is stable), with
 * `build/generated.py` added: the fixture's .gitignore ignores build/, so Git cannot hold that file.
 */
export function copyFixture(): string {
  const root = path.join(tempDir(), 'project');
  fs.cpSync(FIXTURE_PROJECT, root, { recursive: true });
  fs.mkdirSync(path.join(root, 'build'));
  fs.writeFileSync(
    path.join(root, 'build', 'generated.py'),
    '"""Generated: ignored through .gitignore."""\n\n\ndef generated() -> int:\n    return 1\n',
  );
  return root;
}

let template: string | undefined;

/** The migration files' names and contents, hashed: a template made before a migration changed is not reused. */
function migrationsKey(): string {
  const dir = path.join(REPO_ROOT, 'migrations');
  const hash = createHash('sha256');
  for (const name of fs.readdirSync(dir).sort())
    hash.update(name).update(fs.readFileSync(path.join(dir, name)));
  return hash.digest('hex').slice(0, 12);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The project folder of the empty store copied by `withEmptyStore`: made by a real `motif index` on an
 * empty folder, once per vitest run (keyed by the vitest process, this fork's parent) and migration set,
 * and shared by the test files' forks, since PGlite's initdb costs seconds. Templates of finished runs
 * are removed when a new one is made.
 */
export async function templateProject(): Promise<string> {
  if (template) return template;
  const prefix = 'motif-cli-template-';
  const final = path.join(os.tmpdir(), `${prefix}${process.ppid}-${migrationsKey()}`);
  const lock = `${final}.lock`;
  const ready = () => fs.existsSync(path.join(final, '.motif', 'db', 'PG_VERSION'));
  let mine = false;
  try {
    fs.mkdirSync(lock);
    mine = true;
  } catch {
    // Another fork is making it: wait below.
  }
  if (mine && !ready()) {
    for (const name of fs.readdirSync(os.tmpdir())) {
      const pid = Number(/^motif-cli-template-(\d+)-/.exec(name)?.[1]);
      if (pid && pid !== process.ppid && !isAlive(pid))
        fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
    }
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-cli-staging-'));
    const run = await motif(staging, ['index', '--jobs', '1', '.']);
    if (run.code !== 0) throw new Error(`cannot create the template store: ${run.stderr}`);
    fs.renameSync(staging, final);
  }
  for (const deadline = Date.now() + 90_000; !ready(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for the template store ${final}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  template = final;
  return final;
}

/** Give `root` a fresh, migrated, empty embedded store at `<root>/.motif/db` (a copy of the template). */
export async function withEmptyStore(root: string): Promise<string> {
  const db = path.join(root, '.motif', 'db');
  fs.cpSync(path.join(await templateProject(), '.motif', 'db'), db, { recursive: true });
  return db;
}

/** Newest modification time under `dir` (files only), 0 if it does not exist. */
function newestMtime(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Build `dist/` with esbuild unless the CLI, worker and dashboard bundles are newer than every source file. */
export function ensureBuilt(): void {
  const outputs = [
    'dist/cli.cjs',
    'dist/analyse-worker.cjs',
    'dist/similar-worker.cjs',
    'dist/dashboard/dashboard.js',
  ].map((f) => path.join(REPO_ROOT, f));
  const built = Math.min(...outputs.map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
  const sources = Math.max(
    newestMtime(path.join(REPO_ROOT, 'server/src')),
    newestMtime(path.join(REPO_ROOT, 'shared')),
    newestMtime(path.join(REPO_ROOT, 'client/src/dashboard/page')),
    fs.statSync(path.join(REPO_ROOT, 'esbuild.mjs')).mtimeMs,
  );
  if (built > sources) return;
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`node esbuild.mjs failed:\n${build.stderr}`);
}

/** The environment a child `motif` gets: PATH and HOME only, plus `extra`. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: os.tmpdir(), ...extra };
}

/** A running `motif` child process whose output is collected as it arrives. */
export interface MotifChild {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves when the process exits: its code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once `test(stderr)` is true; rejects if the process exits first or after `ms`. */
  waitForStderr(test: (stderr: string) => boolean, ms?: number): Promise<void>;
}

/**
 * Start the built binary: `node [--import …] bin/motif.js ARGS`. With `fakeTty`, stderr claims to be a
 * terminal so the progress bar ("12/189 files") is drawn, which lets a test see how far the run is.
 * With `user`, the command runs as that user through `runuser` (tests run as root).
 */
export function spawnMotif(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; fakeTty?: boolean; user?: string },
): MotifChild {
  const nodeArgs = [
    ...(options.fakeTty ? ['--import', 'data:text/javascript,process.stderr.isTTY=true'] : []),
    BIN,
    ...args,
  ];
  const [command, commandArgs] = options.user
    ? ['runuser', ['-u', options.user, '--', process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  const child = spawn(command, commandArgs as string[], {
    cwd: options.cwd,
    env: options.env ?? childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so the cleanup above also reaches what `runuser` starts.
    detached: true,
  });
  live.add(child);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr!.on('data', (chunk) => {
    stderr += String(chunk);
    for (const listener of listeners) listener();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    waitForStderr(test, ms = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!test(stderr)) return;
          done();
          resolve();
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out after ${ms} ms waiting on stderr:\n${stderr.slice(-2000)}`));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        exited.then(({ code, signal }) => {
          if (!listeners.has(check)) return;
          done();
          reject(new Error(`motif exited (${code ?? signal}) before the awaited output:\n${stderr}`));
        });
        check();
      });
    },
  };
}

/** Run the built binary to completion. */
export async function runMotif(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; user?: string },
): Promise<CliRun> {
  const running = spawnMotif(args, options);
  const { code, signal } = await running.exited;
  if (code === null) throw new Error(`motif ${args.join(' ')} was killed by ${signal}: ${running.stderr}`);
  return { code, stdout: running.stdout, stderr: running.stderr };
}

/** The last "done/total files" the progress bar drew on stderr, or null before the first. */
export function lastProgress(stderr: string): { done: number; total: number } | null {
  const all = [...stderr.matchAll(/(\d+)\/(\d+) files/g)];
  const last = all.at(-1);
  return last ? { done: Number(last[1]), total: Number(last[2]) } : null;
}
