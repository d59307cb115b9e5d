/**
 * Structural changes for moderately similar Type-3 copies: a `for` loop rewritten as a `while` loop
 * with an index, an `if/else` inverted, a block extracted into a helper function, a list
 * comprehension turned into a loop. Each returns the new text, or null when it does not apply.
 */
import type { SyntaxNode } from '../../server/src/core/syntax-tree';
import { fieldChild, textOf, walk } from '../../server/src/core/syntax-tree';
import type { PythonParser } from '../../server/src/syntax/python-parser';
import { indentAt, load, pick, type Random, shuffle, type Work, wholeLines } from './mutate';

function all(w: Work, type: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  walk(w.def, (n) => {
    if (n.type === type) out.push(n);
    return true;
  });
  return out;
}

function forToWhile(w: Work, r: Random): string | null {
  const loops = all(w, 'for_statement').filter((f) => {
    const left = fieldChild(f, 'left');
    const body = fieldChild(f, 'body');
    return (
      left?.type === 'identifier' &&
      body !== undefined &&
      body.startRow > f.startRow &&
      !f.children.some((c) => c.type === 'else_clause' || c.type === 'async') &&
      wholeLines(w.text, f)
    );
  });
  if (loops.length === 0) return null;
  const loop = pick(r, loops);
  const left = textOf(fieldChild(loop, 'left')!, w.text);
  const right = textOf(fieldChild(loop, 'right')!, w.text);
  const body = fieldChild(loop, 'body')!;
  const ind = indentAt(w.text, loop.start);
  const bodyInd = indentAt(w.text, body.start);
  const header =
    `_seq = list(${right})\n${ind}_i = 0\n${ind}while _i < len(_seq):\n` +
    `${bodyInd}${left} = _seq[_i]\n${bodyInd}_i += 1\n${bodyInd}`;
  return w.text.slice(0, loop.start) + header + textOf(body, w.text) + w.text.slice(loop.end);
}

function invertIf(w: Work, r: Random): string | null {
  const ifs = all(w, 'if_statement').filter((s) => {
    const elses = s.children.filter((c) => c.type === 'else_clause');
    const body = fieldChild(s, 'consequence');
    const alt = elses[0] ? fieldChild(elses[0], 'body') : undefined;
    return (
      elses.length === 1 &&
      !s.children.some((c) => c.type === 'elif_clause') &&
      body !== undefined &&
      alt !== undefined &&
      body.startRow > s.startRow &&
      alt.startRow > elses[0]!.startRow
    );
  });
  if (ifs.length === 0) return null;
  const s = pick(r, ifs);
  const cond = fieldChild(s, 'condition')!;
  const body = fieldChild(s, 'consequence')!;
  const alt = fieldChild(s.children.find((c) => c.type === 'else_clause')!, 'body')!;
  // Later spans first, so earlier offsets stay valid.
  let text = w.text;
  text = text.slice(0, alt.start) + textOf(body, w.text) + text.slice(alt.end);
  text = text.slice(0, body.start) + textOf(alt, w.text) + text.slice(body.end);
  return `${text.slice(0, cond.start)}not (${textOf(cond, w.text)})${text.slice(cond.end)}`;
}

function extractBlock(w: Work, r: Random): string | null {
  const blocks: SyntaxNode[] = [];
  walk(w.def, (n) => {
    if (n.type === 'block' && n !== fieldChild(w.def, 'body')) {
      const kids = n.children.filter((c) => c.type !== 'comment');
      let escapes = false;
      walk(n, (x) => {
        if (['return_statement', 'yield', 'break_statement', 'continue_statement', 'await'].includes(x.type))
          escapes = true;
        return !escapes;
      });
      if (kids.length >= 2 && !escapes && wholeLines(w.text, kids[0]!)) blocks.push(n);
    }
    return n === w.def || !['function_definition', 'class_definition'].includes(n.type);
  });
  if (blocks.length === 0) return null;
  const block = pick(r, blocks);
  const ind = indentAt(w.text, block.start);
  const helper = `_helper_${Math.floor(r() * 1000)}`;
  // The helper goes after the function, at top level: the copy keeps only the call.
  const body = textOf(block, w.text);
  const dedented = body.replace(new RegExp(`\\n${ind}`, 'g'), '\n    ');
  const text = `${w.text.slice(0, block.start)}${helper}()${w.text.slice(block.end)}`;
  return `${text.trimEnd()}\n\n\ndef ${helper}():\n    ${dedented}\n`;
}

function comprehensionToLoop(w: Work, r: Random): string | null {
  const spots = all(w, 'expression_statement').filter((s) => {
    const a = s.children[0];
    if (a?.type !== 'assignment' || fieldChild(a, 'left')?.type !== 'identifier') return false;
    const right = fieldChild(a, 'right');
    if (right?.type !== 'list_comprehension') return false;
    const clauses = right.children.filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
    return clauses.length <= 2 && clauses[0]?.type === 'for_in_clause' && wholeLines(w.text, s);
  });
  if (spots.length === 0) return null;
  const s = pick(r, spots);
  const a = s.children[0]!;
  const target = textOf(fieldChild(a, 'left')!, w.text);
  const comp = fieldChild(a, 'right')!;
  const element = textOf(fieldChild(comp, 'body')!, w.text);
  const forClause = comp.children.find((c) => c.type === 'for_in_clause')!;
  const ifClause = comp.children.find((c) => c.type === 'if_clause');
  const ind = indentAt(w.text, s.start);
  let loop = `${target} = []\n${ind}${textOf(forClause, w.text)}:\n`;
  if (ifClause) loop += `${ind}    ${textOf(ifClause, w.text)}:\n${ind}        ${target}.append(${element})`;
  else loop += `${ind}    ${target}.append(${element})`;
  return w.text.slice(0, s.start) + loop + w.text.slice(s.end);
}

const CHANGES = [forToWhile, invertIf, extractBlock, comprehensionToLoop];

/** Apply one structural change that applies (tried in random order); null if none does. */
export function structuralChange(
  parser: PythonParser,
  text: string,
  r: Random,
): { text: string; kind: string } | null {
  const w = load(parser, text);
  if (!w) return null;
  for (const change of shuffle(r, [...CHANGES])) {
    const next = change(w, r);
    if (next !== null && load(parser, next)) return { text: next, kind: change.name };
  }
  return null;
}
