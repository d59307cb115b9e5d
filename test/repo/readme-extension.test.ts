/** The README documents every palette command and every setting package.json declares. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const hidden = new Set(
  manifest.contributes.menus.commandPalette
    .filter((m: { when: string }) => m.when === 'false')
    .map((m: { command: string }) => m.command),
);

describe('README', () => {
  it('names every palette command', () => {
    const titles: string[] = manifest.contributes.commands
      .filter((c: { command: string }) => !hidden.has(c.command))
      .map((c: { title: string }) => c.title.replace(/^Motif: /, ''));
    expect(titles.filter((t) => !readme.includes(t))).toEqual([]);
  });

  it('lists every setting', () => {
    const keys = Object.keys(manifest.contributes.configuration.properties);
    expect(keys.filter((k) => !readme.includes(`\`${k}\``))).toEqual([]);
  });

  it('shows the lenses and hover screenshot that exists', () => {
    expect(readme).toContain('](docs/images/lenses-and-hover.png)');
    expect(fs.existsSync(path.join(ROOT, 'docs/images/lenses-and-hover.png'))).toBe(true);
  });
});
