/**
 * `textDocument/hover` on a definition: pattern name and type, the quality breakdown as a table with
 * the evidence for each component, coverage or "no coverage data", tags, dependencies, design
 * patterns and top relationships (once the graph issue provides them).
 */
import { type Hover, type HoverParams, MarkupKind } from 'vscode-languageserver';
import type { RelationshipDetail } from '../../../../shared/protocol';
import type { PatternRecord } from '../../core/pattern';
import { componentsOf, designPatternsOf } from '../convert';
import { relationshipsOf } from '../relationships';
import type { Session } from '../session';
import { patternAt, placedPatterns } from '../view-patterns';

/** The hover for a position, or null when it is not inside a known definition. */
export async function hover(session: Session, params: HoverParams): Promise<Hover | null> {
  const view = session.views.get(params.textDocument.uri);
  if (!view) return null;
  const placed = patternAt(placedPatterns(session, view), params.position);
  if (!placed) return null;
  const relationships = view.path === null ? [] : await relationshipsOf(session, placed.pattern.id, 5);
  return {
    contents: { kind: MarkupKind.Markdown, value: hoverMarkdown(placed.pattern, relationships) },
    range: placed.nameRange,
  };
}

/** The hover's markdown for one pattern. */
export function hoverMarkdown(p: PatternRecord, relationships: RelationshipDetail[] = []): string {
  const lines: string[] = [];
  lines.push(
    `**${escapeMd(p.qualifiedName)}** — ${escapeMd(p.patternName)} (${p.patternType.replace('_', ' ')}, ${p.category})`,
  );
  lines.push('');
  lines.push(
    `Quality **${p.quality.total.toFixed(2)}** · used ${p.usageCount}× in ${p.usageFiles} other file${p.usageFiles === 1 ? '' : 's'}`,
  );
  lines.push('');
  lines.push('| component | score | weight | evidence |');
  lines.push('|---|---|---|---|');
  for (const c of componentsOf(p)) {
    const score = c.score === null ? 'unknown' : c.score.toFixed(2);
    const weight = c.score === null ? `${pct(c.weight)} (left out)` : pct(c.effectiveWeight);
    lines.push(`| ${c.name.replace('_', ' ')} | ${score} | ${weight} | ${escapeMd(c.evidence)} |`);
  }
  lines.push('');
  const coverage = p.metrics.coverage;
  lines.push(
    coverage === null
      ? 'Coverage: no coverage data'
      : `Coverage: ${(coverage * 100).toFixed(1)}% of executable lines`,
  );
  if (p.tags.length > 0) lines.push(`\nTags: ${p.tags.map((t) => `\`${escapeCode(t)}\``).join(' ')}`);
  if (p.dependencies.length > 0) {
    lines.push(`\nDependencies: ${p.dependencies.map((d) => `\`${escapeCode(d)}\``).join(', ')}`);
  }
  const designs = designPatternsOf(p);
  if (designs.length > 0) lines.push(`\nDesign patterns: ${designs.map(escapeMd).join(', ')}`);
  if (relationships.length > 0) {
    const top = relationships.slice(0, 5).map((r) => `${r.kind} \`${escapeCode(r.targetName)}\``);
    lines.push(`\nRelationships: ${top.join(', ')}`);
  }
  return lines.join('\n');
}

function pct(weight: number): string {
  return `${Math.round(weight * 100)}%`;
}

// Names and evidence are user code: never let them become markdown or HTML.
function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}
