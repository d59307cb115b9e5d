/**
 * The architecture's boundaries as an ordinary test (ARCHITECTURE.md, "Boundaries"): every import of
 * every file is checked against its folder's rules, and a failure names the file and the specifier.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

interface Rule {
  folder: string;
  forbidden: RegExp[];
  /** Relative imports must stay inside these folders. */
  allowedRelative?: string[];
}

const RULES: Rule[] = [
  {
    folder: 'server/src/core',
    forbidden: [
      /^vscode/,
      /^tree-sitter/,
      /^web-tree-sitter$/,
      /^pg$/,
      /^@electric-sql\//,
      /^@qdrant\//,
      /^(node:)?fs(\/|$)/,
      /^(node:)?net$/,
      /^[a-z@]/,
    ],
    allowedRelative: ['server/src/core'],
  },
  {
    folder: 'server/src/syntax',
    forbidden: [/^vscode/, /^pg$/, /^@electric-sql\//],
    allowedRelative: ['server/src/syntax', 'server/src/core'],
  },
  {
    folder: 'server/src/storage',
    forbidden: [/^vscode/, /lsp\//],
    allowedRelative: ['server/src/storage', 'server/src/core', 'server/src/indexing/package-root'],
  },
  { folder: 'server/src/cli', forbidden: [/^vscode/, /\/lsp\//] },
  { folder: 'server/src/lsp', forbidden: [/^vscode$/, /\/cli\//] },
  {
    // The protocol library is the one package shared/ may use (protocol.ts only, checked below).
    folder: 'shared',
    forbidden: [/^vscode$/, /^(node:)/, /^(?!vscode-languageserver-protocol$)[a-z@]/],
    allowedRelative: ['shared'],
  },
  {
    // The client is thin: it never parses Python and never talks to a database (ARCHITECTURE.md, 5).
    folder: 'client/src',
    forbidden: [
      /^vscode-languageserver(\/|$)/,
      /^tree-sitter/,
      /^web-tree-sitter$/,
      /^pg$/,
      /^@electric-sql\//,
      /^@qdrant\//,
    ],
    allowedRelative: ['client/src', 'shared'],
  },
  {
    folder: 'server/src/dashboard',
    forbidden: [/^vscode/, /lsp\//],
    allowedRelative: [
      'server/src/dashboard',
      'server/src/core',
      'server/src/storage',
      'server/src/indexing/package-root',
      'server/src/export',
      'shared',
    ],
  },
  {
    // The dashboard page runs in a browser or a webview: no Node, no vscode, data only through shared/.
    folder: 'client/src/dashboard/page',
    forbidden: [/^vscode/, /^(node:)/, /server\//],
    allowedRelative: ['client/src/dashboard/page', 'shared'],
  },
];

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [
    ...text.matchAll(
      /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3]!);
}

describe('architecture boundaries', () => {
  for (const rule of RULES) {
    it(`${rule.folder} imports only what it may`, () => {
      const violations: string[] = [];
      for (const file of sourceFiles(path.join(ROOT, rule.folder))) {
        for (const spec of importsOf(file)) {
          const where = `${path.relative(ROOT, file)} imports '${spec}'`;
          if (spec.startsWith('.')) {
            const target = path.relative(ROOT, path.resolve(path.dirname(file), spec));
            if (
              rule.allowedRelative &&
              !rule.allowedRelative.some((a) => target === a || target.startsWith(`${a}/`))
            ) {
              violations.push(`${where} (outside ${rule.allowedRelative.join(', ')})`);
            }
            if (/(^|\/)(lsp|cli)(\/|$)/.test(target) && !rule.folder.endsWith(target.split('/')[2] ?? '')) {
              violations.push(`${where} (reaches into a front end)`);
            }
          } else if (rule.forbidden.some((f) => f.test(spec))) {
            violations.push(where);
          }
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it('only shared/protocol.ts imports the protocol library', () => {
    const users = sourceFiles(path.join(ROOT, 'shared'))
      .filter((f) => importsOf(f).some((s) => s.startsWith('vscode-languageserver-protocol')))
      .map((f) => path.relative(ROOT, f));
    expect(users.filter((f) => f !== 'shared/protocol.ts')).toEqual([]);
  });

  it('checks real files (the rules are not vacuous)', () => {
    expect(sourceFiles(path.join(ROOT, 'server/src/core')).length).toBeGreaterThan(10);
    expect(importsOf(path.join(ROOT, 'server/src/core/analyse-file.ts'))).toContain('./score');
    expect(sourceFiles(path.join(ROOT, 'shared')).length).toBeGreaterThan(0);
  });
});
