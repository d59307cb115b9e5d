/**
 * Passwords never appear in what Motif prints, on every path that names a server: errors of each new
 * command against an unreachable server (URL password and a percent-encoded one), the offline warning of
 * `motif index`, and `motif status`. Port 1 on loopback refuses connections at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, motif, removeTemps, tempDir } from '../helpers/cli';

afterAll(removeTemps);

const SECRET = 'S3cret-p@ss/word';
const url = `postgres://motif:${encodeURIComponent(SECRET)}@127.0.0.1:1/motif`;
const raw = `postgres://motif:${SECRET}@127.0.0.1:1/motif`;

function clean(text: string): void {
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(encodeURIComponent(SECRET));
  expect(text).not.toContain('S3cret');
}

describe('passwords in server URLs', () => {
  it.each([[['db', 'backup', '--out', 'x.jsonl.gz']], [['db', 'sync', '--retries', '1']], [['status']]])(
    'motif --db URL %j prints the URL redacted',
    async (args) => {
      for (const db of [url, raw]) {
        const run = await motif(tempDir(), ['--db', db, ...args]);
        clean(run.stdout + run.stderr);
        if (args[0] === 'status') expect(run.stdout).toContain('UNREACHABLE');
        else if (args[1] === 'sync') expect(run.stdout).toContain('Nothing queued');
        else expect(run.code).toBe(2);
        if (args[0] === 'db' && args[1] === 'backup') expect(run.stderr).toContain('motif:***@127.0.0.1:1');
      }
    },
  );

  it('motif db restore and migrate legacy --from report an unreachable server redacted', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'b.jsonl.gz');
    fs.writeFileSync(file, 'not a backup');
    const restore = await motif(dir, ['--db', url, 'db', 'restore', file]);
    expect(restore.code).toBe(2);
    clean(restore.stdout + restore.stderr);
    const source = copyFixture();
    const legacy = await motif(dir, ['migrate', 'legacy', '--from', url, '--source', source]);
    expect(legacy.code).toBe(2);
    expect(legacy.stderr).toContain('motif:***@127.0.0.1:1');
    clean(legacy.stdout + legacy.stderr);
  });

  it('motif index goes offline on an unreachable server, says so redacted, and queues every file and the run', async () => {
    const project = copyFixture();
    const run = await motif(project, ['--db', url, 'index', '--jobs', '1', '--json', '.']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('working offline');
    expect(run.stderr).toContain('motif:***@127.0.0.1:1');
    clean(run.stdout + run.stderr);
    const status = await motif(project, ['--db', url, 'status', '--json']);
    clean(status.stdout);
    const report = JSON.parse(status.stdout);
    expect(report).toMatchObject({ reachable: false, store: 'postgres://motif:***@127.0.0.1:1/motif' });
    // Every file written, and the run itself (begun offline, queued when it ended).
    expect(report.queued).toBe(
      JSON.parse(run.stdout).filesIndexed +
        JSON.parse(run.stdout).skipped.filter((s: { reason: string }) => s.reason !== 'ignored').length +
        1,
    );
  });
});
