/**
 * Commands about one pattern: Show Pattern Details (a `motif-pattern:` virtual document), Show
 * Similar Patterns (a quick pick), usages and locations (peek), Record Pattern Usage, and opening a
 * pattern's file at its line. The pattern is the one named by the arguments (lenses, code actions,
 * the explorer) or the innermost definition at the cursor.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  type PatternRef,
  PatternRequest,
  type RecordUsageParams,
  RecordUsageRequest,
  type SimilarPattern,
  SimilarRequest,
  UsagesRequest,
} from '../../shared/protocol';
import type { MotifContext } from './motif-context';
import { renderPatternDetails } from './pattern-details';

/** Scheme of the read-only pattern-detail documents. */
export const DETAILS_SCHEME = 'motif-pattern';

function running(ctx: MotifContext): LanguageClient | undefined {
  const client = ctx.client();
  if (!client?.isRunning()) {
    void vscode.window.showWarningMessage(
      'Motif: the language server is not running; see Motif: Show Output.',
    );
    return undefined;
  }
  return client;
}

/** The pattern named by `id`, or the definition at the active editor's cursor. */
function patternRef(client: LanguageClient, id: unknown): PatternRef | undefined {
  if (typeof id === 'string' && id !== '') return { id };
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId !== 'python') {
    void vscode.window.showInformationMessage('Motif: put the cursor in a Python function, method or class.');
    return undefined;
  }
  return {
    textDocument: client.code2ProtocolConverter.asTextDocumentIdentifier(editor.document),
    position: client.code2ProtocolConverter.asPosition(editor.selection.active),
  };
}

/** Serves `motif-pattern:/<name>.motif-pattern?<id>` documents from `motif/pattern`. */
export class PatternDetailsProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly ctx: MotifContext) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const client = this.ctx.client();
    if (!client?.isRunning()) return 'The Motif language server is not running.\n';
    const detail = await client.sendRequest(PatternRequest.type, { id: uri.query });
    return detail ? renderPatternDetails(detail) : `No pattern with id ${uri.query} in the store.\n`;
  }
}

/** Motif: Show Pattern Details. */
export async function showPatternDetails(
  ctx: MotifContext,
  id?: unknown,
): Promise<vscode.TextEditor | undefined> {
  const client = running(ctx);
  const ref = client && patternRef(client, id);
  if (!client || !ref) return undefined;
  const detail = await client.sendRequest(PatternRequest.type, ref);
  if (!detail) {
    void vscode.window.showInformationMessage('Motif: no pattern here (is the cursor inside a definition?).');
    return undefined;
  }
  const name = detail.qualifiedName.replace(/[^\w.-]+/g, '_');
  const uri = vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${name}.motif-pattern`, query: detail.id });
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

/** Open a file (a `file:` URI string) at an LSP range. */
export async function openPatternLocation(
  uri: string,
  range?: { start: { line: number; character: number } },
) {
  const position = new vscode.Position(range?.start.line ?? 0, range?.start.character ?? 0);
  await vscode.window.showTextDocument(vscode.Uri.parse(uri), {
    selection: new vscode.Range(position, position),
  });
}

function similarItem(p: SimilarPattern): vscode.QuickPickItem & { pattern: SimilarPattern } {
  return {
    label: p.qualifiedName,
    description: `similarity ${p.similarity.toFixed(2)} · quality ${p.quality.toFixed(2)}`,
    detail: `${p.patternName} — ${p.filePath}:${p.range.start.line + 1}`,
    pattern: p,
  };
}

async function pickSimilar(client: LanguageClient, ref: PatternRef, title: string) {
  const result = await client.sendRequest(SimilarRequest.type, { ...ref, limit: 20 });
  if (!result.available) {
    void vscode.window.showInformationMessage('Motif: similarity search is not available in this store yet.');
    return undefined;
  }
  if (result.patterns.length === 0) {
    void vscode.window.showInformationMessage('Motif: no similar patterns above the similarity threshold.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(result.patterns.map(similarItem), {
    title,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.pattern;
}

/** Motif: Show Similar Patterns: pick one and open it. */
export async function showSimilarPatterns(ctx: MotifContext, id?: unknown): Promise<void> {
  const client = running(ctx);
  const ref = client && patternRef(client, id);
  if (!client || !ref) return;
  const picked = await pickSimilar(client, ref, 'Motif: similar patterns');
  if (picked) await openPatternLocation(picked.uri, picked.range);
}

/** The lens's "used N× in M files": show the reference locations in the references view. */
export async function showUsages(
  ctx: MotifContext,
  uri: string,
  position: unknown,
  id: string,
): Promise<void> {
  const client = running(ctx);
  if (!client) return;
  const locations = await client.sendRequest(UsagesRequest.type, { id });
  await peekLocations(ctx, uri, position, locations, 'editor.action.showReferences');
}

/** Peek LSP locations at an LSP position of a document. */
export async function peekLocations(
  ctx: MotifContext,
  uri: string,
  position: unknown,
  locations: unknown,
  command = 'editor.action.peekLocations',
): Promise<void> {
  const client = ctx.client();
  if (!client) return;
  const p2c = client.protocol2CodeConverter;
  const where = p2c.asPosition(position as Parameters<typeof p2c.asPosition>[0]);
  const raw = Array.isArray(locations) ? (locations as Parameters<typeof p2c.asLocation>[0][]) : [];
  const targets = raw.map((l) => p2c.asLocation(l));
  if (targets.length === 0) {
    void vscode.window.showInformationMessage('Motif: no references found.');
    return;
  }
  await vscode.commands.executeCommand(command, vscode.Uri.parse(uri), where, targets);
}

/**
 * Motif: Record Pattern Usage: with arguments (a code action) records them; from the palette, picks
 * one of the patterns similar to the one at the cursor and records that it is used here.
 */
export async function recordPatternUsage(ctx: MotifContext, params?: RecordUsageParams): Promise<void> {
  const client = running(ctx);
  if (!client) return;
  let record = params;
  if (!record?.patternId) {
    const ref = patternRef(client, undefined);
    if (!ref || !('position' in ref)) return;
    const picked = await pickSimilar(client, ref, 'Motif: which suggested pattern did you use here?');
    if (!picked) return;
    record = { patternId: picked.id, textDocument: ref.textDocument, position: ref.position };
  }
  const result = await client.sendRequest(RecordUsageRequest.type, record);
  if (result.recorded) void vscode.window.showInformationMessage(`Motif: ${result.message}`);
  else void vscode.window.showWarningMessage(`Motif: ${result.message}`);
}
