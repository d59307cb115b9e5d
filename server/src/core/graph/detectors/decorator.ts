/**
 * Decorator: a function returning a wrapper around the callable it receives (with `functools.wraps`,
 * or forwarding `*args, **kwargs`), decorator factories included; and class decorators (a function
 * that takes a class, modifies it and returns it).
 */
import { fieldChild, textOf } from '../../syntax-tree';
import type { Detection, Detector } from './detector';
import { bodyOf, callsOf, defLine, lineOf, nodesOf, ownParameters, returnsOf } from './syntax-facts';
import { wrapperShape } from './wrapper-shape';

export const decorator: Detector = {
  id: 'decorator',
  name: 'Decorator',
  detect({ found, source }) {
    const out: Detection[] = [];
    const inner = new Set<unknown>();
    for (const f of found) {
      if (inner.has(f)) continue;
      const shape = wrapperShape(f, source);
      if (shape) {
        inner.add(shape.wrapper);
        for (const c of f.children) inner.add(c);
        out.push({
          anchor: f,
          confidence: shape.wraps ? 0.95 : 0.8,
          evidence: [
            defLine(f, source),
            ...(shape.wraps ? [lineOf(shape.wraps, source)] : []),
            defLine(shape.wrapper, source),
            ...(shape.call ? [lineOf(shape.call.node, source)] : []),
          ],
          participants: [
            { found: f, role: 'decorator' },
            { found: shape.wrapper, role: 'wrapper' },
          ],
        });
        continue;
      }
      // A class decorator: takes one parameter, sets attributes on it, returns it.
      const params = ownParameters(f);
      if (f.definition.kind !== 'function' || params.length !== 1) continue;
      const p = params[0]!;
      const returnsIt = returnsOf(f).some((r) => textOf(r, source) === p);
      const body = bodyOf(f);
      const modifies =
        body &&
        (nodesOf(body, 'assignment').find((a) =>
          new RegExp(`^${p}\\.\\w+$`).test(textOf(fieldChild(a, 'left')!, source)),
        ) ??
          callsOf(body, source).find(
            (c) => c.name === 'setattr' && new RegExp(`^setattr\\(\\s*${p}\\b`).test(textOf(c.node, source)),
          )?.node);
      const typeLike =
        /^(cls|klass|class_|kls|type_)$/.test(p) ||
        /\btype\b/.test(f.definition.parameters[0]?.annotation ?? '');
      if (returnsIt && modifies && typeLike) {
        out.push({
          anchor: f,
          confidence: 0.85,
          evidence: [defLine(f, source), lineOf(modifies, source)],
          participants: [{ found: f, role: 'class decorator' }],
        });
      }
    }
    return out;
  },
};
