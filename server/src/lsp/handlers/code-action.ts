/**
 * `textDocument/codeAction` inside a definition: go to / peek the similar patterns (when the
 * similarity index exists), record that a suggested pattern was used, and open the pattern in the
 * dashboard. Every action is a client command from `ClientCommands`.
 */
import { type CodeAction, CodeActionKind, type CodeActionParams } from 'vscode-languageserver';
import { ClientCommands, DIAGNOSTIC_SOURCE } from '../../../../shared/protocol';
import type { Session } from '../session';
import { patternAt, placedPatterns } from '../view-patterns';

/** The actions available at the request's range. */
export function codeActions(session: Session, params: CodeActionParams): CodeAction[] {
  const view = session.views.get(params.textDocument.uri);
  if (!view) return [];
  const placed = patternAt(placedPatterns(session, view), params.range.start);
  if (!placed) return [];
  const { pattern } = placed;
  const actions: CodeAction[] = [];
  const suggestion = session.suggestions.get(params.textDocument.uri)?.get(pattern.id);
  if (suggestion) {
    const related = params.context.diagnostics.filter(
      (d) =>
        d.source === DIAGNOSTIC_SOURCE &&
        (d.data as { patternId?: string } | undefined)?.patternId === pattern.id,
    );
    actions.push({
      title: `Motif: Go to similar pattern \`${suggestion.pattern.qualifiedName}\``,
      kind: CodeActionKind.QuickFix,
      diagnostics: related,
      isPreferred: true,
      command: {
        title: 'Peek similar pattern',
        command: ClientCommands.peekLocations,
        arguments: [
          params.textDocument.uri,
          placed.nameRange.start,
          [{ uri: suggestion.uri, range: suggestion.range }],
        ],
      },
    });
    actions.push({
      title: `Motif: Record that \`${suggestion.pattern.qualifiedName}\` was used here`,
      kind: CodeActionKind.QuickFix,
      command: {
        title: 'Record pattern usage',
        command: ClientCommands.recordPatternUsage,
        arguments: [
          {
            patternId: suggestion.pattern.id,
            textDocument: params.textDocument,
            position: placed.nameRange.start,
          },
        ],
      },
    });
  }
  if (session.similarity) {
    actions.push({
      title: `Motif: Show patterns similar to \`${pattern.name}\``,
      kind: CodeActionKind.Empty,
      command: {
        title: 'Show similar patterns',
        command: ClientCommands.showSimilar,
        arguments: [pattern.id],
      },
    });
  }
  actions.push({
    title: `Motif: Show details of \`${pattern.name}\``,
    kind: CodeActionKind.Empty,
    command: {
      title: 'Show pattern details',
      command: ClientCommands.showPatternDetails,
      arguments: [pattern.id],
    },
  });
  if (view.path !== null) {
    actions.push({
      title: `Motif: Open \`${pattern.name}\` in the pattern dashboard`,
      kind: CodeActionKind.Empty,
      command: { title: 'Open in dashboard', command: ClientCommands.openDashboard, arguments: [pattern.id] },
    });
  }
  return actions;
}
