/**
 * Retry: a loop around a try/except whose attempts are spaced by a sleep or backoff call
 * (`time.sleep`, `asyncio.sleep`, `backoff…`) — the operation is tried again after a failure.
 */
import { fieldChild } from '../../syntax-tree';
import type { Detection, Detector } from './detector';
import { bodyOf, callsOf, lineOf, nodesOf } from './syntax-facts';

const SLEEP = /(^|\.)(sleep|backoff\w*|wait_exponential|delay)$/;

export const retry: Detector = {
  id: 'retry',
  name: 'Retry',
  detect({ found, source }) {
    const out: Detection[] = [];
    for (const f of found) {
      const body = bodyOf(f);
      if (!body || f.definition.kind === 'class') continue;
      for (const loop of nodesOf(body, new Set(['for_statement', 'while_statement']))) {
        const tries = nodesOf(fieldChild(loop, 'body') ?? loop, 'try_statement');
        const attempt = tries.find(
          (t) => nodesOf(t, 'except_clause').length > 0 && callsOf(t, source).length > 0,
        );
        const sleep = callsOf(loop, source).find((c) => c.name !== null && SLEEP.test(c.name));
        if (!attempt || !sleep) continue;
        out.push({
          anchor: f,
          confidence: 0.9,
          evidence: [lineOf(loop, source), lineOf(attempt, source), lineOf(sleep.node, source)],
          participants: [{ found: f, role: 'retrying operation' }],
        });
        break;
      }
    }
    return out;
  },
};
