/** Bundles the extension-host suite (test/e2e/extension-tests/) into one CommonJS file the host loads. */
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './code-server-harness';

/** Build build/e2e/extension-tests.cjs and return its absolute path. */
export async function buildExtensionTests(): Promise<string> {
  const outfile = path.join(ROOT, 'build/e2e/extension-tests.cjs');
  await build({
    entryPoints: [path.join(ROOT, 'test/e2e/extension-tests/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}
