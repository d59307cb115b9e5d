/**
 * Headless Debian Chromium through playwright-core for the dashboard tests and benchmark (never
 * `npx playwright install`): a fresh profile per launch, console errors and page errors collected, and
 * screenshots kept under test-results/dashboard/ (gitignored artefacts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Where Debian's chromium package puts the browser (override with MOTIF_CHROMIUM). */
export const CHROMIUM = process.env.MOTIF_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshot and download artefacts of the dashboard tests. */
export const ARTEFACTS = path.resolve(__dirname, '../../test-results/dashboard');

/** A launched browser with one page and what its console said. */
export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors, in order. */
  errors: string[];
  close(): Promise<void>;
}

/** Launch Chromium with a fresh profile; fails with the install hint when it is missing. */
export async function launchBrowser(viewport = { width: 1400, height: 1000 }): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set MOTIF_CHROMIUM)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    acceptDownloads: true,
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
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Save a full-page screenshot as an artefact; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTEFACTS, { recursive: true });
  const file = path.join(ARTEFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
