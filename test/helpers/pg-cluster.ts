/**
 * A private PostgreSQL cluster a test can stop and start (to take the server away mid-run), made the
 * way `.ci/run` makes CI's: Debian's `initdb` in a temp folder, a random password checked on TCP
 * (scram-sha-256), a free loopback port. As root the server runs as the `postgres` user through `runuser`.
 * `pgBinDir()` is null where PostgreSQL is not installed; tests then skip.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The newest `/usr/lib/postgresql/N/bin` with `pg_ctl`, or null. */
export function pgBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], 'bin') : null;
}

/** A private cluster. */
export interface PgCluster {
  /** `postgres://postgres:PASSWORD@127.0.0.1:PORT/motif_test`. */
  url: string;
  password: string;
  port: number;
  /** The cluster's data folder (its `postmaster.pid` names the server process). */
  dataDir: string;
  stop(): void;
  start(): void;
  /** Stop the server and remove its folder. */
  dispose(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Make and start a cluster with a `motif_test` database. Tests run it with `fsync=off` (they never crash
 * the machine); `{ fsync: true }` keeps PostgreSQL's default, as a benchmark should.
 */
export async function startPgCluster(options: { fsync?: boolean } = {}): Promise<PgCluster> {
  const bin = pgBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl)');
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], { stdio: 'pipe' })
      : execFileSync(path.join(bin, tool), args, { stdio: 'pipe' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-test-pg-'));
  const password = `t-${randomBytes(8).toString('hex')}`;
  fs.writeFileSync(path.join(dir, 'pwfile'), `${password}\n`);
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    `--pwfile=${path.join(dir, 'pwfile')}`,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
  ]);
  const port = await freePort();
  const start = () =>
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(dir, 'server.log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${options.fsync ? '' : ' -c fsync=off'}`,
      'start',
    ]);
  const stop = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  run('createdb', ['-h', dir, '-p', String(port), '-U', 'postgres', 'motif_test']);
  let running = true;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/motif_test`,
    password,
    port,
    dataDir: data,
    stop() {
      if (!running) return;
      stop();
      running = false;
    },
    start() {
      if (running) return;
      start();
      running = true;
    },
    dispose() {
      try {
        if (running) stop();
      } finally {
        running = false;
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
