/** Entry point of the `motif` command (bundled to dist/cli.cjs). */
import { adoptMainThread, commandOf, isIndexThread, runOnIndexThread } from './cli/index-thread';
import { runCli } from './cli/run-cli';
import { runLanguageServer } from './lsp/start';

// A reader that stops early (`motif export | head`) closes the pipe: end quietly, as other tools do,
// rather than die on an unhandled EPIPE with a stack trace. What was stored is already committed.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

const args = process.argv.slice(2);
const indexThread = isIndexThread();
if (indexThread) adoptMainThread(args);

const run =
  !indexThread && commandOf(args) === 'index'
    ? runOnIndexThread(__filename, args)
    : runCli(
        args,
        { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env },
        { startLanguageServer: runLanguageServer },
      );
run.then((code) => {
  process.exitCode = code;
});
