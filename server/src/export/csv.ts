/** CSV export of the pattern JSON: flat columns, RFC 4180 quoting, arrays joined with `;`. */

const COLUMNS = [
  'id',
  'pattern_name',
  'pattern_type',
  'category',
  'qualified_name',
  'kind',
  'file_path',
  'line_start',
  'line_end',
  'quality_score',
  'complexity',
  'usage_count',
  'usage_files',
  'tags',
  'dependencies',
  'docstring',
] as const;

/** One RFC 4180 cell: arrays joined with `;`, quoted when it holds a quote, comma or line break. */
export function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : Array.isArray(value) ? value.join(';') : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Header and row rendering for the pattern JSON objects. */
export const toCsv = {
  header: () => COLUMNS.join(','),
  row(json: Record<string, unknown>): string {
    const range = json.line_range as [number, number];
    const flat: Record<string, unknown> = { ...json, line_start: range[0], line_end: range[1] };
    return COLUMNS.map((c) => csvCell(flat[c])).join(',');
  },
};
