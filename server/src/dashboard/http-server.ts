/**
 * The dashboard over HTTP for `motif dashboard`: loopback only, read-only, and every request must carry
 * the random token of the URL it prints (query `token` or header `X-Motif-Token`); the Host header must
 * name the loopback address, so a web page elsewhere cannot reach it by DNS rebinding. The page is
 * served under a strict Content Security Policy with a fresh nonce per load.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { dashboardHtml } from '../../../shared/dashboard';
import type { Logger } from '../core/ports';
import { packageRoot } from '../indexing/package-root';
import type { SqlClient } from '../storage/sql-client';
import { answerDashboard, DashboardInputError } from './answer';
import { type DashboardSource, embeddedSource } from './source';

/** A running dashboard server. */
export interface DashboardServer {
  /** The URL to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Options for `startDashboardServer`. */
export interface DashboardServerOptions {
  sql: SqlClient;
  /** Where answers come from (default: `embeddedSource(sql)`). */
  source?: DashboardSource;
  logger: Logger;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where the built page is (default: `dist/dashboard` of the package). */
  assetsDir?: string;
}

const MAX_BODY = 64 * 1024;
const ASSETS: Record<string, string> = {
  '/assets/dashboard.js': 'text/javascript; charset=utf-8',
  '/assets/dashboard.css': 'text/css; charset=utf-8',
};

/** The folder the page's bundle is built into. */
export function defaultAssetsDir(): string {
  return path.join(packageRoot(), 'dist', 'dashboard');
}

/** Start serving on 127.0.0.1; resolves once listening. */
export async function startDashboardServer(o: DashboardServerOptions): Promise<DashboardServer> {
  const assetsDir = o.assetsDir ?? defaultAssetsDir();
  for (const file of Object.keys(ASSETS)) {
    const full = path.join(assetsDir, path.basename(file));
    if (!fs.existsSync(full))
      throw new Error(`the dashboard page is not built (${full} is missing): run \`npm run build\``);
  }
  // Read the first screen's aggregates once before listening: the first page load then finds the
  // table's pages in the database's cache instead of on disk.
  const source = o.source ?? embeddedSource(o.sql);
  await answerDashboard(source, { method: 'overview', params: {} });
  const token = randomBytes(24).toString('base64url');
  const server = http.createServer((req, res) => {
    handle(req, res, { ...o, source, assetsDir, token, port: (server.address() as AddressInfo).port }).catch(
      (error: unknown) => {
        o.logger.error(`dashboard: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error');
        else res.destroy();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  source.warm?.();
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(
  res: http.ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // The token is in the URL: never send it on as a referrer.
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
    ...extra,
  });
  res.end(body);
}

function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The page's CSP: only our nonce'd script, our stylesheet, and calls back to this server.
 * `frame-ancestors` only works as a header, so the copy in the page's <meta> leaves it out.
 */
export function pageCsp(nonce: string, o: { header: boolean }): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    ...(o.header ? ["frame-ancestors 'none'"] : []),
  ].join('; ');
}

async function handle(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  o: DashboardServerOptions & { source: DashboardSource; assetsDir: string; token: string; port: number },
): Promise<void> {
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${o.port}` && host !== `localhost:${o.port}`) {
    send(res, 421, 'text/plain; charset=utf-8', 'wrong host');
    return;
  }
  const url = new URL(req.url ?? '/', `http://${host}`);
  const given = url.searchParams.get('token') ?? (req.headers['x-motif-token'] as string | undefined);
  if (!tokenMatches(given, o.token)) {
    send(
      res,
      403,
      'text/plain; charset=utf-8',
      'forbidden: open the URL `motif dashboard` printed (it carries the access token)',
    );
    return;
  }
  if (req.method === 'GET' && url.pathname === '/') {
    const nonce = randomBytes(18).toString('base64');
    const csp = pageCsp(nonce, { header: false });
    const q = `?token=${encodeURIComponent(o.token)}`;
    const html = dashboardHtml({
      csp,
      nonce,
      scriptUrl: `/assets/dashboard.js${q}`,
      styleUrl: `/assets/dashboard.css${q}`,
      host: 'browser',
    });
    send(res, 200, 'text/html; charset=utf-8', html, {
      'Content-Security-Policy': pageCsp(nonce, { header: true }),
    });
    return;
  }
  const assetType = ASSETS[url.pathname];
  if (req.method === 'GET' && assetType) {
    const body = await fs.promises.readFile(path.join(o.assetsDir, path.basename(url.pathname)));
    send(res, 200, assetType, body);
    return;
  }
  if (url.pathname === '/api') {
    if (req.method !== 'POST') {
      send(res, 405, 'text/plain; charset=utf-8', 'POST only', { Allow: 'POST' });
      return;
    }
    await answerApi(req, res, o);
    return;
  }
  send(res, 404, 'text/plain; charset=utf-8', 'not found');
}

async function answerApi(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  o: DashboardServerOptions & { source: DashboardSource },
): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) {
      send(res, 413, 'application/json', JSON.stringify({ error: 'request too large' }));
      return;
    }
    chunks.push(chunk as Buffer);
  }
  let call: unknown;
  try {
    call = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    send(res, 400, 'application/json', JSON.stringify({ error: 'the body is not JSON' }));
    return;
  }
  try {
    const result = await answerDashboard(o.source, call);
    send(res, 200, 'application/json', JSON.stringify({ result }));
  } catch (error) {
    if (error instanceof DashboardInputError) {
      send(res, 400, 'application/json', JSON.stringify({ error: error.message }));
      return;
    }
    o.logger.error(`dashboard query failed: ${error instanceof Error ? error.message : String(error)}`);
    send(
      res,
      500,
      'application/json',
      JSON.stringify({ error: 'the store could not answer; see the terminal' }),
    );
  }
}
