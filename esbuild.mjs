// Bundles what ships: the CLI, its analysis and similarity-search workers and the language server as CommonJS for Node, and
// the dashboard page for the browser. Runtime dependencies stay external (PGlite and tree-sitter load
// .wasm/.node files by path), except in the server, which bundles the pure-JS LSP libraries so the
// .vsix needs no copy of them.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { build } from 'esbuild';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.cjs' }),
  build({
    ...common,
    entryPoints: ['server/src/indexing/analyse-worker.ts'],
    outfile: 'dist/analyse-worker.cjs',
  }),
  build({
    ...common,
    entryPoints: ['server/src/indexing/similar-worker.ts'],
    outfile: 'dist/similar-worker.cjs',
  }),
  build({ ...common, entryPoints: ['server/src/make-template.ts'], outfile: 'dist/make-template.cjs' }),
  // The VS Code client: everything but the `vscode` module inlined, so the .vsix needs no client packages.
  build({
    ...common,
    packages: undefined,
    external: ['vscode'],
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/extension.cjs',
  }),
  // The language server: the pure-JS LSP libraries inlined; PGlite, tree-sitter and the rest external.
  build({
    ...common,
    packages: undefined,
    external: Object.keys(manifest.dependencies).filter((name) => !name.startsWith('vscode-')),
    entryPoints: ['server/src/main.ts'],
    outfile: 'dist/server.cjs',
  }),
  // The Pattern Dashboard page, for the browser (`motif dashboard`) and the VS Code webview: one script
  // and one stylesheet, every library bundled in (the page loads nothing remote).
  build({
    entryPoints: { dashboard: 'client/src/dashboard/page/main.tsx' },
    outdir: 'dist/dashboard',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'linked',
    logLevel: 'warning',
  }),
]);

// New embedded stores start from a migrated template instead of running initdb (about 4 s saved).
// Rebuilt only when missing or older than a migration.
const pgliteVersion = JSON.parse(
  readFileSync('node_modules/@electric-sql/pglite/package.json', 'utf8'),
).version;
const template = `dist/pglite-template-${pgliteVersion}`;
const newestMigration = Math.max(
  ...readdirSync('migrations').map((f) => statSync(`migrations/${f}`).mtimeMs),
);
if (
  !existsSync(`${template}/PG_VERSION`) ||
  !existsSync(`${template}.folders.json`) ||
  statSync(`${template}/PG_VERSION`).mtimeMs < newestMigration
) {
  execFileSync(process.execPath, ['dist/make-template.cjs'], { stdio: 'inherit' });
}
