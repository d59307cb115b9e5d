/**
 * Database transaction manager: code that commits on success and rolls back on failure — a context
 * manager (`__exit__` or `@contextmanager`) or a function whose `rollback()` sits in an except clause
 * or exit path while `commit()` is on the normal path.
 */
import type { FoundDefinition } from '../../extract/definitions';
import type { Detection, Detector } from './detector';
import { bodyOf, callsOf, decoratorNode, defLine, lineOf, methodsOf, nodesOf } from './syntax-facts';

const COMMIT = /\.(commit|commit_transaction)$/;
const ROLLBACK = /\.(rollback|abort|abort_transaction)$/;

export const transactionManager: Detector = {
  id: 'transaction_manager',
  name: 'Transaction manager',
  detect({ found, source }) {
    const out: Detection[] = [];
    for (const f of found) {
      if (f.definition.kind === 'method') continue;
      let scopes: FoundDefinition[] = [f];
      let isContext = decoratorNode(f, ['contextmanager', 'asynccontextmanager'], source) !== undefined;
      if (f.definition.kind === 'class') {
        const m = methodsOf(f);
        const exit = m.get('__exit__') ?? m.get('__aexit__');
        if (!exit) continue;
        isContext = true;
        scopes = [...m.values()];
      }
      const calls = scopes.flatMap((s) => callsOf(bodyOf(s), source));
      const commit = calls.find((c) => c.name !== null && COMMIT.test(c.name));
      const rollback = calls.find((c) => c.name !== null && ROLLBACK.test(c.name));
      if (!commit || !rollback) continue;
      // The rollback must be the failure path: inside an except clause, or in __exit__ of a manager.
      const inExcept = scopes.some((s) =>
        nodesOf(bodyOf(s)!, 'except_clause').some(
          (e) => e.start <= rollback.node.start && rollback.node.end <= e.end,
        ),
      );
      if (!inExcept && !(f.definition.kind === 'class' && isContext)) continue;
      out.push({
        anchor: f,
        confidence: isContext ? 0.95 : 0.8,
        evidence: [defLine(f, source), lineOf(commit.node, source), lineOf(rollback.node, source)],
        participants: [{ found: f, role: 'transaction manager' }],
      });
    }
    return out;
  },
};
