/**
 * Renders one pattern (`motif/pattern`'s answer) as Motif's pattern-detail text: sections with fixed
 * headings at column 0, highlighted by `syntaxes/motif-pattern.tmLanguage.json`. Plain data in,
 * text out (no `vscode`), so it is unit-tested.
 */
import type { PatternDetail } from '../../shared/protocol';

const SECTION_INDENT = '  ';

function fixed(n: number | null, digits = 2): string {
  return n === null ? '—' : n.toFixed(digits);
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c === 0 || c === r.length - 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
}

function section(title: string, lines: string[]): string[] {
  return ['', title, ...lines.map((l) => SECTION_INDENT + l)];
}

/** The pattern-detail document for `p`. */
export function renderPatternDetails(p: PatternDetail): string {
  const line = p.range.start.line + 1;
  const end = p.range.end.line + 1;
  const out: string[] = [
    `Pattern ${p.patternName}`,
    `${SECTION_INDENT}${p.kind} ${p.qualifiedName} · ${p.patternType} · ${p.category}`,
    `${SECTION_INDENT}${p.filePath}:${line}-${end}   id ${p.id}`,
  ];
  out.push(...section('Signature', [p.signature]));
  if (p.docstring) out.push(...section('Docstring', p.docstring.split('\n')));
  const rows = [['component', 'score', 'weight', 'applied', 'evidence']];
  for (const c of p.components) {
    rows.push([c.name, fixed(c.score), fixed(c.weight), fixed(c.effectiveWeight, 3), c.evidence]);
  }
  out.push(...section(`Quality ${p.quality.toFixed(3)}`, table(rows)));
  const unknown = p.components.filter((c) => c.score === null).map((c) => c.name);
  if (unknown.length > 0) {
    out.push(`${SECTION_INDENT}Unknown: ${unknown.join(', ')} (left out, the other weights renormalised)`);
  }
  out.push(
    ...section('Coverage', [p.coverage === null ? 'no coverage data' : `${(p.coverage * 100).toFixed(1)}%`]),
  );
  const metrics = Object.entries(p.metrics)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k} ${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : String(v)}`);
  if (metrics.length > 0) out.push(...section('Metrics', [metrics.join(' · ')]));
  const files = p.usageFiles === 1 ? 'file' : 'files';
  out.push(...section('Usage', [`used ${p.usageCount}× in ${p.usageFiles} ${files}`]));
  out.push(...section('Tags', [p.tags.length > 0 ? p.tags.join(', ') : '—']));
  out.push(...section('Dependencies', [p.dependencies.length > 0 ? p.dependencies.join(', ') : '—']));
  out.push(...section('Design patterns', [p.designPatterns.length > 0 ? p.designPatterns.join(', ') : '—']));
  if (p.relationships.length > 0) {
    out.push(
      ...section(
        'Relationships',
        p.relationships.map(
          (r) => `${r.kind} ${r.targetName}${r.weight === null ? '' : ` (${fixed(r.weight)})`}`,
        ),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
