/**
 * Validation decorator / validator: a decorator whose wrapper checks its arguments and raises before
 * calling the wrapped function; a model validator (`@validator`, `@field_validator`,
 * `@model_validator`, `@root_validator`, `@validates`); or a function made of guard clauses
 * (at least two `if …: raise ValueError/TypeError/…Error`, forming most of its body).
 */
import type { FoundDefinition } from '../../extract/definitions';
import { fieldChild, type SyntaxNode, textOf } from '../../syntax-tree';
import type { Detection, Detector } from './detector';
import { bodyOf, decoratorNode, defLine, lineOf } from './syntax-facts';
import { wrapperShape } from './wrapper-shape';

const MODEL_VALIDATORS = [
  'validator',
  'field_validator',
  'model_validator',
  'root_validator',
  'validates',
  'validates_schema',
];
const VALIDATION_ERROR = /^raise\s+(ValueError|TypeError|\w*Validation\w*|\w*Invalid\w*|AssertionError)\b/;

/** `if …: raise ValueError(…)` statements directly in a block. */
function guards(block: SyntaxNode | undefined, source: string): SyntaxNode[] {
  if (!block) return [];
  return block.children.filter((s) => {
    if (s.type !== 'if_statement') return false;
    const consequence = fieldChild(s, 'consequence');
    const stmts = consequence?.children.filter((c) => c.named && c.type !== 'comment') ?? [];
    return (
      stmts.length === 1 &&
      stmts[0]!.type === 'raise_statement' &&
      VALIDATION_ERROR.test(textOf(stmts[0]!, source))
    );
  });
}

function statements(block: SyntaxNode | undefined): SyntaxNode[] {
  return (block?.children ?? []).filter(
    (c) =>
      c.named &&
      c.type !== 'comment' &&
      !(c.type === 'expression_statement' && c.children[0]?.type === 'string'),
  );
}

export const validator: Detector = {
  id: 'validator',
  name: 'Validator',
  detect({ found, source }) {
    const out: Detection[] = [];
    const seen = new Set<FoundDefinition>();
    for (const f of found) {
      if (f.definition.kind === 'class' || seen.has(f)) continue;
      const shape = wrapperShape(f, source);
      if (shape) {
        const checks = guards(bodyOf(shape.wrapper), source);
        const loops = bodyOf(shape.wrapper)?.children.filter((c) => c.type === 'for_statement') ?? [];
        const loopChecks = loops.flatMap((l) => guards(fieldChild(l, 'body'), source));
        const all = [...checks, ...loopChecks];
        if (all.length > 0) {
          seen.add(shape.wrapper);
          out.push({
            anchor: f,
            confidence: 0.9,
            evidence: [defLine(f, source), ...all.slice(0, 3).map((g) => lineOf(g, source))],
            participants: [
              { found: f, role: 'validation decorator' },
              { found: shape.wrapper, role: 'checking wrapper' },
            ],
          });
        }
        continue;
      }
      const model = decoratorNode(f, MODEL_VALIDATORS, source);
      if (model) {
        out.push({
          anchor: f,
          confidence: 0.9,
          evidence: [lineOf(model, source), defLine(f, source)],
          participants: [{ found: f, role: 'field validator' }],
        });
        continue;
      }
      const body = bodyOf(f);
      const checks = guards(body, source);
      if (checks.length >= 2 && checks.length * 2 >= statements(body).length) {
        out.push({
          anchor: f,
          confidence: 0.8,
          evidence: [defLine(f, source), ...checks.slice(0, 3).map((g) => lineOf(g, source))],
          participants: [{ found: f, role: 'validator' }],
        });
      }
    }
    return out;
  },
};
