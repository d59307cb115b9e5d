/**
 * Usage counts and USES / EXTENDS edges on a small multi-file package, against counts made by hand
 * (test/fixtures/graph-package): aliases, relative imports, re-exports in `__init__.py`, methods called
 * through `self` and inherited from a base in another file, subclasses across files; then re-indexing
 * one edited file updates its edges and the usage of what it stopped referencing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nullLogger } from '../../server/src/core/ports';
import { indexWorkspace } from '../../server/src/indexing/index-workspace';
import { openTempStore, type TestStore } from '../helpers/storage';

const FIXTURE = path.resolve(__dirname, '../fixtures/graph-package');

// Hand counts: reference sites outside the definition itself, and the distinct files they are in.
const USAGE: Record<string, [sites: number, files: number]> = {
  'shop/models.py:Base': [3, 2], // two `class X(Base)` in models.py, `isinstance(order, Base)` in app.py
  'shop/models.py:Base.save': [2, 2], // `self.save()` in Order.add and in SpecialOrder.add (both inherited)
  'shop/models.py:Base.validate': [1, 1], // `self.validate()` in Base.save
  'shop/models.py:Item': [2, 2], // `LineItem()` in app.py (alias re-exported), `m.Item()` in billing.py
  'shop/models.py:Item.total': [0, 0], // only called on instances (`i.total()`): not resolved
  'shop/models.py:Order': [4, 2], // app.py: base, `Order.total`; billing.py: annotation, `m.Order()`
  'shop/models.py:Order.__init__': [0, 0],
  'shop/models.py:Order.add': [0, 0],
  'shop/models.py:Order.total': [1, 1], // `Order.total(order)` through the re-export
  'shop/services/billing.py:charge': [2, 2], // app.py through the re-export, refund in its own file
  'shop/services/billing.py:refund': [0, 0],
  'shop/util.py:fee': [1, 1], // `u.fee()` through `import shop.util as u`
  'shop/util.py:unused': [0, 0],
  'shop/util.py:ShopError': [0, 0],
  'app.py:SpecialOrder': [1, 1],
  'app.py:SpecialOrder.add': [0, 0],
  'app.py:main': [0, 0],
};

// Resolved USES edges (source → target), by hand.
const USES = [
  'shop/models.py:Base.save → shop/models.py:Base.validate',
  'shop/models.py:Order.add → shop/models.py:Base.save',
  'app.py:SpecialOrder.add → shop/models.py:Base.save',
  'app.py:main → app.py:SpecialOrder',
  'app.py:main → shop/models.py:Item',
  'app.py:main → shop/models.py:Order.total',
  'app.py:main → shop/services/billing.py:charge',
  'app.py:main → shop/models.py:Base',
  'shop/services/billing.py:charge → shop/models.py:Order',
  'shop/services/billing.py:charge → shop/util.py:fee',
  'shop/services/billing.py:refund → shop/models.py:Order',
  'shop/services/billing.py:refund → shop/models.py:Item',
  'shop/services/billing.py:refund → shop/services/billing.py:charge',
].sort();

const EXTENDS = [
  'shop/models.py:Item → shop/models.py:Base',
  'shop/models.py:Order → shop/models.py:Base',
  'app.py:SpecialOrder → shop/models.py:Order',
  'shop/util.py:ShopError → Exception',
].sort();

interface Row {
  key: string;
  usage_count: number;
  usage_files: number;
}

let t: TestStore;
let root: string;

const index = () =>
  indexWorkspace({
    root,
    store: t.store,
    repository: 'fixture',
    jobs: 1,
    workerScript: null,
    logger: nullLogger,
  });

async function usage(): Promise<Record<string, [number, number]>> {
  const rows = await t.sql.query<Row>(
    `SELECT file_path || ':' || qualified_name AS key, usage_count, usage_files FROM patterns
     WHERE pattern_type <> 'design_pattern'`,
  );
  return Object.fromEntries(rows.map((r) => [r.key, [r.usage_count, r.usage_files]]));
}

async function edges(type: string, guesses: boolean): Promise<string[]> {
  const rows = await t.sql.query<{ edge: string }>(
    `SELECT s.file_path || ':' || s.qualified_name || ' → ' ||
            coalesce(d.file_path || ':' || d.qualified_name, r.target_name) AS edge
     FROM relationships r JOIN patterns s ON s.id = r.source_id LEFT JOIN patterns d ON d.id = r.target_id
     WHERE r.type = $1 AND r.is_guess = $2`,
    [type, guesses],
  );
  return rows.map((r) => r.edge).sort();
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-graph-'));
  fs.cpSync(FIXTURE, root, { recursive: true });
  t = await openTempStore();
  await index();
});
afterAll(async () => {
  await t.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the graph pass on a multi-file package', () => {
  it('counts usage as counted by hand', async () => {
    expect(await usage()).toEqual(USAGE);
  });

  it('builds the resolved USES edges counted by hand, all with confidence 1', async () => {
    expect(await edges('USES', false)).toEqual(USES);
    const [row] = await t.sql.query<{ min: number }>(
      `SELECT min(confidence) AS min FROM relationships WHERE type = 'USES' AND NOT is_guess`,
    );
    expect(row!.min).toBe(1);
  });

  it('marks name-only guesses with a lower confidence', async () => {
    // `i.total()` in Order.total: one other method named total; `order.total()` in charge: two.
    expect(await edges('USES', true)).toEqual(
      [
        'shop/models.py:Order.total → shop/models.py:Item.total',
        'shop/services/billing.py:charge → shop/models.py:Item.total',
        'shop/services/billing.py:charge → shop/models.py:Order.total',
      ].sort(),
    );
    const rows = await t.sql.query<{ confidence: number }>(
      `SELECT confidence FROM relationships WHERE is_guess ORDER BY confidence`,
    );
    expect(rows.map((r) => r.confidence)).toEqual([0.3, 0.3, 0.5]);
  });

  it('resolves inheritance across files and keeps external bases by name', async () => {
    expect(await edges('EXTENDS', false)).toEqual(EXTENDS);
  });

  it('composes each class of its methods', async () => {
    const composed = await edges('COMPOSED_OF', false);
    expect(composed).toEqual(
      [
        'shop/models.py:Base → shop/models.py:Base.save',
        'shop/models.py:Base → shop/models.py:Base.validate',
        'shop/models.py:Item → shop/models.py:Item.total',
        'shop/models.py:Order → shop/models.py:Order.__init__',
        'shop/models.py:Order → shop/models.py:Order.add',
        'shop/models.py:Order → shop/models.py:Order.total',
        'app.py:SpecialOrder → app.py:SpecialOrder.add',
      ].sort(),
    );
  });

  it('re-indexing one edited file updates its edges and the usage of what it stops referencing', async () => {
    const app = path.join(root, 'app.py');
    fs.writeFileSync(app, fs.readFileSync(app, 'utf8').replace('return charge(order)', 'return 1'));
    const summary = await index();
    expect(summary.filesIndexed).toBe(1);
    const after = await usage();
    expect(after['shop/services/billing.py:charge']).toEqual([1, 1]);
    expect(after['shop/models.py:Order']).toEqual([4, 2]);
    expect(await edges('USES', false)).toEqual(
      USES.filter((e) => e !== 'app.py:main → shop/services/billing.py:charge'),
    );
  });
});
