/**
 * The analysis pool when a worker dies: the other files it held run again, alone, on a fresh worker;
 * the file that kills that worker too is reported skipped (`analysis_failed`, without a hash, so the
 * next run tries it again); the pool keeps working. The crashes are real: a worker thread
 * that exits, and one that runs out of memory under a heap limit (Node's ERR_WORKER_OUT_OF_MEMORY).
 * And analysis that throws on one file (a syntax tree too deep for the analysis) skips that file only.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSource } from '../../server/src/files/read-source';
import { type FileOutcome, type FileTask, processSource } from '../../server/src/indexing/process-file';
import { createFilePool } from '../../server/src/indexing/worker-pool';
import { loadPythonParser } from '../../server/src/syntax/load-parser';

const CRASH_WORKER = path.join(__dirname, '../fixtures/workers/crash-worker.cjs');

let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-pool-'));
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function task(name: string, text = `def ${name.replace(/\W/g, '_')}():\n    return 1\n`): FileTask {
  const absolutePath = path.join(root, name);
  fs.writeFileSync(absolutePath, text);
  return { path: name, absolutePath, storedHash: null, repository: 'r', maxFileBytes: 2 << 20 };
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

function skippedAs(outcome: FileOutcome) {
  expect(outcome.kind).toBe('skipped');
  return outcome as Extract<FileOutcome, { kind: 'skipped' }>;
}

describe('a worker that dies', () => {
  it('takes no other file with it; the file to blame is skipped with its reason and hash', async () => {
    const pool = await createFilePool({ jobs: 2, workerScript: CRASH_WORKER });
    try {
      const names = ['a.py', 'b.py', 'exit.py', 'c.py', 'd.py', 'e.py', 'f.py', 'g.py'];
      const tasks = names.map((n) => task(n));
      const outcomes = await Promise.all(tasks.map((t) => pool.run(t)));
      for (const [i, outcome] of outcomes.entries()) {
        if (names[i] === 'exit.py') continue;
        expect(outcome).toEqual({ kind: 'unchanged', path: names[i] });
      }
      const failed = skippedAs(outcomes[names.indexOf('exit.py')]!);
      expect(failed.file.skipReason).toBe('analysis_failed');
      expect(failed.detail).toBe(
        'the analysis worker died on this file (exit code 3), and again when it ran alone (exit code 3)',
      );
      // Recorded without a hash (a crash may come from the machine): the next run tries it again.
      expect(failed.file.contentHash).toBeNull();
      expect(failed.file.sizeBytes).toBe(fs.statSync(tasks[2]!.absolutePath).size);
      expect(failed.stored).toBe(false);

      // The pool replaced its worker and goes on.
      const later = await Promise.all(['h.py', 'i.py', 'j.py'].map((n) => pool.run(task(n))));
      expect(later.map((o) => o.kind)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('out of memory under a heap limit: the file runs again alone, without the limit, and succeeds', async () => {
    const pool = await createFilePool({ jobs: 2, workerScript: CRASH_WORKER, heapLimitMb: 16 });
    try {
      const names = ['one.py', 'hog.py', 'two.py', 'three.py', 'four.py'];
      const outcomes = await Promise.all(names.map((n) => pool.run(task(n))));
      // The shared worker did run out of memory on hog.py (it marks the attempt) ...
      expect(fs.existsSync(path.join(root, 'hog.py.hogging'))).toBe(true);
      // ... and every file, hog.py too, still got its answer.
      expect(outcomes).toEqual(names.map((n) => ({ kind: 'unchanged', path: n })));
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('workers that cannot start make the pool fail with their error, not hang', async () => {
    const broken = path.join(__dirname, '../fixtures/workers/broken-worker.cjs');
    await expect(createFilePool({ jobs: 2, workerScript: broken })).rejects.toThrow(
      'this worker cannot load its parser',
    );
  }, 60_000);

  it('a closed pool rejects new work instead of hanging', async () => {
    const pool = await createFilePool({ jobs: 2, workerScript: CRASH_WORKER });
    await pool.close();
    await expect(pool.run(task('late.py'))).rejects.toThrow('closed');
  }, 60_000);
});

describe('analysis that throws on one file', () => {
  it('a syntax tree too deep for the analysis skips that file with a clear reason', async () => {
    const { parser } = await loadPythonParser();
    // 50,000 nested parentheses: tree-sitter parses it; CPython itself refuses more than 200.
    const deep = `x = ${'('.repeat(50_000)}1${')'.repeat(50_000)}\n`;
    const t = task('deep.py', deep);
    const outcome = skippedAs(processSource(t, decodeSource(Buffer.from(deep)), parser));
    expect(outcome.file.skipReason).toBe('analysis_failed');
    expect(outcome.detail).toBe('nested too deeply to analyse (the analysis ran out of stack)');
    expect(outcome.file.contentHash).toBe(sha256(deep));

    // The same parser still analyses the next file.
    const fine = 'def fine(a: int) -> int:\n    return a\n';
    const next = processSource(task('fine.py', fine), decodeSource(Buffer.from(fine)), parser);
    expect(next.kind).toBe('analysed');
  });
});
