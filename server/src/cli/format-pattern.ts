/** Human renderings of patterns: one-line rows for lists, and the full card of `motif show`. */
import { type ComponentScore, QUALITY_COMPONENTS, type QualityWeights } from '../core/model';
import type { PatternRecord } from '../core/pattern';
import { combine } from '../core/score';

const pad = (text: string, width: number) =>
  text.length >= width ? text : text + ' '.repeat(width - text.length);
const padStart = (text: string, width: number) =>
  text.length >= width ? text : ' '.repeat(width - text.length) + text;

/** Header and rows of a pattern table. */
export function formatPatternTable(patterns: PatternRecord[]): string {
  const rows = patterns.map((p) => [
    p.quality.total.toFixed(2),
    String(p.metrics.cyclomatic),
    String(p.usageCount),
    p.patternName,
    `${p.qualifiedName}  ${p.filePath}:${p.lineRange[0]}`,
  ]);
  const header = ['QUALITY', 'CC', 'USED', 'PATTERN', 'WHERE'];
  const widths = [7, 4, 5, Math.min(60, Math.max(7, ...rows.map((r) => r[3]!.length)))];
  const line = (r: string[]) =>
    [
      padStart(r[0]!, widths[0]!),
      padStart(r[1]!, widths[1]!),
      padStart(r[2]!, widths[2]!),
      pad(r[3]!, widths[3]!),
      r[4],
    ].join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** Everything about one pattern, with the quality breakdown and its evidence. */
export function formatPatternCard(p: PatternRecord): string {
  const m = p.metrics;
  const lines = [
    `${p.patternName}`,
    `  ${p.kind} ${p.qualifiedName}  (${p.patternType}, ${p.category})`,
    `  ${p.filePath}:${p.lineRange[0]}-${p.lineRange[1]}   id ${p.id}   repository ${p.repository}`,
    `  ${p.signature}`,
  ];
  if (p.docstring) lines.push(`  "${p.docstring.split('\n')[0]}"`);
  lines.push(`  tags: ${p.tags.join(', ') || '—'}`);
  lines.push(`  dependencies: ${p.dependencies.join(', ') || '—'}`);
  if (p.decorators.length > 0) lines.push(`  decorators: ${p.decorators.map((d) => `@${d}`).join(' ')}`);
  if (p.bases.length > 0) lines.push(`  bases: ${p.bases.join(', ')}`);
  lines.push('');
  const header = `  ${pad('component', 16)}${padStart('score', 6)}${padStart('weight', 8)}${padStart('applied', 9)}  evidence`;
  const row = (c: string, s: ComponentScore) =>
    `  ${pad(c, 16)}${padStart(s.score === null ? '—' : s.score.toFixed(2), 6)}${padStart(s.weight.toFixed(2), 8)}${padStart(
      s.effectiveWeight.toFixed(3),
      9,
    )}  ${s.evidence}`;
  const profiled = p.quality.profileComponents;
  lines.push(`Quality ${p.quality.total.toFixed(3)}  (profile ${p.quality.profile})`);
  if (profiled) {
    // Another profile scored the total: its components first, then what the default formula gives.
    lines.push(header);
    for (const [c, s] of Object.entries(profiled)) lines.push(row(c, s));
    const left = Object.entries(profiled).filter(([, s]) => s.score === null);
    if (left.length > 0) {
      lines.push(
        `  Left out: ${left.map(([c]) => c).join(', ')} — not applicable or unknown; the other weights renormalised.`,
      );
    }
    lines.push('');
    lines.push(`Default profile (first seed): ${defaultTotal(p).toFixed(3)}`);
  }
  lines.push(header);
  for (const c of QUALITY_COMPONENTS) lines.push(row(c, p.quality.components[c]));
  if (p.quality.unknown.length > 0) {
    lines.push(`  Unknown: ${p.quality.unknown.join(', ')} — left out and the other weights renormalised.`);
  }
  if (!profiled) {
    lines.push(
      '  (Profile onex — complexity 25 %, documentation 25 %, usage frequency 20 %, ONEX compliance 20 %, recency 10 % — scores with `motif index --profile onex`.)',
    );
  }
  lines.push('');
  lines.push('Metrics');
  lines.push(
    `  cyclomatic ${m.cyclomatic} (${m.cyclomaticRank}) · cognitive ${m.cognitive} · max nesting ${m.maxNesting} · parameters ${m.parameters}`,
  );
  lines.push(
    `  sloc ${m.sloc} · lloc ${m.lloc} · comments ${m.comments} · Halstead volume ${m.halsteadVolume.toFixed(1)} · MI ${m.maintainabilityIndex.toFixed(1)} (${m.maintainabilityRank})`,
  );
  lines.push(
    `  docstring ${m.hasDocstring ? 'yes' : 'no'} · fully typed ${m.fullyTyped ? 'yes' : 'no'} · coverage ${
      m.coverage === null ? 'no data' : `${(m.coverage * 100).toFixed(1)}%`
    } · fan-out ${m.fanOut}${m.lcom4 === null ? '' : ` · LCOM4 ${m.lcom4}`}`,
  );
  lines.push('');
  lines.push(`Usage  ${p.usageCount} reference site(s) in ${p.usageFiles} file(s)`);
  return lines.join('\n');
}

/** Detected design patterns with their participants, for `motif patterns --type design_pattern`. */
export function formatDesignTable(patterns: PatternRecord[]): string {
  const lines: string[] = [];
  for (const p of patterns) {
    const d = p.designDetail;
    const confidence = d ? d.confidence.toFixed(2) : '?';
    lines.push(`${pad(p.name, 24)} ${confidence}  ${p.filePath}:${p.lineRange[0]}  ${p.qualifiedName}`);
    for (const part of d?.participants ?? []) lines.push(`    ${pad(part.role, 22)} ${part.qualifiedName}`);
  }
  return lines.join('\n');
}

/** The default formula's total over the stored default components (the total shown when another profile scored). */
function defaultTotal(p: PatternRecord): number {
  const parts = Object.fromEntries(
    QUALITY_COMPONENTS.map((c) => [c, { score: p.quality.components[c].score, evidence: '' }]),
  ) as Parameters<typeof combine>[0];
  const weights = Object.fromEntries(
    QUALITY_COMPONENTS.map((c) => [c, p.quality.components[c].weight]),
  ) as QualityWeights;
  return combine(parts, weights, 'default').total;
}
