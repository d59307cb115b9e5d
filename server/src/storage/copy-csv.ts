/**
 * COPY input for PGlite's `COPY … FROM '/dev/blob'`: rows as CSV whose quote character is U+0001, a
 * byte source code almost never holds, so quotes, commas and newlines in values cost no escaping.
 */
import type { ColumnValue } from './pattern-rows';

/** The quote (and escape) character: a quoted field doubles it, and nothing else needs escaping. */
const QUOTE = '\u0001';

/** The options of every Motif COPY: CSV with `QUOTE`; an unquoted empty field is NULL. */
export const COPY_CSV = "(FORMAT csv, QUOTE E'\\x01')";

/**
 * One value as a field: NULL (or undefined) as an empty unquoted field, strings always quoted (so the
 * empty string stays distinct from NULL), numbers in JavaScript's shortest round-trip form.
 */
export function csvField(value: ColumnValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    return value.includes(QUOTE)
      ? `${QUOTE}${value.replaceAll(QUOTE, QUOTE + QUOTE)}${QUOTE}`
      : `${QUOTE}${value}${QUOTE}`;
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
}
