/**
 * Manifest lint for commands (after vscode-codeql's command-lint): every command package.json declares
 * is titled "Motif: …" and named `motif.verbNoun`, every declared command is registered in
 * client/src/commands.ts, and every registered palette command is declared. The extension-host suite
 * checks the same against the running extension (`vscode.commands.getCommands`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClientCommands } from '../../shared/protocol';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const declared: { command: string; title: string }[] = manifest.contributes.commands;
const source = fs.readFileSync(path.join(ROOT, 'client/src/commands.ts'), 'utf8');

/** Keys of an object literal `export const NAME ... = { 'id': ..., [X.y]: ... }` in commands.ts. */
function keysOf(name: string): string[] {
  const start = source.indexOf(`export const ${name}`);
  const body = source.slice(start, source.indexOf('\n};', start));
  return [...body.matchAll(/^ {2}(?:'([\w.]+)'|\[ClientCommands\.(\w+)\]):/gm)].map(
    (m) => m[1] ?? ClientCommands[m[2] as keyof typeof ClientCommands],
  );
}

describe('command lint', () => {
  const palette = keysOf('PALETTE_COMMANDS');
  const internal = keysOf('INTERNAL_COMMANDS');

  it('reads the registrations (not vacuous)', () => {
    expect(palette).toContain('motif.reindexWorkspace');
    expect(internal).toContain('motif.showUsages');
  });

  it('titles every declared command "Motif: …" and names it motif.verbNoun', () => {
    for (const c of declared) {
      expect(c.title, c.command).toMatch(/^Motif: [A-Z]/);
      expect(c.command).toMatch(/^motif\.[a-z]+[A-Z][A-Za-z]*$/);
    }
  });

  it('registers every declared command and declares every palette command', () => {
    expect(declared.map((c) => c.command).sort()).toEqual([...palette].sort());
  });

  it('registers every command the server names in lenses and code actions', () => {
    expect([...palette, ...internal].sort()).toEqual(
      expect.arrayContaining(Object.values(ClientCommands).sort()),
    );
  });

  it('hides commands that need arguments from the palette', () => {
    const hidden = manifest.contributes.menus.commandPalette
      .filter((m: { when: string }) => m.when === 'false')
      .map((m: { command: string }) => m.command);
    expect(hidden).toEqual(['motif.openPatternLocation']);
  });
});
