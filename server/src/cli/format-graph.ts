/** The graph part of `motif show`: design patterns, relationships, usage with trend and agents. */
import type { PatternRecord } from '../core/pattern';
import type { RelationshipView, UsageEvent, UsageHistoryPoint } from '../core/ports';

/** What `show` adds after the card. */
export interface GraphFacts {
  relationships: RelationshipView[];
  history: UsageHistoryPoint[];
  events: UsageEvent[];
}

/** Lines for the design patterns, relationships and usage of one pattern. */
export function formatGraphSection(p: PatternRecord, facts: GraphFacts): string {
  const lines: string[] = [];
  if (p.designDetail) {
    const d = p.designDetail;
    lines.push(`Design pattern ${p.name} (detector ${d.detector}, confidence ${d.confidence.toFixed(2)})`);
    for (const part of d.participants) lines.push(`  ${part.role.padEnd(22)} ${part.qualifiedName}`);
    lines.push('  evidence:');
    for (const e of d.evidence) lines.push(`    ${p.filePath}:${e.line}  ${e.text}`);
  }
  if ((p.designPatterns ?? []).length > 0) {
    lines.push('Takes part in');
    for (const r of p.designPatterns!)
      lines.push(`  ${r.name} as ${r.role} (confidence ${r.confidence.toFixed(2)})`);
  }
  lines.push(`Relationships (${facts.relationships.length})`);
  for (const e of facts.relationships) lines.push(`  ${formatEdge(e, p.id)}`);
  const trend = p.usageTrend ? `, trend ${p.usageTrend}` : '';
  const last = p.lastUsedAt ? `, last used ${p.lastUsedAt}` : '';
  lines.push(`Usage history${trend}${last}`);
  if (facts.history.length > 0)
    lines.push(
      `  by run: ${facts.history.map((h) => `#${h.runId} ${h.usageCount}/${h.usageFiles}f`).join(' · ')}`,
    );
  if ((p.usedByAgents ?? []).length > 0) lines.push(`  agents: ${p.usedByAgents!.join(', ')}`);
  for (const e of facts.events.slice(0, 5))
    lines.push(`  ${e.occurredAt} ${e.agent}${e.context ? `: ${e.context}` : ''}`);
  return lines.join('\n');
}

/** One edge as a line, seen from `fromId` when it is one of the ends. */
export function formatEdge(e: RelationshipView, fromId: string): string {
  const target = e.targetFile ? `${e.targetName}  (${e.targetFile})` : `${e.targetName}  (external)`;
  const source = `${e.sourceName}  (${e.sourceFile})`;
  const how = `${e.isGuess ? `guess ${e.confidence.toFixed(2)}` : `confidence ${e.confidence.toFixed(2)}`}${e.sites > 1 ? `, ${e.sites} sites` : ''}`;
  const line =
    e.sourceId === fromId
      ? `${e.type} → ${target}`
      : e.targetId === fromId
        ? `${e.type} ← ${source}`
        : `${source} ${e.type} → ${target}`;
  return `${line}  [${how}] ${e.evidence}`;
}
