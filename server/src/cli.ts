/** Entry point of the `motif` command (bundled to dist/cli.cjs). */
import { runCli } from './cli/run-cli';
import { runLanguageServer } from './lsp/start';

// A reader that stops early (`motif export | head`) closes the pipe: end quietly, as other tools do,
// rather than die on an unhandled EPIPE with a stack trace. What was stored is already committed.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

runCli(
  process.argv.slice(2),
  {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
  },
  { startLanguageServer: runLanguageServer },
).then((code) => {
  process.exitCode = code;
});
