/**
 * Document sync (`didOpen`, `didChange`, `didSave`, `didClose`): open and save index the file; each
 * change moves the last saved analysis onto the edited lines (lenses and diagnostics follow);
 * close forgets the view and clears its diagnostics.
 */
import type {
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  DidSaveTextDocumentParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { publishDiagnostics } from '../diagnostics';
import { refreshFile } from '../file-analysis';
import { applyEdit, identityMap } from '../line-map';
import type { Session } from '../session';

/** Only Python is Motif's business. */
function isPython(languageId: string, uri: string): boolean {
  return languageId === 'python' || uri.endsWith('.py') || uri.endsWith('.pyi');
}

/** A document was opened: keep it and index it. */
export async function didOpen(session: Session, params: DidOpenTextDocumentParams): Promise<void> {
  const { uri, languageId, version, text } = params.textDocument;
  if (!isPython(languageId, uri)) return;
  session.documents.set(uri, TextDocument.create(uri, languageId, version, text));
  await refreshFile(session, uri);
}

/** A document changed: apply the edits and move the saved analysis along. */
export function didChange(session: Session, params: DidChangeTextDocumentParams): void {
  const document = session.documents.get(params.textDocument.uri);
  if (!document) return;
  const view = session.views.get(document.uri);
  for (const change of params.contentChanges) {
    if (view) {
      if ('range' in change) applyEdit(view.lineMap, change.range, change.text);
      // A full replacement loses track of lines: keep those that still exist until the next save.
      else {
        const lineCount = change.text.split('\n').length;
        view.lineMap = identityMap(view.lineMap.length);
        view.lineMap.fill(-1, lineCount);
      }
    }
  }
  session.documents.set(
    document.uri,
    TextDocument.update(document, params.contentChanges, params.textDocument.version),
  );
  if (view) publishDiagnostics(session, document.uri);
}

/** A document was saved: index it again. */
export async function didSave(session: Session, params: DidSaveTextDocumentParams): Promise<void> {
  if (!session.documents.has(params.textDocument.uri)) return;
  await refreshFile(session, params.textDocument.uri);
}

/** A document was closed: forget it. */
export function didClose(session: Session, params: DidCloseTextDocumentParams): void {
  const { uri } = params.textDocument;
  session.documents.delete(uri);
  session.views.delete(uri);
  session.suggestions.delete(uri);
  // The vector index holds every stored vector: released with the last open file (loaded again on demand).
  if (session.documents.size === 0) session.similarity = null;
  void session.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => {});
}
