// Builds motif-<version>.vsix (`npm run package`). A staging folder (build/vsix) gets the manifest, the
// client bundle, a server and analysis-worker bundle with every pure-JS dependency inlined, the PGlite
// template, migrations, grammars and docs, plus node_modules for the packages that load files by path
// (PGlite and web-tree-sitter load .wasm; tree-sitter-python ships the grammar's .wasm; tree-sitter is the
// native parser, used only when asked for, with the WASM parser as the default and the fallback).
// @vscode/vsce then packs the folder. Nothing is downloaded.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.dirname(new URL(import.meta.url).pathname);
const stage = path.join(root, 'build', 'vsix');
const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Packages kept as files in the .vsix (with their own dependencies). */
const SHIPPED = ['@electric-sql/pglite', 'web-tree-sitter', 'tree-sitter-python', 'tree-sitter'];
/** Optional requires of inlined packages that are not installed and never needed. */
const NEVER = ['pg-native', 'vscode'];

const SERVER_ENTRY = 'server/src/main.ts';
if (!existsSync(path.join(root, SERVER_ENTRY))) {
  console.error(`package: ${SERVER_ENTRY} (the language server's entry point) is missing`);
  process.exit(1);
}

rmSync(stage, { recursive: true, force: true });
mkdirSync(path.join(stage, 'dist'), { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  sourcemap: false,
  logLevel: 'warning',
  external: [...SHIPPED, ...NEVER],
};
await Promise.all([
  build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: path.join(stage, 'dist/extension.cjs'),
  }),
  build({ ...common, entryPoints: [SERVER_ENTRY], outfile: path.join(stage, 'dist/server.cjs') }),
  build({
    ...common,
    entryPoints: ['server/src/indexing/analyse-worker.ts'],
    outfile: path.join(stage, 'dist/analyse-worker.cjs'),
  }),
  build({
    ...common,
    entryPoints: ['server/src/indexing/similar-worker.ts'],
    outfile: path.join(stage, 'dist/similar-worker.cjs'),
  }),
]);

// The embedded store's template folder (older builds left a .tar.gz beside it: not shipped).
for (const f of readdirSync(path.join(root, 'dist')).filter(
  (f) => f.startsWith('pglite-template-') && !f.endsWith('.tar.gz'),
)) {
  cpSync(path.join(root, 'dist', f), path.join(stage, 'dist', f), { recursive: true });
}
// The Pattern Dashboard page (built by esbuild.mjs), loaded by the webview from the extension.
cpSync(path.join(root, 'dist', 'dashboard'), path.join(stage, 'dist', 'dashboard'), { recursive: true });
for (const item of ['migrations', 'syntaxes', 'resources', 'LICENSE', 'CHANGELOG.md']) {
  if (existsSync(path.join(root, item)))
    cpSync(path.join(root, item), path.join(stage, item), { recursive: true });
}
// The Marketplace page: the README's extension part, without images vsce cannot resolve offline.
const readme = readFileSync(path.join(root, 'README.md'), 'utf8').replace(/!\[[^\]]*\]\([^)]*\)\n?/g, '');
writeFileSync(path.join(stage, 'README.md'), readme);
writeFileSync(
  path.join(stage, '.vscodeignore'),
  // Source maps out, but not the store template's pg_filenode.map files: PGlite cannot start without them.
  [
    '**/*.map',
    '!dist/pglite-template-*/**',
    '**/*.ts',
    '!**/*.d.ts',
    'node_modules/**/src/**',
    'node_modules/**/*.md',
    '',
  ].join('\n'),
);

/** Copy a package and, recursively, its production dependencies into the staging node_modules. */
const copied = new Set();
function ship(name, from) {
  if (copied.has(name)) return;
  const req = createRequire(path.join(from, 'noop.js'));
  let dir;
  try {
    dir = path.dirname(req.resolve(`${name}/package.json`));
  } catch {
    // Packages that do not export package.json: walk up from their entry point.
    dir = path.dirname(req.resolve(name));
    while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  }
  copied.add(name);
  cpSync(dir, path.join(stage, 'node_modules', name), { recursive: true, dereference: true });
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  for (const dep of Object.keys(pkg.dependencies ?? {})) ship(dep, dir);
}
for (const name of SHIPPED) ship(name, root);

const { scripts, devDependencies, bin, dependencies, ...rest } = manifest;
writeFileSync(
  path.join(stage, 'package.json'),
  `${JSON.stringify(
    { ...rest, dependencies: Object.fromEntries(SHIPPED.map((n) => [n, dependencies[n]])) },
    null,
    2,
  )}\n`,
);

const out = path.join(root, `motif-${manifest.version}.vsix`);
const vsce = require.resolve('@vscode/vsce/vsce');
execFileSync(
  process.execPath,
  [vsce, 'package', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out],
  {
    cwd: stage,
    stdio: 'inherit',
  },
);
console.log(`package: ${path.relative(root, out)}`);
