/**
 * The pattern-detail grammar (`syntaxes/motif-pattern.tmLanguage.json`) tokenises a rendered document
 * as intended: headings, the quality total, component names, unknown values, file paths and tags.
 * Uses vscode-textmate with the oniguruma WASM, the same engine VS Code runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import { type IGrammar, INITIAL, Registry } from 'vscode-textmate';
import { renderPatternDetails } from '../../client/src/pattern-details';
import type { PatternDetail } from '../../shared/protocol';

const ROOT = path.resolve(__dirname, '../..');
let grammar: IGrammar;

beforeAll(async () => {
  const wasm = fs.readFileSync(path.join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    // source.python is VS Code's built-in grammar; a one-rule stand-in shows the signature embeds it.
    loadGrammar: async (scope) =>
      scope === 'source.motif-pattern'
        ? JSON.parse(fs.readFileSync(path.join(ROOT, 'syntaxes/motif-pattern.tmLanguage.json'), 'utf8'))
        : scope === 'source.python'
          ? {
              scopeName: 'source.python',
              patterns: [{ match: '\\bdef\\b', name: 'storage.type.function.python' }],
            }
          : null,
  });
  const loaded = await registry.loadGrammar('source.motif-pattern');
  if (!loaded) throw new Error('grammar did not load');
  grammar = loaded;
});

/** Each token's text with its innermost Motif or Python scope (tokens without one left out). */
function scopes(text: string): [string, string][] {
  let state = INITIAL;
  const out: [string, string][] = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      const scope = t.scopes.filter((s) => /\.(motif-pattern|python)$/.test(s)).at(-1);
      const piece = line.slice(t.startIndex, t.endIndex);
      if (scope && piece.trim()) out.push([piece.trim(), scope.replace(/\.motif-pattern$/, '')]);
    }
    state = r.ruleStack;
  }
  return out;
}

describe('motif-pattern grammar', () => {
  it('scopes a rendered pattern-detail document', () => {
    const detail: PatternDetail = {
      id: '3fdcc7f60d3d9878',
      name: 'fetch',
      qualifiedName: 'Client.fetch',
      kind: 'method',
      patternType: 'function_pattern',
      patternName: 'HTTP Fetch Method',
      category: 'http',
      filePath: 'app/client.py',
      uri: 'file:///w/app/client.py',
      range: { start: { line: 9, character: 4 }, end: { line: 20, character: 0 } },
      quality: 0.82,
      usageCount: 14,
      usageFiles: 6,
      designPatterns: [],
      signature: 'def fetch(self, url: str) -> bytes',
      docstring: 'Fetch a URL.',
      tags: ['http', 'retry'],
      dependencies: ['urllib.request'],
      components: [
        { name: 'complexity', score: 0.7, weight: 0.3, effectiveWeight: 0.375, evidence: 'CC 12 → 0.7' },
        { name: 'test_coverage', score: null, weight: 0.2, effectiveWeight: 0, evidence: 'no coverage data' },
      ],
      coverage: null,
      metrics: { cyclomatic: 12 },
      relationships: [{ kind: 'USES', targetName: 'retry', targetId: null, weight: 1 }],
      json: {},
    };
    const s = scopes(renderPatternDetails(detail));
    expect(s).toContainEqual(['Pattern', 'keyword.other.section']);
    expect(s).toContainEqual(['HTTP Fetch Method', 'entity.name.type.pattern']);
    expect(s).toContainEqual(['app/client.py', 'string.unquoted.path']);
    expect(s).toContainEqual([':10-21', 'constant.numeric.line']);
    expect(s).toContainEqual(['0.820', 'constant.numeric.quality']);
    expect(s).toContainEqual(['complexity', 'variable.other.component']);
    expect(s).toContainEqual(['→', 'keyword.operator.evidence']);
    expect(s).toContainEqual(['Fetch a URL.', 'string.quoted.docstring']);
    expect(s).toContainEqual(['retry', 'entity.name.tag']);
    expect(s).toContainEqual(['USES', 'storage.type.relationship']);
    expect(s.filter(([, scope]) => scope === 'comment.line.unknown').length).toBeGreaterThan(0);
    expect(s).toContainEqual(['Tags', 'keyword.other.section']);
    expect(s).toContainEqual(['Signature', 'keyword.other.section']);
    expect(s).toContainEqual(['def', 'storage.type.function.python']);
  });
});
