/**
 * `motif index` on a thread of its own (cli/index-thread.ts): which command a command line names, and,
 * through the built binary, that the run happens on that thread with its young-generation limit, that
 * its exit codes and output reach the process, and (binary.test.ts) that SIGINT reaches it.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandOf } from '../../server/src/cli/index-thread';
import { INDEX_YOUNG_GENERATION_MB } from '../../server/src/indexing/heap-growth';
import { BIN, copyFixture, ensureBuilt, removeTemps, tempDir, withEmptyStore } from '../helpers/cli';

beforeAll(ensureBuilt);
afterAll(removeTemps);

describe('commandOf', () => {
  it.each([
    [['index', '.'], 'index'],
    [['--db', 'index', 'patterns'], 'patterns'],
    [['--db', '/tmp/store', '--verbose', 'index', '.'], 'index'],
    [['--db=/tmp/store', 'index'], 'index'],
    [['--verbose', 'show', 'index'], 'show'],
    [['--help'], undefined],
    [[], undefined],
  ])('%j names %s', (args, command) => {
    expect(commandOf(args)).toBe(command);
  });
});

describe('the built binary', () => {
  const run = (args: string[], cwd: string) =>
    spawnSync(process.execPath, [BIN, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, MOTIF_DATABASE_URL: '' },
    });

  it('indexes on a thread with the small young generation, and prints its summary', async () => {
    const root = copyFixture();
    await withEmptyStore(root);
    const done = run(['--verbose', 'index', '--jobs', '1', '--json', '.'], root);
    expect(done.status).toBe(0);
    expect(done.stderr.split('\n')[0]).toBe(
      `debug: indexing on a thread of its own, young generation ${INDEX_YOUNG_GENERATION_MB} MB`,
    );
    expect(JSON.parse(done.stdout)).toMatchObject({ status: 'completed', stats: { patterns: 29 } });
  });

  it('passes on the thread exit code and error line, and other commands stay on the main thread', () => {
    const cwd = tempDir();
    const missing = path.join(cwd, 'missing');
    const failed = run(['--verbose', 'index', missing], cwd);
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain(`motif: Root folder "${missing}" does not exist\n`);
    const other = run(['--verbose', 'stats'], cwd);
    expect(other.status).toBe(2);
    expect(other.stderr).not.toContain('thread of its own');
  });
});
