// Bundles what ships: the CLI and its analysis worker (and later the server and client) as CommonJS
// for Node. Runtime dependencies stay external: PGlite and tree-sitter load .wasm/.node files by path.
import { build } from 'esbuild';

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
]);
