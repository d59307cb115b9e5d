/**
 * Error-handling wrapper: a wrapper (decorator or plain function) that calls the callable it receives
 * inside a try/except and handles the failure (logs, converts, returns a fallback) — without
 * retrying it in a loop, which is the retry pattern.
 */
import type { FoundDefinition } from '../../extract/definitions';
import { fieldChild } from '../../syntax-tree';
import type { Detection, Detector } from './detector';
import { bodyOf, callsOf, defLine, lineOf, nodesOf, ownParameters } from './syntax-facts';
import { wrapperShape } from './wrapper-shape';

function guardedCall(f: FoundDefinition, callable: string, source: string) {
  const body = bodyOf(f);
  if (!body || nodesOf(body, new Set(['for_statement', 'while_statement'])).length > 0) return null;
  for (const t of nodesOf(body, 'try_statement')) {
    const handlers = nodesOf(t, 'except_clause');
    const call = callsOf(fieldChild(t, 'body'), source).find((c) => c.name === callable);
    if (call && handlers.length > 0) return { t, handler: handlers[0]!, call };
  }
  return null;
}

export const errorHandler: Detector = {
  id: 'error_handler',
  name: 'Error-handling wrapper',
  detect({ found, source }) {
    const out: Detection[] = [];
    for (const f of found) {
      if (f.definition.kind === 'class') continue;
      const shape = wrapperShape(f, source);
      const target = shape ? shape.wrapper : f;
      const callables = shape
        ? [shape.wrapped]
        : ownParameters(f).filter((p) =>
            /^(fn|func|function|callback|cb|op|operation|action|handler|call|target|task|coro)\w*$/.test(p),
          );
      for (const callable of callables) {
        const guarded = guardedCall(target, callable, source);
        if (!guarded) continue;
        out.push({
          anchor: f,
          confidence: shape ? 0.9 : 0.8,
          evidence: [defLine(f, source), lineOf(guarded.call.node, source), lineOf(guarded.handler, source)],
          participants: [
            { found: f, role: 'error handler' },
            ...(shape ? [{ found: shape.wrapper, role: 'guarded wrapper' }] : []),
          ],
        });
        break;
      }
    }
    return out;
  },
};
