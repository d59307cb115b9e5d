/**
 * `motif/dashboard` against the real language server: the webview's calls answered from the store the
 * server indexed itself, and a malformed call refused as InvalidParams.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Overview, PatternPage } from '../../shared/dashboard';
import { type LspClient, makeWorkspace, startServer } from '../helpers/lsp-harness';

const SHAPES = `"""Shapes."""


class Shape:
    """A shape <script>alert(1)</script>."""

    def area(self) -> float:
        return 0.0


class Square(Shape):
    def area(self) -> float:
        return 4.0


def total(shapes: list) -> float:
    """Sum of areas."""
    return sum(s.area() for s in shapes)
`;

let client: LspClient;
let root: string;

beforeAll(async () => {
  root = makeWorkspace({ 'shapes.py': SHAPES });
  client = await startServer({ root });
  await client.waitReady();
  await client.connection.sendRequest('motif/reindex', {});
});

afterAll(async () => {
  await client?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('motif/dashboard', () => {
  it('answers the overview and a page of the table from the store', async () => {
    const overview = (await client.connection.sendRequest('motif/dashboard', {
      method: 'overview',
      params: {},
    })) as Overview;
    // Shape, Shape.area, Square, Square.area, total
    expect(overview.totals.patterns).toBe(5);
    const page = (await client.connection.sendRequest('motif/dashboard', {
      method: 'patterns',
      params: { filter: { search: 'script' }, sort: 'name', offset: 0, limit: 10 },
    })) as PatternPage;
    expect(page.rows.map((r) => r.qualifiedName)).toEqual(['Shape']);
  });

  it('refuses a malformed call with InvalidParams', async () => {
    await expect(
      client.connection.sendRequest('motif/dashboard', { method: 'patterns', params: { limit: -1 } }),
    ).rejects.toMatchObject({ code: -32602 });
  });
});
