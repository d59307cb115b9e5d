/** `motif/reindex`: a workspace re-index with progress on the client's token, cancellable. */
import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { ReindexParams, ReindexResult } from '../../../../shared/protocol';
import type { Session } from '../session';
import { reindexWorkspace } from '../workspace-index';

/** Run a re-index, reporting to `params.workDoneToken`; cancelled through `token`. */
export function reindex(
  session: Session,
  connection: Connection,
  params: ReindexParams,
  token: CancellationToken,
): Promise<ReindexResult> {
  const reporter = connection.window.attachWorkDoneProgress(params.workDoneToken);
  return reindexWorkspace(session, { full: params.full === true, reporter, token });
}
