/**
 * Motif: Re-index Workspace: sends `motif/reindex` with a work-done token, mirrors the server's
 * `$/progress` in a cancellable notification, and ends with a one-line summary (or says it was cancelled).
 */
import * as vscode from 'vscode';
import { WorkDoneProgress } from 'vscode-languageclient/node';
import { ReindexRequest, type ReindexResult } from '../../shared/protocol';
import type { MotifContext } from './motif-context';
import { reindexSummary } from './reindex-summary';

let tokenSeq = 0;

/** Run a re-index with progress; resolves with the result (undefined if no server runs). */
export async function reindexWorkspace(ctx: MotifContext, full = false): Promise<ReindexResult | undefined> {
  const client = ctx.client();
  if (!client?.isRunning()) {
    void vscode.window.showWarningMessage(
      'Motif: the language server is not running; see Motif: Show Output.',
    );
    return undefined;
  }
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'Motif: re-indexing workspace',
      cancellable: true,
    },
    async (progress, cancel) => {
      const workDoneToken = `motif-reindex-${process.pid}-${++tokenSeq}`;
      let reported = 0;
      const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const pct = typeof value.percentage === 'number' ? value.percentage : reported;
        progress.report({ message: value.message, increment: Math.max(0, pct - reported) });
        reported = Math.max(reported, pct);
      });
      try {
        return await client.sendRequest(ReindexRequest.type, { workDoneToken, full }, cancel);
      } catch (e) {
        // A server may answer a cancelled request with RequestCancelled instead of a 'cancelled' result.
        if (cancel.isCancellationRequested) return undefined;
        throw e;
      } finally {
        listener.dispose();
      }
    },
  );
  ctx.explorer.refresh(0);
  if (!result) {
    void vscode.window.showWarningMessage('Motif: re-index cancelled; files done so far are kept.');
    return undefined;
  }
  const summary = reindexSummary(result);
  if (result.status === 'completed') void vscode.window.showInformationMessage(summary);
  else void vscode.window.showWarningMessage(summary);
  return result;
}
