/**
 * docs/protocol.md documents shared/protocol.ts: a hash of the protocol file is written in the doc,
 * so changing the protocol without revisiting the doc fails here (rust-analyzer's tidy check).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

describe('protocol documentation', () => {
  it('docs/protocol.md carries the hash of shared/protocol.ts', () => {
    const source = fs.readFileSync(path.join(ROOT, 'shared/protocol.ts'));
    const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
    const doc = fs.readFileSync(path.join(ROOT, 'docs/protocol.md'), 'utf8');
    const written = /^protocol\.ts hash: ([0-9a-f]+)$/m.exec(doc)?.[1];
    expect(
      written,
      `shared/protocol.ts changed: revisit docs/protocol.md, then set its hash line to ${hash}`,
    ).toBe(hash);
  });

  it('every motif/ method in shared/protocol.ts appears in docs/protocol.md', () => {
    const source = fs.readFileSync(path.join(ROOT, 'shared/protocol.ts'), 'utf8');
    const doc = fs.readFileSync(path.join(ROOT, 'docs/protocol.md'), 'utf8');
    const methods = [...source.matchAll(/method = '(motif\/[A-Za-z]+)'/g)].map((m) => m[1]!);
    expect(methods.length).toBeGreaterThan(5);
    expect(methods.filter((m) => !doc.includes(`\`${m}\``))).toEqual([]);
  });
});
