/**
 * Runs the extension-host suite in desktop VS Code through @vscode/test-electron:
 *   VSCODE_PATH=/path/to/code npx tsx test/e2e/run-test-electron.ts
 * Without VSCODE_PATH, test-electron downloads VS Code (where the network allows; these CI machines
 * cannot, so here the same suite runs through code-server instead: extension-host.test.ts).
 */
import { runTests } from '@vscode/test-electron';
import { buildExtensionTests } from './build-extension-tests';
import { copyWorkspace, ROOT } from './code-server-harness';

async function main(): Promise<number> {
  const suite = await buildExtensionTests();
  const workspace = copyWorkspace('e2e-workspace');
  return runTests({
    vscodeExecutablePath: process.env.VSCODE_PATH || undefined,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
