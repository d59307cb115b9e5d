/**
 * Halstead operand identity as radon's `HalsteadVisitor` sees it: a `Name` is its id, an `Attribute` its
 * attribute name, a `Constant` its Python value (so `1`, `1.0` and `True` are one operand, and a name
 * equals a string with the same text), and any other expression a distinct object of its own.
 */
import { fieldChild, type SyntaxNode } from '../syntax-tree';
import { isSyntax } from './traverse';

/**
 * A string standing for the operand's identity in radon's `operands_seen` set (context excluded).
 * Prefixes keep the kinds apart: `s` str/name/attribute, `b` bytes, `n` real numbers, `c` imaginary,
 * `N` None, `E` Ellipsis, `u` an expression object that is only ever equal to itself.
 */
export function operandKey(node: SyntaxNode, source: string): string {
  const inner = unwrap(node);
  switch (inner.type) {
    case 'identifier':
      return `s${source.slice(inner.start, inner.end)}`;
    case 'member_type': {
      // `a.b` inside an annotation is an `Attribute`.
      const last = inner.children[inner.children.length - 1];
      return last?.type === 'identifier' ? `s${source.slice(last.start, last.end)}` : uniqueKey(inner);
    }
    case 'attribute': {
      const attr = fieldChild(inner, 'attribute');
      return attr === undefined ? uniqueKey(inner) : `s${source.slice(attr.start, attr.end)}`;
    }
    case 'integer':
    case 'float':
      return numberKey(source.slice(inner.start, inner.end));
    case 'true':
      return 'n1';
    case 'false':
      return 'n0';
    case 'none':
      return 'N';
    case 'ellipsis':
      return 'E';
    case 'string':
      return stringKey([inner], inner, source);
    case 'concatenated_string':
      return stringKey(
        inner.children.filter((c) => c.type === 'string'),
        inner,
        source,
      );
    default:
      return uniqueKey(inner);
  }
}

/** Key of a number literal's value, as Python compares numbers (`1 == 1.0 == True`, `0j == 0`). */
export function numberKey(literal: string): string {
  let text = literal.includes('_') ? literal.replaceAll('_', '') : literal;
  const last = text.charCodeAt(text.length - 1) | 0x20;
  if (last === 0x6a /* j */) {
    const imaginary = Number(text.slice(0, -1));
    return imaginary === 0 ? 'n0' : `c${imaginary}`;
  }
  if (last === 0x6c /* l: Python 2 long */) text = text.slice(0, -1);
  const second = text.charCodeAt(1) | 0x20;
  const radix = text.charCodeAt(0) === 0x30 && (second === 0x78 || second === 0x6f || second === 0x62);
  if (!radix && (text.includes('.') || text.includes('e') || text.includes('E'))) {
    const value = Number(text);
    if (!Number.isFinite(value)) return 'ninf';
    return Number.isInteger(value) ? `n${BigInt(value)}` : `n${value}`;
  }
  try {
    return `n${BigInt(text)}`;
  } catch {
    return `n${text}`;
  }
}

function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'parenthesized_expression' || current.type === 'type') {
    let only: SyntaxNode | undefined;
    for (const child of current.children) {
      if (!isSyntax(child)) continue;
      if (only !== undefined) return current;
      only = child;
    }
    if (only === undefined) return current;
    current = only;
  }
  return current;
}

function uniqueKey(node: SyntaxNode): string {
  return `u${node.start}:${node.end}:${node.type}`;
}

/** One `Constant` for plain strings (implicitly concatenated); f-strings are `JoinedStr` objects. */
function stringKey(parts: SyntaxNode[], whole: SyntaxNode, source: string): string {
  let bytes = false;
  let value = '';
  for (const part of parts) {
    const open = part.children[0];
    const close = part.children[part.children.length - 1];
    if (open?.type !== 'string_start' || close?.type !== 'string_end') return uniqueKey(whole);
    const delimiter = source.slice(open.start, open.end);
    let raw = false;
    for (let i = 0; i < delimiter.length; i++) {
      const c = delimiter.charCodeAt(i) | 0x20;
      if (c === 0x66 /* f */) return uniqueKey(whole);
      if (c === 0x72 /* r */) raw = true;
      else if (c === 0x62 /* b */) bytes = true;
    }
    const body = normaliseNewlines(source.slice(open.end, close.start));
    value += raw ? body : decodeEscapes(body, bytes);
  }
  return (bytes ? 'b' : 's') + value;
}

function normaliseNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Python's escape decoding for non-raw literals (unknown escapes and `\N{...}` are kept as written). */
export function decodeEscapes(text: string, bytes: boolean): string {
  if (!text.includes('\\')) return text;
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const slash = text.indexOf('\\', i);
    if (slash < 0 || slash === text.length - 1) {
      out.push(text.slice(i));
      break;
    }
    out.push(text.slice(i, slash));
    const c = text[slash + 1]!;
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) {
      out.push(simple);
      i = slash + 2;
      continue;
    }
    const code = escapeCode(text, slash + 1, c, bytes);
    if (code === null) {
      out.push(text.slice(slash, slash + 2));
      i = slash + 2;
    } else {
      out.push(String.fromCodePoint(code.value));
      i = code.end;
    }
  }
  return out.join('');
}

function escapeCode(
  text: string,
  at: number,
  c: string,
  bytes: boolean,
): { value: number; end: number } | null {
  if (c >= '0' && c <= '7') {
    let end = at;
    while (end < at + 3 && end < text.length && text[end]! >= '0' && text[end]! <= '7') end++;
    return { value: Number.parseInt(text.slice(at, end), 8) & (bytes ? 0xff : 0x1fffff), end };
  }
  const width = c === 'x' ? 2 : bytes ? 0 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (width === 0) return null;
  const digits = text.slice(at + 1, at + 1 + width);
  if (digits.length !== width || !/^[0-9a-fA-F]+$/.test(digits)) return null;
  const value = Number.parseInt(digits, 16);
  return value > 0x10ffff ? null : { value, end: at + 1 + width };
}
