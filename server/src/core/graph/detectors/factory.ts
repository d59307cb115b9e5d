/**
 * Factory: a function or method that returns one of several classes chosen by an argument (branches
 * or a mapping of classes), and alternate constructors (a classmethod returning `cls(...)`).
 */
import { memoByString } from '../../string-memo';
import { fieldChild, textOf } from '../../syntax-tree';
import type { Detection, Detector } from './detector';
import { bodyOf, defLine, hasDecorator, lineOf, nodesOf, ownParameters, returnsOf } from './syntax-facts';

const CLASS_NAME = /^[A-Z][A-Za-z0-9_]*$/;
const BRANCHES = new Set(['if_statement', 'match_statement']);
/** `\bname\b`, compiled once per name (the same parameter names recur in every file). */
const wordPattern = memoByString(10_000, (name) => new RegExp(`\\b${name}\\b`));

/** Where a node's first line ends (its end, when it is one line). */
function lineEnd(source: string, node: { start: number; end: number }): number {
  const nl = source.indexOf('\n', node.start);
  return nl < 0 || nl > node.end ? node.end : nl;
}

export const factory: Detector = {
  id: 'factory',
  name: 'Factory',
  detect({ found, source }) {
    const out: Detection[] = [];
    for (const f of found) {
      if (f.definition.kind === 'class') continue;
      const body = bodyOf(f);
      if (!body) continue;
      const params = ownParameters(f);
      if (hasDecorator(f, ['classmethod'])) {
        const ctor = returnsOf(f).find(
          (r) => r.type === 'call' && textOf(fieldChild(r, 'function')!, source) === 'cls',
        );
        if (ctor) {
          out.push({
            anchor: f,
            confidence: 0.8,
            evidence: [defLine(f, source), lineOf(ctor, source)],
            participants: [{ found: f, role: 'alternate constructor' }],
          });
          continue;
        }
      }
      if (params.length === 0) continue;
      // Classes constructed in return statements, chosen by branches on a parameter.
      const constructed = new Map<string, ReturnType<typeof lineOf>>();
      for (const r of returnsOf(f)) {
        if (r.type !== 'call') continue;
        const fn = fieldChild(r, 'function');
        const name = fn && textOf(fn, source);
        if (name && CLASS_NAME.test(name.split('.').pop()!) && !/Error$|Exception$/.test(name))
          constructed.set(name, lineOf(r, source));
      }
      // Only when two classes are constructed does it matter which branch tests a parameter.
      const onParam =
        constructed.size >= 2 &&
        nodesOf(body, BRANCHES).find((b) => {
          const firstLine = source.slice(b.start, lineEnd(source, b));
          return params.some((p) => wordPattern(p).test(firstLine));
        });
      if (onParam) {
        out.push({
          anchor: f,
          confidence: Math.min(0.95, 0.7 + 0.1 * constructed.size),
          evidence: [lineOf(onParam, source), ...constructed.values()],
          participants: [{ found: f, role: 'factory' }],
        });
        continue;
      }
      // A mapping of classes indexed by a parameter, then called: `{"a": A, "b": B}[kind](...)`.
      const mapping = nodesOf(body, 'dictionary').find((d) => {
        const values = nodesOf(d, 'pair').map((p) => fieldChild(p, 'value'));
        return (
          values.length >= 2 &&
          values.every((v) => v && v.type === 'identifier' && CLASS_NAME.test(textOf(v, source)))
        );
      });
      const usesParam = (n: { start: number; end: number }) =>
        params.some((p) => wordPattern(p).test(source.slice(n.start, n.end)));
      // `mapping[kind](…)`, `mapping.get(kind)(…)`, or `cls = mapping[kind]` … `return cls(…)`.
      const picked = new Set(
        nodesOf(body, 'assignment')
          .filter((a) => {
            const right = fieldChild(a, 'right');
            return right && (right.type === 'subscript' || right.type === 'call') && usesParam(right);
          })
          .map((a) => textOf(fieldChild(a, 'left')!, source)),
      );
      const lookupCall =
        mapping &&
        nodesOf(body, 'call').find((c) => {
          const fn = fieldChild(c, 'function');
          if (!fn) return false;
          if ((fn.type === 'subscript' || fn.type === 'call') && usesParam(fn)) return true;
          return fn.type === 'identifier' && picked.has(textOf(fn, source));
        });
      if (mapping && lookupCall) {
        out.push({
          anchor: f,
          confidence: 0.8,
          evidence: [lineOf(mapping, source), lineOf(lookupCall, source)],
          participants: [{ found: f, role: 'factory' }],
        });
      }
    }
    return out;
  },
};
