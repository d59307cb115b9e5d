/**
 * The dashboard's HTTP server and `motif dashboard` over the fixture project's store: loopback only,
 * the token required on every request, the Host header checked, a strict CSP with a fresh nonce, and
 * bad requests answered with a clear 4xx instead of a crash.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nullLogger } from '../../server/src/core/ports';
import { answerDashboard, DashboardInputError } from '../../server/src/dashboard/answer';
import { type DashboardServer, startDashboardServer } from '../../server/src/dashboard/http-server';
import { openDatabase } from '../../server/src/storage/open-storage';
import type { SqlClient } from '../../server/src/storage/sql-client';
import { childEnv, copyFixture, ensureBuilt, motif, removeTemps, spawnMotif } from '../helpers/cli';

let root: string;
let sql: SqlClient;
let server: DashboardServer;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request, so the test controls the Host header and the token. */
function request(o: {
  path: string;
  method?: string;
  host?: string;
  body?: string;
  headers?: Record<string, string>;
}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: o.path,
        method: o.method ?? 'GET',
        headers: { Host: o.host ?? `127.0.0.1:${server.port}`, ...o.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

const api = (body: string, token = server.token) =>
  request({
    path: '/api',
    method: 'POST',
    body,
    headers: { 'X-Motif-Token': token, 'Content-Type': 'application/json' },
  });

beforeAll(async () => {
  ensureBuilt();
  root = copyFixture();
  const run = await motif(root, ['index', '.']);
  expect(run.code, run.stderr).toBe(0);
  sql = await openDatabase({ db: `${root}/.motif/db`, logger: nullLogger });
  server = await startDashboardServer({ sql, logger: nullLogger });
});

afterAll(async () => {
  await server?.close();
  await sql?.close();
  removeTemps();
});

describe('the dashboard HTTP server', () => {
  it('listens on 127.0.0.1 and prints a URL carrying its token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses every request without the right token', async () => {
    for (const path of ['/', '/?token=', '/?token=wrong', '/assets/dashboard.js', '/api']) {
      expect((await request({ path })).status, path).toBe(403);
    }
    expect((await api('{"method":"overview","params":{}}', 'wrong')).status).toBe(403);
  });

  it('refuses a Host other than the loopback address (DNS rebinding)', async () => {
    const reply = await request({ path: `/?token=${server.token}`, host: `evil.example:${server.port}` });
    expect(reply.status).toBe(421);
  });

  it('serves the page under a strict CSP whose nonce is fresh on each load', async () => {
    const first = await request({ path: `/?token=${server.token}` });
    const second = await request({ path: `/?token=${server.token}` });
    expect(first.status).toBe(200);
    const csp = String(first.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(first.body).toContain(`<script nonce="${nonce}" src="/assets/dashboard.js?token=`);
    expect(second.headers['content-security-policy']).not.toBe(csp);
    expect(first.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers API calls and rejects bad ones with 4xx and a reason', async () => {
    const ok = await api(
      JSON.stringify({ method: 'patterns', params: { filter: {}, sort: 'name', offset: 0, limit: 5 } }),
    );
    expect(ok.status).toBe(200);
    const page = JSON.parse(ok.body).result as { total: number; rows: unknown[] };
    const [count] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM patterns');
    expect(page.total).toBe(count!.n);
    expect(page.rows).toHaveLength(5);
    expect((await api('not json')).status).toBe(400);
    const unknown = await api('{"method":"dropTables","params":{}}');
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).error).toContain('unknown dashboard method');
    const bad = await api(
      JSON.stringify({ method: 'patterns', params: { filter: {}, sort: 'name; DROP', offset: 0, limit: 5 } }),
    );
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toContain('sort');
    expect((await request({ path: `/api?token=${server.token}` })).status).toBe(405);
    expect((await api('x'.repeat(70_000))).status).toBe(413);
  });

  it('treats search text as literal text, never as SQL or a pattern', async () => {
    const page = await answerDashboard(
      { sql },
      {
        method: 'patterns',
        params: { filter: { search: "%' OR 1=1 --" }, sort: 'quality', offset: 0, limit: 10 },
      },
    );
    expect(page).toEqual({ total: 0, rows: [] });
    await expect(answerDashboard({ sql }, { method: 'pattern', params: { id: 1 } })).rejects.toThrow(
      DashboardInputError,
    );
  });
});

describe('motif dashboard', () => {
  it('prints a tokened loopback URL, serves it, and stops on SIGINT with exit 0', async () => {
    // Its own store: the embedded store above is held open (and locked) by this process.
    const own = copyFixture();
    expect((await motif(own, ['index', '.'])).code).toBe(0);
    const child = spawnMotif(['dashboard', '--port', '0'], { cwd: own, env: childEnv() });
    const deadline = Date.now() + 30_000;
    while (!/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.test(child.stdout) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(child.stdout)?.[0];
    expect(url, child.stderr).toBeTruthy();
    expect((await fetch(url!)).status).toBe(200);
    expect((await fetch(url!.replace(/\?token=.*/, ''))).status).toBe(403);
    child.child.kill('SIGINT');
    expect((await child.exited).code).toBe(0);
  });

  it('rejects a bad port with a usage error', async () => {
    const run = await motif(root, ['dashboard', '--port', 'eighty']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--port');
  });
});
