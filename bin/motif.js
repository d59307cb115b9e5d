#!/usr/bin/env node
// The `motif` command: runs the bundled CLI (built by `npm run build`, which `npm ci` runs via prepare).
require('../dist/cli.cjs');
