/**
 * The Pattern Explorer's nodes as plain data (no `vscode`): groups from `motif/patterns` and their
 * patterns, with the label, description and tooltip each shows. Unit-tested; `pattern-explorer.ts`
 * turns them into TreeItems.
 */
import type { PatternGroup, PatternSummary } from '../../../shared/protocol';

/** A group row ("function_pattern (120)"). */
export interface GroupNode {
  kind: 'group';
  key: string;
  label: string;
  description: string;
  patterns: PatternSummary[];
}

/** A pattern row. */
export interface PatternNode {
  kind: 'pattern';
  pattern: PatternSummary;
  label: string;
  description: string;
  tooltip: string;
}

/** A node of the tree. */
export type ExplorerNode = GroupNode | PatternNode;

/** Group rows for the server's groups; empty groups are left out. */
export function groupNodes(groups: PatternGroup[]): GroupNode[] {
  return groups
    .filter((g) => g.count > 0)
    .map((g) => ({
      kind: 'group',
      key: g.key,
      label: g.label,
      description: g.patterns.length < g.count ? `${g.patterns.length} of ${g.count}` : String(g.count),
      patterns: g.patterns,
    }));
}

/** Pattern rows of a group, in the order the server sorted them. */
export function patternNodes(group: GroupNode): PatternNode[] {
  return group.patterns.map((p) => {
    const used = p.usageCount === 1 ? 'used once' : `used ${p.usageCount}×`;
    return {
      kind: 'pattern',
      pattern: p,
      label: p.qualifiedName,
      description: `${p.quality.toFixed(2)} · ${used}`,
      tooltip: [
        p.patternName,
        `${p.kind} ${p.qualifiedName} · ${p.patternType} · ${p.category}`,
        `quality ${p.quality.toFixed(2)} · ${used} in ${p.usageFiles} file${p.usageFiles === 1 ? '' : 's'}`,
        `${p.filePath}:${p.range.start.line + 1}`,
        ...(p.designPatterns.length > 0 ? [`design patterns: ${p.designPatterns.join(', ')}`] : []),
      ].join('\n'),
    };
  });
}
