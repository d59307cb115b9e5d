/**
 * On real code, SIMILAR_TO edges kept up to date by incremental runs equal those of a fresh index of
 * the same files: a new file of copies, a file that gained a copy and a deleted file, one after the
 * other (the standard library's email and json packages: under 2000 patterns take part, so the full
 * run's search is exact and the two must agree). Ties at a pattern's k-th place may keep either pattern.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nullLogger, type PatternStore } from '../../server/src/core/ports';
import { indexWorkspace } from '../../server/src/indexing/index-workspace';
import { stdlibDir } from '../helpers/stdlib';
import { openTempStore, type TestStore } from '../helpers/storage';

type Edge = { source: string; target: string; confidence: number };

async function edgesOf(t: TestStore): Promise<Edge[]> {
  return t.sql.query<Edge>(
    `SELECT source_id AS source, target_id AS target, confidence
     FROM relationships WHERE type = 'SIMILAR_TO' ORDER BY source_id, confidence DESC, target_id`,
  );
}

/**
 * The differences between two edge sets, ties allowed: per source the same similarities, and the same
 * targets above the source's weakest edge (at the weakest, equal similarities may pick either target).
 */
function differences(a: Edge[], b: Edge[]): string[] {
  const bySource = (edges: Edge[]) => {
    const map = new Map<string, Edge[]>();
    for (const e of edges) map.set(e.source, [...(map.get(e.source) ?? []), e]);
    return map;
  };
  const left = bySource(a);
  const right = bySource(b);
  const out: string[] = [];
  for (const source of new Set([...left.keys(), ...right.keys()])) {
    const l = left.get(source) ?? [];
    const r = right.get(source) ?? [];
    const scores = (es: Edge[]) => es.map((e) => e.confidence).join(',');
    if (scores(l) !== scores(r)) {
      out.push(`${source}: ${scores(l)} against ${scores(r)}`);
      continue;
    }
    const weakest = Math.min(...l.map((e) => e.confidence));
    const above = (es: Edge[]) =>
      es
        .filter((e) => e.confidence > weakest)
        .map((e) => e.target)
        .sort()
        .join(',');
    if (above(l) !== above(r)) out.push(`${source}: ${above(l)} against ${above(r)}`);
  }
  return out;
}

/** The text of top-level function `name` in `file`, renamed to `as`. */
function functionText(file: string, name: string, as: string): string {
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf(`\ndef ${name}(`);
  if (start < 0) throw new Error(`no function ${name} in ${file}`);
  const end = text.slice(start + 1).search(/\n(def|class|[A-Za-z_])/);
  return text.slice(start + 1, end < 0 ? undefined : start + 1 + end).replace(`def ${name}(`, `def ${as}(`);
}

let root: string;
const stores: TestStore[] = [];

const run = (store: PatternStore) =>
  indexWorkspace({ root, store, repository: 'stdlib', jobs: 1, workerScript: null, logger: nullLogger });

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-similar-incremental-'));
  for (const pkg of ['email', 'json'])
    fs.cpSync(path.join(stdlibDir(), pkg), path.join(root, pkg), { recursive: true });
});

afterAll(async () => {
  for (const t of stores) await t.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('incremental SIMILAR_TO edges on real code', () => {
  it('equal a fresh index after each edit', async () => {
    const kept = await openTempStore();
    stores.push(kept);
    const first = await run(kept.store);
    expect(first.similarTo).toMatchObject({ full: true });
    expect(first.similarTo!.patterns).toBeGreaterThan(100);
    expect(first.similarTo!.patterns).toBeLessThan(2000); // the full run's search is exact

    const utils = path.join(root, 'email/utils.py');
    const edits: [string, () => void][] = [
      [
        // Six copies of formataddr with one statement more: each copy's five nearest are the other
        // copies (1.0), yet each is closer to formataddr than its old neighbours, so formataddr's five
        // nearest change though no copy lists it.
        'a new file of copies',
        () =>
          fs.writeFileSync(
            path.join(root, 'copies.py'),
            Array.from({ length: 6 }, (_, i) =>
              functionText(utils, 'formataddr', `format_address_${i}`).replace(
                /:\n/,
                ':\n    checked = True\n',
              ),
            ).join('\n\n'),
          ),
      ],
      [
        'a file that gained a copy',
        () =>
          fs.appendFileSync(
            path.join(root, 'json/tool.py'),
            `\n\n${functionText(utils, 'parsedate_to_datetime', 'parse_date')}`,
          ),
      ],
      ['a deleted file', () => fs.rmSync(path.join(root, 'email/quoprimime.py'))],
    ];
    for (const [edit, apply] of edits) {
      apply();
      const summary = (await run(kept.store)).similarTo!;
      expect(summary.full, edit).toBe(false);
      const fresh = await openTempStore();
      stores.push(fresh);
      expect((await run(fresh.store)).similarTo!.full).toBe(true);
      const freshEdges = await edgesOf(fresh);
      expect(freshEdges.length).toBeGreaterThan(50);
      expect(differences(await edgesOf(kept), freshEdges), edit).toEqual([]);
    }
  }, 300_000);
});
