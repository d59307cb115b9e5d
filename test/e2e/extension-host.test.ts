/**
 * Runs the extension-host suite (test/e2e/extension-tests/) inside code-server's extension-test mode
 * (shared e2e README, section 6): the repository is the extension under development, the suite's
 * `run()` executes in the Node extension host with the full `vscode` API, and the exit code arrives
 * through the page's `codeAutomationExit`. The same suite runs under @vscode/test-electron with
 * `test/e2e/run-test-electron.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExtensionTests } from './build-extension-tests';
import {
  ARTEFACTS,
  type CodeServer,
  copyWorkspace,
  e2eMissing,
  e2eRequired,
  openBrowser,
  ROOT,
  startCodeServer,
} from './code-server-harness';

const missing = e2eMissing();
if (missing && !e2eRequired()) console.warn(`SKIPPED the extension-host tests: ${missing}`);

describe.skipIf(missing !== undefined && !e2eRequired())('extension-host tests in code-server', () => {
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof openBrowser>> | undefined;
  let ws: string | undefined;

  beforeAll(async () => {
    if (missing) throw new Error(`MOTIF_E2E=required but ${missing}`);
    if (
      !fs.existsSync(path.join(ROOT, 'dist/extension.cjs')) ||
      !fs.existsSync(path.join(ROOT, 'dist/server.cjs'))
    ) {
      throw new Error('dist/extension.cjs or dist/server.cjs is missing: run npm run build');
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  it('passes activation, command and explorer tests in the extension host', async () => {
    const suite = await buildExtensionTests();
    ws = copyWorkspace('e2e-workspace');
    server = await startCodeServer();
    browser = await openBrowser();
    const { page } = browser;
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server?.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(suite)],
    ]);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`);
    const code = await Promise.race([
      exit,
      new Promise<number>((_, reject) => setTimeout(() => reject(new Error('no exit after 240 s')), 240_000)),
    ]).catch(async (e) => {
      fs.mkdirSync(ARTEFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTEFACTS, 'extension-host-timeout.png') });
      throw e;
    });
    const lines = browser.console.filter((l) => l.includes('MOTIF-TEST'));
    fs.mkdirSync(ARTEFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTEFACTS, 'extension-host.log'), browser.console.join('\n'));
    expect(lines.some((l) => l.includes('MOTIF-TEST done'))).toBe(true);
    expect({ code, failures: lines.filter((l) => l.includes('FAIL')) }).toEqual({ code: 0, failures: [] });
  }, 300_000);
});
