/**
 * `textDocument/codeLens`: above each function, method and class, one lens per part —
 * `Quality 0.82` (breakdown), `used 14× in 6 files` (references), `3 similar` (similar patterns) —
 * each a command the client runs. Coverage unknown is said in the quality lens.
 */
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { ClientCommands } from '../../../../shared/protocol';
import type { Session } from '../session';
import { placedPatterns } from '../view-patterns';

/** The lenses of one open file from its view. */
export function codeLenses(session: Session, params: CodeLensParams): CodeLens[] {
  const { codeLens } = session.settings;
  const view = session.views.get(params.textDocument.uri);
  if (!codeLens.enabled || !view) return [];
  const lenses: CodeLens[] = [];
  const suggestions = session.suggestions.get(params.textDocument.uri);
  for (const { pattern, nameRange } of placedPatterns(session, view)) {
    const range = { start: nameRange.start, end: nameRange.start };
    const coverage = pattern.metrics.coverage === null ? ' (no coverage data)' : '';
    lenses.push({
      range,
      command: {
        title: `Quality ${pattern.quality.total.toFixed(2)}${coverage}`,
        command: ClientCommands.showPatternDetails,
        arguments: [pattern.id],
      },
    });
    if (codeLens.showUsage && view.path !== null) {
      const files = pattern.usageFiles;
      lenses.push({
        range,
        command: {
          title:
            pattern.usageCount === 0
              ? 'no uses found'
              : `used ${pattern.usageCount}× in ${files} file${files === 1 ? '' : 's'}`,
          command: ClientCommands.showUsages,
          arguments: [params.textDocument.uri, nameRange.start, pattern.id],
        },
      });
    }
    const similar = session.similarCounts.get(pattern.id);
    if (codeLens.showSimilar && session.similarity && similar !== undefined && similar > 0) {
      lenses.push({
        range,
        command: {
          title: `${similar} similar${suggestions?.has(pattern.id) ? ' (reusable)' : ''}`,
          command: ClientCommands.showSimilar,
          arguments: [pattern.id],
        },
      });
    }
  }
  return lenses;
}
