/**
 * Pieces of Python 3.11's pure-Python `tokenize` that the raw metrics replay: character classes, the
 * `Number` pattern and the longest exact operator, written as index scans over a string (no regular
 * expressions). Scanners read `text` up to `end` and return the index after the token.
 */

/** Python's `str.isspace` for the characters `str.strip()` removes. */
export function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    (c >= 28 && c <= 31) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Line boundaries of Python's `str.splitlines`. */
export function isLineBreak(c: number): boolean {
  return (
    c === 10 ||
    c === 13 ||
    c === 11 ||
    c === 12 ||
    (c >= 28 && c <= 30) ||
    c === 0x85 ||
    c === 0x2028 ||
    c === 0x2029
  );
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are exactly Python's line breaks.
const OTHER_BREAKS = /[\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/** Whether `str.splitlines` would break `text` anywhere else than at '\n'. */
export function hasOtherLineBreaks(text: string): boolean {
  return OTHER_BREAKS.test(text);
}

/** An ASCII digit. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Python's `\w` as far as code outside strings needs it (any non-space character past ASCII). */
export function isWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95 || (c >= 128 && !isSpace(c));
}

/** Whether `text[i, j)` is a string prefix: `b`, `r`, `u`, `f`, `br`, `rb`, `fr`, `rf`, in any case. */
export function isStringPrefix(text: string, i: number, j: number): boolean {
  const a = text.charCodeAt(i) | 0x20;
  if (j - i === 1) return a === 98 || a === 114 || a === 117 || a === 102;
  if (j - i !== 2) return false;
  const b = text.charCodeAt(i + 1) | 0x20;
  return (a === 114 && (b === 98 || b === 102)) || ((a === 98 || a === 102) && b === 114);
}

/** The character code at `i`, or -1 at or past `end`. */
function code(text: string, i: number, end: number): number {
  return i < end ? text.charCodeAt(i) : -1;
}

/** End of the number at `p` by tokenize's `Number` pattern: imaginary, then float, then integer. */
export function numberEnd(text: string, p: number, end: number): number {
  const d = digits(text, p, end);
  if (d >= 0 && (code(text, d, end) | 0x20) === 106 /* j */) return d + 1;
  const f = floatEnd(text, p, end);
  if (f >= 0) return (code(text, f, end) | 0x20) === 106 ? f + 1 : f;
  if (code(text, p, end) === 48) {
    const kind = code(text, p + 1, end) | 0x20;
    const radix = kind === 120 ? 16 : kind === 111 ? 8 : kind === 98 ? 2 : 0;
    if (radix > 0) {
      const r = radixDigits(text, p + 2, end, radix);
      if (r >= 0) return r;
    }
    // `0(?:_?0)*`: a leading-zero decimal stops at the first other digit.
    let q = p + 1;
    for (;;) {
      if (code(text, q, end) === 48) q++;
      else if (code(text, q, end) === 95 && code(text, q + 1, end) === 48) q += 2;
      else return q;
    }
  }
  return d >= 0 ? d : p + 1;
}

/** `[0-9](?:_?[0-9])*`, or -1. */
function digits(text: string, p: number, end: number): number {
  if (!isDigit(code(text, p, end))) return -1;
  p++;
  for (;;) {
    if (isDigit(code(text, p, end))) p++;
    else if (code(text, p, end) === 95 && isDigit(code(text, p + 1, end))) p += 2;
    else return p;
  }
}

function isRadixDigit(c: number, radix: number): boolean {
  return radix === 16 ? isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 102) : c >= 48 && c < 48 + radix;
}

function radixDigits(text: string, p: number, end: number, radix: number): number {
  let count = 0;
  for (;;) {
    if (isRadixDigit(code(text, p, end), radix)) p++;
    else if (code(text, p, end) === 95 && isRadixDigit(code(text, p + 1, end), radix)) p += 2;
    else return count > 0 ? p : -1;
    count++;
  }
}

/** `[eE][-+]?` digits, or -1. */
function exponentEnd(text: string, p: number, end: number): number {
  if (p >= end || (text.charCodeAt(p) | 0x20) !== 101) return -1;
  const sign = p + 1 < end ? text.charCodeAt(p + 1) : -1;
  return digits(text, sign === 43 || sign === 45 ? p + 2 : p + 1, end);
}

/** `Pointfloat` (digits `.` digits?, or `.` digits, each with an optional exponent), else `Expfloat`. */
function floatEnd(text: string, p: number, end: number): number {
  const d = digits(text, p, end);
  let q = -1;
  if (d >= 0 && code(text, d, end) === 46) {
    q = d + 1;
    const fraction = digits(text, q, end);
    if (fraction >= 0) q = fraction;
  } else if (d < 0 && code(text, p, end) === 46) q = digits(text, p + 1, end);
  if (q >= 0) {
    const x = exponentEnd(text, q, end);
    return x >= 0 ? x : q;
  }
  return d >= 0 ? exponentEnd(text, d, end) : -1;
}

/**
 * Length of the operator starting with `c` at `i`: Python's longest exact token (`**=`, `->`, `...`,
 * `:=`, ...); 1 for a character Python rejects (an error token).
 */
export function operatorLength(text: string, i: number, end: number, c: number): number {
  const c2 = i + 1 < end ? text.charCodeAt(i + 1) : -1;
  const c3 = i + 2 < end ? text.charCodeAt(i + 2) : -1;
  switch (c) {
    case 46: // .
      return c2 === 46 && c3 === 46 ? 3 : 1;
    case 45: // -
      return c2 === 62 || c2 === 61 ? 2 : 1;
    case 42: // *
    case 47: // /
    case 60: // <
    case 62: // >
      if (c2 === c) return c3 === 61 ? 3 : 2;
      return c2 === 61 ? 2 : 1;
    case 58: // :
    case 43: // +
    case 37: // %
    case 38: // &
    case 64: // @
    case 94: // ^
    case 124: // |
    case 61: // =
    case 33: // !
      return c2 === 61 ? 2 : 1;
    default:
      return 1;
  }
}
