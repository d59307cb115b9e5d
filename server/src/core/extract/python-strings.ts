/**
 * Turns a Python string literal node into its value, enough for docstrings: prefixes and quotes are
 * stripped, common escapes decoded, and the text cleaned like `inspect.cleandoc`.
 */
import { type SyntaxNode, textOf } from '../syntax-tree';

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '\n': '',
};

/** The value of a `string` or `concatenated_string` node (f-string interpolations kept as written). */
export function stringValue(node: SyntaxNode, source: string): string {
  if (node.type === 'concatenated_string') {
    return node.children
      .filter((c) => c.type === 'string')
      .map((c) => stringValue(c, source))
      .join('');
  }
  const start = node.children.find((c) => c.type === 'string_start');
  const raw = start ? /r/i.test(textOf(start, source)) : false;
  let out = '';
  for (const child of node.children) {
    if (child.type === 'string_start' || child.type === 'string_end') continue;
    const text = textOf(child, source);
    out += raw || child.type !== 'string_content' ? text : unescapeLiteral(text);
  }
  // string_content can be absent between children (escape_sequence nodes sit inside it); fall back to slicing.
  if (out === '' && node.children.length > 2) {
    const first = node.children[1]!;
    const last = node.children[node.children.length - 2]!;
    out = source.slice(first.start, last.end);
  }
  return out;
}

function unescapeLiteral(text: string): string {
  return text.replace(/\\(.)/gs, (whole, ch: string) => ESCAPES[ch] ?? whole);
}

/** `inspect.cleandoc`: strip the first line, remove common indentation of the rest, trim blank edges. */
export function cleanDoc(doc: string): string {
  const lines = doc.replace(/\t/g, '        ').split('\n');
  let margin = Number.POSITIVE_INFINITY;
  for (const line of lines.slice(1)) {
    const content = line.trimStart();
    if (content) margin = Math.min(margin, line.length - content.length);
  }
  const cleaned = [lines[0]!.trimStart()];
  for (const line of lines.slice(1))
    cleaned.push(margin === Number.POSITIVE_INFINITY ? line : line.slice(margin));
  while (cleaned.length > 0 && !cleaned[0]!.trim()) cleaned.shift();
  while (cleaned.length > 0 && !cleaned[cleaned.length - 1]!.trim()) cleaned.pop();
  return cleaned.join('\n');
}

/** The docstring of a module, class or function body `block`, or null. */
export function docstringOf(body: SyntaxNode | undefined, source: string): string | null {
  const first = body?.children.find((c) => c.named && c.type !== 'comment');
  if (first?.type !== 'expression_statement') return null;
  const expr = first.children[0];
  if (!expr || (expr.type !== 'string' && expr.type !== 'concatenated_string')) return null;
  // f-strings are not docstrings in Python.
  const start = expr.type === 'string' ? expr.children[0] : expr.children[0]?.children[0];
  if (start && /f/i.test(textOf(start, source))) return null;
  return cleanDoc(stringValue(expr, source));
}
