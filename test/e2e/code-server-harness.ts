/**
 * Runs code-server (installed by `test/e2e/setup.sh`) for the UI and extension-host tests, following
 * the verified recipe in the shared e2e README: bound to 127.0.0.1 with no auth, its own config, user
 * data and extensions folders, started in its own process group so stopping it leaves nothing behind.
 * Also opens Debian's Chromium through playwright-core (never a downloaded browser).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../..');
export const CODE_SERVER = path.join(ROOT, 'test/e2e/code-server/node_modules/.bin/code-server');
export const CHROMIUM = '/usr/bin/chromium';
/** Where screenshots and logs of e2e runs go (gitignored). */
export const ARTEFACTS = path.join(ROOT, 'test-results/e2e');

/** Why the e2e tests cannot run here, or undefined when they can. */
export function e2eMissing(): string | undefined {
  if (!fs.existsSync(CODE_SERVER))
    return `code-server is not installed (${CODE_SERVER}); run test/e2e/setup.sh`;
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} is missing; run test/e2e/setup.sh`;
  return undefined;
}

/**
 * Whether the e2e tests must run: `.ci/run` sets MOTIF_E2E=required so they can never skip silently in
 * CI; elsewhere they skip (loudly) when code-server or Chromium is missing.
 */
export function e2eRequired(): boolean {
  return process.env.MOTIF_E2E === 'required';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A running code-server. */
export interface CodeServer {
  port: number;
  url: string;
  runDir: string;
  /** Kill the whole process group and remove the run folder. */
  stop(): Promise<void>;
}

/** Options of a code-server run. */
export interface CodeServerOptions {
  /** `.vsix` files to install before starting. */
  vsix?: string[];
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Turn workspace trust on, so a workspace opens untrusted (Restricted Mode) until trusted. */
  restricted?: boolean;
  /** Extra environment for code-server and the extension host it starts. */
  env?: Record<string, string>;
}

/** Start code-server on a free loopback port; resolves when `/healthz` answers. */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-e2e-cs-'));
  const port = await freePort();
  const config = path.join(runDir, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  fs.mkdirSync(path.join(runDir, 'ud/User'), { recursive: true });
  fs.mkdirSync(path.join(runDir, 'ext'));
  fs.writeFileSync(
    path.join(runDir, 'ud/User/settings.json'),
    JSON.stringify({
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'security.workspace.trust.enabled': options.restricted === true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never',
      'editor.codeLens': true,
      // No fade-ins: screenshots show finished widgets.
      'workbench.reduceMotion': 'on',
      ...options.settings,
    }),
  );
  const common = ['--config', config, '--user-data-dir', `${runDir}/ud`, '--extensions-dir', `${runDir}/ext`];
  for (const vsix of options.vsix ?? []) {
    execFileSync(CODE_SERVER, [...common, '--install-extension', vsix], { stdio: 'pipe' });
  }
  const log = fs.openSync(path.join(runDir, 'code-server.log'), 'w');
  const child: ChildProcess = spawn(
    CODE_SERVER,
    [
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.restricted ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    { detached: true, stdio: ['ignore', log, log], env: { ...process.env, ...options.env } },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(
        `code-server did not start:\n${fs.readFileSync(path.join(runDir, 'code-server.log'), 'utf8')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port,
    url,
    runDir,
    async stop() {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      await new Promise((r) => setTimeout(r, 500));
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Gone after SIGTERM.
      }
      fs.closeSync(log);
      fs.rmSync(runDir, { recursive: true, force: true });
    },
  };
}

/** Headless Debian Chromium with a fresh profile, one page, its console kept for failure reports. */
export async function openBrowser(): Promise<{
  context: BrowserContext;
  page: Page;
  console: string[];
  close(): Promise<void>;
}> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const console: string[] = [];
  page.on('console', (m) => console.push(`[${m.type()}] ${m.text()}`));
  return {
    context,
    page,
    console,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A fresh copy of a fixture workspace in a temporary folder. */
export function copyWorkspace(fixture: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-e2e-ws-'));
  fs.cpSync(path.join(ROOT, 'test/fixtures', fixture), dir, { recursive: true });
  return dir;
}
