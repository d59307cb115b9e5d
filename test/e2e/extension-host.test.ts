/**
 * Runs the extension-host suite (test/e2e/extension-tests/) inside code-server's extension-test mode
 * (shared e2e README, section 6): the repository is the extension under development, the suite's
 * `run()` executes in the Node extension host with the full `vscode` API, and the exit code arrives
 * through the page's `codeAutomationExit`. The same suite runs under @vscode/test-electron with
 * `test/e2e/run-test-electron.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExtensionTests } from './build-extension-tests';
import {
  ARTEFACTS,
  copyWorkspace,
  e2eMissing,
  e2eRequired,
  openBrowser,
  ROOT,
  startCodeServer,
} from './code-server-harness';

const missing = e2eMissing();
if (missing && !e2eRequired()) console.warn(`SKIPPED the extension-host tests: ${missing}`);

/** Run the extension-host suite in code-server; resolves with its exit code and MOTIF-TEST lines. */
async function runSuite(name: string, restricted: boolean): Promise<{ code: number; lines: string[] }> {
  const suite = await buildExtensionTests();
  const ws = copyWorkspace('e2e-workspace');
  if (restricted) {
    // The workspace's own settings name a server; in Restricted Mode Motif must not use it.
    fs.mkdirSync(path.join(ws, '.vscode'));
    fs.writeFileSync(
      path.join(ws, '.vscode/settings.json'),
      JSON.stringify({ 'motif.store.url': 'postgres://intruder@127.0.0.1:9/stolen' }),
    );
  }
  const server = await startCodeServer({
    restricted,
    env: restricted ? { MOTIF_E2E_SUITE: 'restricted' } : {},
  });
  const browser = await openBrowser();
  try {
    const { page } = browser;
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(suite)],
    ]);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`);
    fs.mkdirSync(ARTEFACTS, { recursive: true });
    const code = await Promise.race([
      exit,
      new Promise<number>((_, reject) => setTimeout(() => reject(new Error('no exit after 240 s')), 240_000)),
    ]).catch(async (e) => {
      await page.screenshot({ path: path.join(ARTEFACTS, `${name}-timeout.png`) });
      throw e;
    });
    fs.writeFileSync(path.join(ARTEFACTS, `${name}.log`), browser.console.join('\n'));
    return { code, lines: browser.console.filter((l) => l.includes('MOTIF-TEST')) };
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

describe.skipIf(missing !== undefined && !e2eRequired())('extension-host tests in code-server', () => {
  beforeAll(async () => {
    if (missing) throw new Error(`MOTIF_E2E=required but ${missing}`);
    for (const f of ['dist/extension.cjs', 'dist/server.cjs']) {
      if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run npm run build`);
    }
  });

  it('passes activation, command and explorer tests in the extension host', async () => {
    const { code, lines } = await runSuite('extension-host', false);
    expect(lines.some((l) => l.includes('MOTIF-TEST done'))).toBe(true);
    expect({ code, failures: lines.filter((l) => l.includes('FAIL')) }).toEqual({ code: 0, failures: [] });
  }, 300_000);

  it("in Restricted Mode ignores the workspace's server URL and still analyses locally", async () => {
    const { code, lines } = await runSuite('extension-host-restricted', true);
    expect(lines.some((l) => l.includes('MOTIF-TEST done: 3 passed'))).toBe(true);
    expect({ code, failures: lines.filter((l) => l.includes('FAIL')) }).toEqual({ code: 0, failures: [] });
  }, 300_000);
});
