/**
 * Motif's diagnostics for an open file, from its view: high complexity, missing docstring or type
 * hints, low coverage, a note on syntax errors (definitions around them are still read), and (when the similarity index exists) "a similar
 * reusable pattern already exists". Hints and information only: Motif never reports an error.
 */
import { type Diagnostic, DiagnosticSeverity, type Range } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE, DiagnosticCodes } from '../../../shared/protocol';
import type { DiagnosticRule, RuleSeverity } from '../../../shared/settings';
import type { PatternRecord } from '../core/pattern';
import type { Session } from './session';
import { type PlacedPattern, placedPatterns } from './view-patterns';

/** A similar pattern suggestion attached to a pattern (filled when similarity is available). */
export interface SimilarSuggestion {
  pattern: PatternRecord;
  similarity: number;
  uri: string;
  range: Range;
}

/** Severity for a rule, or null when it is off. "warning" is honoured; there is no "error". */
export function severityOf(rule: RuleSeverity): DiagnosticSeverity | null {
  switch (rule) {
    case 'off':
      return null;
    case 'hint':
      return DiagnosticSeverity.Hint;
    case 'information':
      return DiagnosticSeverity.Information;
    case 'warning':
      return DiagnosticSeverity.Warning;
    default:
      return DiagnosticSeverity.Information;
  }
}

/** The diagnostics of one file's placed patterns under the session's settings. */
export function diagnosticsFor(
  session: Session,
  placed: PlacedPattern[],
  suggestions: Map<string, SimilarSuggestion> = new Map(),
): Diagnostic[] {
  const { settings } = session;
  if (!settings.diagnostics.enabled) return [];
  const out: Diagnostic[] = [];
  const add = (
    rule: DiagnosticRule,
    code: string,
    p: PlacedPattern,
    message: string,
    extra: Partial<Diagnostic> = {},
  ) => {
    const severity = severityOf(settings.diagnostics.rules[rule]);
    if (severity === null) return;
    out.push({
      range: p.nameRange,
      severity,
      source: DIAGNOSTIC_SOURCE,
      code,
      message,
      data: { patternId: p.pattern.id },
      ...extra,
    });
  };
  for (const p of placed) {
    const { metrics, name, kind } = p.pattern;
    if (metrics.cyclomatic > settings.thresholds.complexity) {
      add(
        'highComplexity',
        DiagnosticCodes.highComplexity,
        p,
        `\`${name}\` has cyclomatic complexity ${metrics.cyclomatic} (threshold ${settings.thresholds.complexity}); cognitive ${metrics.cognitive}, nesting ${metrics.maxNesting}`,
      );
    }
    if (!metrics.hasDocstring && !name.startsWith('_')) {
      add('missingDocstring', DiagnosticCodes.missingDocstring, p, `\`${name}\` has no docstring`);
    }
    if (!metrics.fullyTyped && kind !== 'class') {
      add(
        'missingTypeHints',
        DiagnosticCodes.missingTypeHints,
        p,
        `\`${name}\` is missing type hints on some parameters or its return`,
      );
    }
    if (metrics.coverage !== null && metrics.coverage < settings.thresholds.coverage) {
      add(
        'lowCoverage',
        DiagnosticCodes.lowCoverage,
        p,
        `\`${name}\`: ${Math.round(metrics.coverage * 100)}% of its lines are covered by tests (threshold ${Math.round(settings.thresholds.coverage * 100)}%)`,
      );
    }
    const similar = suggestions.get(p.pattern.id);
    if (similar) {
      add(
        'similarPatternExists',
        DiagnosticCodes.similarExists,
        p,
        `a similar reusable pattern already exists: \`${similar.pattern.name}\` in \`${similar.pattern.filePath}\` (similarity ${similar.similarity.toFixed(2)}, quality ${similar.pattern.quality.total.toFixed(2)})`,
        {
          relatedInformation: [
            {
              location: { uri: similar.uri, range: similar.range },
              message: `${similar.pattern.qualifiedName} (quality ${similar.pattern.quality.total.toFixed(2)})`,
            },
          ],
          data: { patternId: p.pattern.id, similarId: similar.pattern.id },
        },
      );
    }
  }
  return out;
}

/** Compute and publish the diagnostics of an open file (syntax problems are shown as information). */
export function publishDiagnostics(session: Session, uri: string): void {
  const view = session.views.get(uri);
  const document = session.documents.get(uri);
  if (!view || !document || session.disposed) return;
  const placed = placedPatterns(session, view);
  const diagnostics = diagnosticsFor(session, placed, session.suggestions.get(uri));
  if (session.settings.diagnostics.enabled) {
    for (const problem of view.problems) {
      if (problem.kind !== 'syntax_error' || problem.line === undefined) continue;
      const line = Math.min(problem.line - 1, document.lineCount - 1);
      diagnostics.push({
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        severity: DiagnosticSeverity.Hint,
        source: DIAGNOSTIC_SOURCE,
        code: 'syntax-error',
        message: `Motif: ${problem.message}`,
      });
    }
  }
  void session.connection.sendDiagnostics({ uri, version: document.version, diagnostics }).catch(() => {});
}
